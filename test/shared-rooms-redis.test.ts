import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedRooms } from '../src/admission/shared-rooms.js';

const redisUrl = process.env.TEST_REDIS_URL;
const required = (process.env.RUSHCART_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean);
if (required.includes('redis') && redisUrl === undefined) {
  throw new Error('RUSHCART_REQUIRE_BACKENDS includes redis but TEST_REDIS_URL is not set');
}
if (redisUrl === undefined)
  console.warn('[rushcart tests] shared rooms suite SKIPPED: set TEST_REDIS_URL to run it.');

describe.skipIf(redisUrl === undefined)('waiting rooms shared through Redis', () => {
  let redis: Redis;
  const prefix = `rushcart-test:room:${randomUUID()}`;
  beforeAll(() => {
    redis = new Redis(redisUrl ?? '', { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('judges another node’s places from what it published, and takes each use once across nodes', async () => {
    const home = createSharedRooms(redis, prefix, 0);
    const other = createSharedRooms(redis, prefix, 0);
    expect(await other.lookup('cmp_1', 'epochA', 5, Date.now())).toEqual({ kind: 'unknown' });
    home.publish('cmp_1', 'epochA', { admittedThrough: 10, pace: 50, exhausted: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await other.lookup('cmp_1', 'epochA', 10, Date.now())).toEqual({ kind: 'admitted' });
    // 40 places behind at 50 a second: 800 ms.
    expect(await other.lookup('cmp_1', 'epochA', 50, Date.now())).toEqual({
      kind: 'waiting',
      position: 40,
      etaMs: 800,
    });
    // One use per place across nodes; the same key again is a retry of that claim.
    expect(await home.use('cmp_1', 'epochA', 3, 'key-1', false)).toBe(true);
    expect(await other.use('cmp_1', 'epochA', 3, 'key-2', true)).toBe(false);
    expect(await other.use('cmp_1', 'epochA', 3, 'key-1', true)).toBe(true);
    // Given back (shed for capacity): another key may use it.
    await home.unuse('cmp_1', 'epochA', 3, 'key-1');
    expect(await other.use('cmp_1', 'epochA', 3, 'key-2', true)).toBe(true);
    home.publish('cmp_1', 'epochA', { admittedThrough: 10, pace: 50, exhausted: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await other.lookup('cmp_1', 'epochA', 50, Date.now())).toEqual({ kind: 'exhausted' });
  });

  it('keeps the merchant’s forced room modes for every node; auto is the absence of one', async () => {
    const rooms = createSharedRooms(redis, prefix, 0);
    await rooms.setMode('cmp_on', 'on');
    await rooms.setMode('cmp_off', 'off');
    await rooms.setMode('cmp_back', 'on');
    await rooms.setMode('cmp_back', 'auto');
    const modes = await rooms.modes(['cmp_on', 'cmp_off', 'cmp_back', 'cmp_never']);
    expect(Object.fromEntries(modes ?? [])).toEqual({
      cmp_on: 'on',
      cmp_off: 'off',
      cmp_back: 'auto',
      cmp_never: 'auto',
    });
  });

  it('degrades to the node’s own view when Redis fails: foreign places unknown, never taken twice', async () => {
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    const rooms = createSharedRooms(broken, prefix, 0);
    expect(await rooms.lookup('cmp_1', 'epochA', 5, Date.now())).toEqual({ kind: 'unknown' });
    // A foreign place cannot be checked: refused. A home place keeps its node's own record.
    expect(await rooms.use('cmp_1', 'epochA', 5, 'key', true)).toBe(false);
    expect(await rooms.use('cmp_1', 'epochA', 5, 'key', false)).toBe(true);
    // Modes: Redis cannot say, so every room keeps its own.
    expect(await rooms.modes(['cmp_1'])).toBeUndefined();
    expect(rooms.errors).toBeGreaterThanOrEqual(4);
    broken.disconnect();
  });
});
