import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { makeLimiter } from '../admission/identity-limits.js';
import { AppError } from '../shared/app-error.js';
import type { TokenService } from '../shoppers/token-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated shopper, set by `shopperAuth`. */
    shopperId: string;
  }
}

/** A preHandler that accepts only a valid shopper bearer token and records who it is. */
export function shopperAuth(tokens: TokenService) {
  const identify = shopperIdentifier(tokens);
  return async (request: FastifyRequest): Promise<void> => {
    const shopperId = await identify(request);
    if (shopperId === undefined) throw new AppError('UNAUTHENTICATED');
    request.shopperId = shopperId;
  };
}

/** The shopper a request's bearer token names, or undefined; for admission's early answers. */
export function shopperIdentifier(tokens: TokenService) {
  return async (request: FastifyRequest): Promise<string | undefined> => {
    const token = bearerToken(request);
    return token === undefined ? undefined : (await tokens.verify(token))?.shopperId;
  };
}

/** Failed admin-key attempts an address may make per window before it is refused for the rest of it. */
export const ADMIN_FAILURES = { points: 20, durationSeconds: 300 } as const;

/**
 * An `onRequest` hook that accepts only the admin key, compared in constant time, before the body
 * is read or parsed. An address with `failures.points` wrong keys in the window gets 429 for the
 * rest of it, even with the right key, so guessing costs the window, not a round trip. Counted in
 * Redis when configured, so a guesser spread over nodes gets `points` in all (this node's memory
 * otherwise, and while Redis does not answer).
 */
export function adminAuth(
  adminKey: string,
  failures: { points: number; durationSeconds: number } = ADMIN_FAILURES,
  redis?: Redis,
) {
  const expected = Buffer.from(adminKey);
  const failed = makeLimiter('admin-failures', failures, redis);
  return async (request: FastifyRequest): Promise<void> => {
    const record = await failed.get(request.ip).catch(() => null);
    if (record !== null && record.consumedPoints >= failures.points) {
      throw new AppError('RATE_LIMITED', 'Too many wrong admin keys from this address; retry later.', {
        retryAfterSeconds: Math.max(1, Math.ceil(record.msBeforeNext / 1000)),
      });
    }
    const given = Buffer.from(bearerToken(request) ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      await failed.consume(request.ip).catch(() => undefined);
      throw new AppError('ADMIN_KEY_REQUIRED');
    }
  };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || !header.startsWith('Bearer ')) return undefined;
  const token = header.slice('Bearer '.length).trim();
  return token === '' ? undefined : token;
}
