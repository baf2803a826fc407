import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChallenges, createRedisReplayStore, solveProofOfWork } from '../src/fraud/challenges.js';

const redisUrl = process.env.TEST_REDIS_URL;
const required = (process.env.RUSHCART_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean);
if (required.includes('redis') && redisUrl === undefined) {
  throw new Error('RUSHCART_REQUIRE_BACKENDS includes redis but TEST_REDIS_URL is not set');
}
if (redisUrl === undefined)
  console.warn('[rushcart tests] challenge replays in Redis SKIPPED: set TEST_REDIS_URL to run it.');

const SECRET = 'a-test-secret-of-at-least-32-characters';

// Two nodes share spent proof-of-work solutions through Redis: a solution spent for one shopper
// on one node is refused to another claim on the other, and still works for its own retries.
describe.skipIf(redisUrl === undefined)('proof-of-work solutions spent across nodes (Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 1 });
  });
  afterAll(() => {
    redis.disconnect();
  });

  it('spends a solution on one claim across nodes, and lets that claim retry', async () => {
    const one = createChallenges(SECRET, createRedisReplayStore(redis));
    const two = createChallenges(SECRET, createRedisReplayStore(redis));
    const challenge = await one.create('shp_a', 2000);
    const payload = await solveProofOfWork(challenge);
    expect(await one.verify('shp_a', payload, 'cmp_1\nkey-1')).toBe(true);
    // The same claim retried on the other node; another claim of the same shopper is refused there.
    expect(await two.verify('shp_a', payload, 'cmp_1\nkey-1')).toBe(true);
    expect(await two.verify('shp_a', payload, 'cmp_2\nkey-9')).toBe(false);
    expect(await redis.pttl(`rushcart:altcha:${challenge.challenge}`)).toBeGreaterThan(0);
  });
});
