import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
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
 * A token in the exact form `sign` writes (header `{"alg":"HS256"}`, the only header it emits) is
 * checked by `verifyOwnForm` below: one HMAC, one string compare and one JSON.parse, about half of
 * jose's path, whose header parsing, claim-set validation and buffer copies were 7% of the server's
 * CPU under a crowd of new shoppers (docs/benchmarks.md). Any other header goes through jose, so a
 * token is never accepted here that jose would refuse (a property test holds the two together).
 *
 * Verified tokens are also remembered (keyed by the whole token string, so a changed byte is a
 * miss) for at most a minute and never past their `exp`; only successes are cached. A shopper's
 * token is reused across browsing, cart, queue polls and the claim, so a session pays one verify.
 */
export function createTokenService(secret: string, now: () => number = Date.now): TokenService {
  const secretBytes = Buffer.from(secret, 'utf8');
  const key = createSecretKey(secretBytes);
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
      // Only successes are remembered, for at most a minute and never past the token's own expiry.
      const remember = (shopperId: string, expires: number) => {
        verified.set(token, { shopperId, until: Math.min(expires, at + VERIFIED_TTL_MS) });
        return { shopperId };
      };
      const known = verified.get(token);
      if (known !== undefined) {
        if (known.until > at) return { shopperId: known.shopperId };
        verified.delete(token);
      }
      if (token.startsWith(OWN_HEADER)) {
        const claims = verifyOwnForm(token, secretBytes, at);
        return claims === undefined ? undefined : remember(claims.shopperId, claims.expires);
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          algorithms: ['HS256'],
          currentDate: new Date(at),
        });
        if (typeof payload.sub !== 'string') return undefined;
        return remember(
          payload.sub,
          typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY,
        );
      } catch {
        return undefined;
      }
    },
  };
}

/** The first segment and its dot of every token `sign` writes: base64url of `{"alg":"HS256"}`. */
const OWN_HEADER = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.`;

/**
 * Verifies a token whose header is `OWN_HEADER`: exactly three segments, the signature segment
 * equal (in constant time) to the canonical base64url of HMAC-SHA256 over the first two, and a
 * payload with our issuer, a non-empty string subject, a numeric `exp` after now and, when
 * present, a numeric `iat` and an `nbf` not in the future. jose's rules for the same claims:
 * `exp <= now` in whole seconds is expired.
 */
function verifyOwnForm(
  token: string,
  secret: Buffer,
  at: number,
): { readonly shopperId: string; readonly expires: number } | undefined {
  const signed = token.lastIndexOf('.');
  if (signed <= OWN_HEADER.length || token.indexOf('.', OWN_HEADER.length) !== signed) return undefined;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(token.slice(0, signed)).digest('base64url'),
  );
  const given = Buffer.from(token.slice(signed + 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token.slice(OWN_HEADER.length, signed), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const { iss, sub, exp, iat, nbf } = payload as Record<string, unknown>;
  const seconds = Math.floor(at / 1000);
  if (iss !== ISSUER || typeof sub !== 'string' || sub === '') return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= seconds) return undefined;
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) return undefined;
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf) || nbf > seconds))
    return undefined;
  return { shopperId: sub, expires: exp * 1000 };
}
