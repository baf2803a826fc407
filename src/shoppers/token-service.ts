import { jwtVerify, SignJWT } from 'jose';

/** What a verified shopper token says. */
export interface ShopperClaims {
  readonly shopperId: string;
}

/** Signs and verifies shopper session tokens (HS256). */
export interface TokenService {
  sign(claims: ShopperClaims): Promise<string>;
  /** The claims of a valid token, or undefined for anything forged, expired or malformed. */
  verify(token: string): Promise<ShopperClaims | undefined>;
}

const ISSUER = 'rushcart';
const SESSION_LIFETIME = '30d';

/** Creates the token service over a shared secret (at least 32 bytes). */
export function createTokenService(secret: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async sign({ shopperId }) {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(shopperId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(SESSION_LIFETIME)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        return typeof payload.sub === 'string' ? { shopperId: payload.sub } : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
