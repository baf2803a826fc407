import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { consumeLimit, makeLimiter } from '../admission/identity-limits.js';
import { checkEmail, normalizeEmail } from '../fraud/email-address.js';
import { AppError } from '../shared/app-error.js';
import { isLoopback } from '../shared/loopback.js';
import type { Mailer } from './mail/mailer.js';

/** The code last sent to an address. */
export interface EmailCode {
  readonly emailKey: string;
  /** The session that asked for it: only that session may use it. */
  readonly shopperId: string;
  readonly email: string;
  readonly codeHash: string;
  readonly attempts: number;
  readonly sentAt: number;
  readonly expiresAt: number;
}

/** Persists codes and verified addresses. */
export interface VerificationStore {
  saveCode(code: Omit<EmailCode, 'attempts'>): Promise<void>;
  findCode(emailKey: string): Promise<EmailCode | undefined>;
  countAttempt(emailKey: string): Promise<void>;
  /**
   * Spends the code and binds the address to `shopperId` unless another shopper holds it; returns
   * the address's shopper (the holder, or `shopperId`), or undefined when `shopperId` already
   * holds another address.
   */
  bind(input: {
    emailKey: string;
    email: string;
    shopperId: string;
    at: number;
  }): Promise<string | undefined>;
}

/** What a successful verification gives: the shopper the address belongs to. */
export interface Verification {
  readonly shopperId: string;
  readonly email: string;
  /** True when the address already belonged to another shopper: the session signs in as them. */
  readonly signedIn: boolean;
}

/** E-mail one-time codes: the way a guest becomes a verified shopper, one per mailbox. */
export interface EmailVerification {
  /** Mails a code; `ip` is the asker's address, for the per-address mail limit (loopback is not limited). */
  sendCode(shopperId: string, email: string, ip?: string): Promise<{ readonly expiresAt: number }>;
  verify(shopperId: string, email: string, code: string): Promise<Verification>;
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;
/** A new code for the same address at most this often. */
const RESEND_AFTER_MS = 60 * 1000;
/** Wrong codes an address may take before its code is dead. */
const MAX_ATTEMPTS = 5;

/**
 * Sends and checks six-digit codes. Codes are stored only as an HMAC under the server's secret,
 * bound to the session that asked, and die after ten minutes or five wrong tries. A verified
 * address belongs to one shopper: verifying it from another session signs that session in as its
 * holder, so respelling an address or opening new sessions never makes a second shopper of one
 * mailbox.
 */
export function createEmailVerification(dependencies: {
  readonly store: VerificationStore;
  readonly mailer: Mailer;
  readonly secret: string;
  /** A new shopper for a session whose shopper already verified another address. */
  readonly newShopper: () => Promise<string>;
  /** Told the shopper a verification bound or signed in as, so caches of their facts refresh. */
  readonly onVerified?: (shopperId: string) => void;
  /** Shared limits (Redis when configured): codes a session, and an address, may have mailed per hour. */
  readonly limits?: {
    readonly redis?: Redis | undefined;
    readonly perSession?: number;
    readonly perIp?: number;
  };
  readonly now?: () => number;
}): EmailVerification {
  const { store, mailer, secret } = dependencies;
  const now = dependencies.now ?? Date.now;
  // Mail is the one thing a guest can make us send to anyone: a session may mail a few
  // addresses an hour, an address (a script's machine) a few dozen.
  const perSession = makeLimiter(
    'email-codes-session',
    { points: dependencies.limits?.perSession ?? 5, durationSeconds: 3600 },
    dependencies.limits?.redis,
  );
  const perIp = makeLimiter(
    'email-codes-ip',
    { points: dependencies.limits?.perIp ?? 30, durationSeconds: 3600 },
    dependencies.limits?.redis,
  );
  const hash = (emailKey: string, code: string) =>
    createHmac('sha256', secret).update(`email-code\n${emailKey}\n${code}`).digest('hex');

  return {
    async sendCode(shopperId, input, ip) {
      const email = checkEmail(input);
      if ('refusal' in email) throw new AppError(email.refusal);
      const at = now();
      const last = await store.findCode(email.key);
      if (last !== undefined && at - last.sentAt < RESEND_AFTER_MS) {
        throw new AppError('RATE_LIMITED', 'A code was sent to this address a moment ago; check your mail.', {
          retryAfterSeconds: Math.ceil((last.sentAt + RESEND_AFTER_MS - at) / 1000),
        });
      }
      for (const [limiter, key] of [
        [perSession, shopperId],
        [perIp, ip === undefined || isLoopback(ip) ? undefined : ip],
      ] as const) {
        if (key === undefined) continue;
        const verdict = await consumeLimit(limiter, key);
        if (!verdict.ok) {
          throw new AppError('RATE_LIMITED', 'Too many codes were mailed from here; try again later.', {
            retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
          });
        }
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = at + CODE_LIFETIME_MS;
      await store.saveCode({
        emailKey: email.key,
        shopperId,
        email: email.address,
        codeHash: hash(email.key, code),
        sentAt: at,
        expiresAt,
      });
      await mailer.send({
        to: email.address,
        subject: `Your Rushcart code: ${code}`,
        text: `Your code is ${code}. It works for 10 minutes, in the session that asked for it.\n\nIf you did not ask for it, ignore this mail.`,
      });
      return { expiresAt };
    },

    async verify(shopperId, input, code) {
      const email = normalizeEmail(input);
      const stored = email === undefined ? undefined : await store.findCode(email.key);
      if (email === undefined || stored === undefined || stored.shopperId !== shopperId) {
        throw new AppError('VERIFICATION_CODE_INVALID');
      }
      if (stored.expiresAt <= now() || stored.attempts >= MAX_ATTEMPTS) {
        throw new AppError(
          'VERIFICATION_CODE_INVALID',
          'The code has expired or was tried too often; ask for a new one.',
        );
      }
      const given = Buffer.from(hash(email.key, code.trim()));
      const expected = Buffer.from(stored.codeHash);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        await store.countAttempt(email.key);
        throw new AppError('VERIFICATION_CODE_INVALID');
      }
      const at = now();
      let owner = await store.bind({ emailKey: email.key, email: stored.email, shopperId, at });
      if (owner === undefined) {
        // This session's shopper already verified another address: the new one is a new shopper.
        const fresh = await dependencies.newShopper();
        owner = await store.bind({ emailKey: email.key, email: stored.email, shopperId: fresh, at });
        if (owner === undefined) throw new AppError('VERIFICATION_CODE_INVALID');
      }
      dependencies.onVerified?.(owner);
      return { shopperId: owner, email: stored.email, signedIn: owner !== shopperId };
    },
  };
}
