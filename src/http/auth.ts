import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
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

/** A preHandler that accepts only the admin key, compared in constant time. */
export function adminAuth(adminKey: string) {
  const expected = Buffer.from(adminKey);
  return async (request: FastifyRequest): Promise<void> => {
    const given = Buffer.from(bearerToken(request) ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
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
