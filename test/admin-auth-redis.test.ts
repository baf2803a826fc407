import { randomInt } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth } from '../src/http/auth.js';
import { isAppError } from '../src/shared/app-error.js';

const redisUrl = process.env.TEST_REDIS_URL;
const required = (process.env.RUSHCART_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean);
if (required.includes('redis') && redisUrl === undefined) {
  throw new Error('RUSHCART_REQUIRE_BACKENDS includes redis but TEST_REDIS_URL is not set');
}
if (redisUrl === undefined)
  console.warn('[rushcart tests] admin lockout across nodes SKIPPED: set TEST_REDIS_URL to run it.');

// Two nodes' admin guards on one Redis: wrong keys from one address count together, so a guesser
// spread over nodes gets the window's points in all, not per node.
describe.skipIf(redisUrl === undefined)('admin-key lockout shared through Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 1 });
  });
  afterAll(() => {
    redis.disconnect();
  });

  const attempt = async (guard: (request: FastifyRequest) => Promise<void>, ip: string, key: string) => {
    try {
      await guard({ ip, headers: { authorization: `Bearer ${key}` } } as unknown as FastifyRequest);
      return 'ok';
    } catch (error) {
      return isAppError(error) ? error.code : 'other';
    }
  };

  it('locks an address out on every node once its wrong keys across nodes reach the limit', async () => {
    const key = 'the-right-admin-key-0123456789';
    const failures = { points: 6, durationSeconds: 60 };
    const one = adminAuth(key, failures, redis);
    const two = adminAuth(key, failures, redis);
    const ip = `198.18.${randomInt(0, 255)}.${randomInt(1, 255)}`;
    await redis.del(`rushcart:rl:admin-failures:${ip}`);
    const answers: string[] = [];
    for (let index = 0; index < 6; index += 1)
      answers.push(await attempt(index % 2 === 0 ? one : two, ip, 'wrong'));
    expect(answers).toEqual(Array(6).fill('ADMIN_KEY_REQUIRED'));
    // Three wrong keys on each node: six in all, so both now refuse even the right key.
    expect(await attempt(one, ip, key)).toBe('RATE_LIMITED');
    expect(await attempt(two, ip, key)).toBe('RATE_LIMITED');
    expect(await attempt(two, '198.18.0.250', key)).toBe('ok');
  });
});
