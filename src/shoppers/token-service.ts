import { createSecretKey } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';

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
/** How long a verified token is trusted from memory before its signature is checked again. */
const VERIFIED_TTL_MS = 60_000;
/** Verified tokens remembered at most; the least recently used is dropped first. */
const VERIFIED_MAX = 50_000;

/**
 * Creates the token service over a shared secret (at least 32 bytes). The key is a node:crypto
 * KeyObject, so jose 5 checks HS256 with node's HMAC on the calling thread: 11 us of CPU per
 * verify on the 2-core host, against 65-75 us for jose 6, whose only path is WebCrypto (a
 * thread-pool job per call). In a flash crowd every arrival is a new shopper, so nearly every
 * claim pays one verify (see docs/benchmarks.md).
 *
 * Verified tokens are also remembered (keyed by the whole token string, so a changed byte is a
 * miss) for at most a minute and never past their `exp`; only successes are cached. A shopper's
 * token is reused across browsing, cart, queue polls and the claim, so a session pays one verify.
 */
export function createTokenService(secret: string, now: () => number = Date.now): TokenService {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // lru-cache, not a Map re-inserted on use: evicting a Map's oldest key with keys().next() scans
  // past every deleted entry, 14 us per new token once the map was full (a crowd is all new
  // tokens) against 0.65 us here (docs/benchmarks.md).
  const verified = new LRUCache<string, { readonly shopperId: string; readonly until: number }>({
    max: VERIFIED_MAX,
  });
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
      const at = now();
      const known = verified.get(token);
      if (known !== undefined) {
        if (known.until > at) return { shopperId: known.shopperId };
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          algorithms: ['HS256'],
          currentDate: new Date(at),
        });
        if (typeof payload.sub !== 'string') return undefined;
        const expires = typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY;
        verified.set(token, { shopperId: payload.sub, until: Math.min(expires, at + VERIFIED_TTL_MS) });
        return { shopperId: payload.sub };
      } catch {
        return undefined;
      }
    },
  };
}
