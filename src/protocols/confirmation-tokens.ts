import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { ConfirmableAction } from '../assistant/tools/pending-confirmation.js';

/** How long an agent has to bring back the shopper's yes. */
export const CONFIRMATION_LIFETIME_SECONDS = 15 * 60;

const AUDIENCE = 'rushcart:agent-confirmation';

/** A token's promise: this shopper saw this action with these arguments, and `facts` as shown. */
export interface Confirmation {
  /** Single-use name of the confirmed action; the effect's idempotency key is derived from it. */
  readonly nonce: string;
  /** What the summary showed that the effect must still match (the total, the lines returned). */
  readonly facts: Readonly<Record<string, unknown>>;
}

/** Why a token was refused; each is a stable error code the agent can act on. */
export type ConfirmationRefusal = 'CONFIRMATION_INVALID' | 'CONFIRMATION_EXPIRED' | 'CONFIRMATION_MISMATCH';

/**
 * Signed, stateless confirmation tokens for outside agents. A money action called without a token
 * answers with a summary and a token; only the same shopper calling the same action with the same
 * arguments and that token carries it out. Tokens are HS256 JWTs under a key derived from the
 * server secret for this purpose alone, so a shopper session token never passes as one, nor one
 * as a session token.
 */
export interface ConfirmationTokens {
  issue(
    shopperId: string,
    action: ConfirmableAction,
    argsHash: string,
    facts: Readonly<Record<string, unknown>>,
  ): Promise<{ token: string; expiresAt: string }>;
  verify(
    token: string,
    shopperId: string,
    action: ConfirmableAction,
    argsHash: string,
  ): Promise<{ ok: true; confirmation: Confirmation } | { ok: false; code: ConfirmationRefusal }>;
}

/** Builds the token service over the server's signing secret. */
export function createConfirmationTokens(secret: string): ConfirmationTokens {
  const key = createSecretKey(createHmac('sha256', secret).update(AUDIENCE).digest());
  return {
    async issue(shopperId, action, argsHash, facts) {
      const expiresAt = Math.floor(Date.now() / 1000) + CONFIRMATION_LIFETIME_SECONDS;
      const token = await new SignJWT({ act: action, h: argsHash, facts })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(shopperId)
        .setAudience(AUDIENCE)
        .setJti(randomBytes(12).toString('base64url'))
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
    },
    async verify(token, shopperId, action, argsHash) {
      try {
        const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, algorithms: ['HS256'] });
        if (payload.sub !== shopperId || payload.act !== action || typeof payload.jti !== 'string') {
          return { ok: false, code: 'CONFIRMATION_INVALID' };
        }
        if (payload.h !== argsHash) return { ok: false, code: 'CONFIRMATION_MISMATCH' };
        const facts =
          typeof payload.facts === 'object' && payload.facts !== null
            ? (payload.facts as Record<string, unknown>)
            : {};
        return { ok: true, confirmation: { nonce: payload.jti, facts } };
      } catch (error) {
        return {
          ok: false,
          code: error instanceof errors.JWTExpired ? 'CONFIRMATION_EXPIRED' : 'CONFIRMATION_INVALID',
        };
      }
    },
  };
}
