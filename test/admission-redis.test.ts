import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../bench/lib/server-process.js';

const redisUrl = process.env.TEST_REDIS_URL;
const required = (process.env.RUSHCART_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean);
if (required.includes('redis') && redisUrl === undefined) {
  throw new Error('RUSHCART_REQUIRE_BACKENDS includes redis but TEST_REDIS_URL is not set');
}
if (redisUrl === undefined) {
  console.warn('[rushcart tests] Redis admission suite SKIPPED: set TEST_REDIS_URL to run it.');
}

describe.skipIf(redisUrl === undefined)('rate limits shared by two server processes through Redis', () => {
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    // One store and one Redis; a unique prefix per run is not needed because shoppers are new.
    const first = await startServer({
      RUSHCART_REDIS_URL: redisUrl ?? '',
      RUSHCART_SEED_DEMO: 'false',
      RUSHCART_JWT_SECRET: 'redis-suite-shared-secret-0123456789abcdef',
      RUSHCART_RATE_LIMITS: JSON.stringify({ shopper: { browse: { points: 4, durationSeconds: 60 } } }),
    });
    servers.push(first);
    const second = await startServer({
      RUSHCART_REDIS_URL: redisUrl ?? '',
      RUSHCART_SEED_DEMO: 'false',
      RUSHCART_JWT_SECRET: 'redis-suite-shared-secret-0123456789abcdef',
      RUSHCART_DATABASE_URL: `${first.dataDir}/rushcart.db`,
      RUSHCART_RATE_LIMITS: JSON.stringify({ shopper: { browse: { points: 4, durationSeconds: 60 } } }),
    });
    servers.push(second);
  }, 120_000);
  afterAll(async () => {
    for (const server of servers.reverse()) {
      await server.stop();
      server.dispose();
    }
  });

  it('counts one shopper across both nodes: the fifth browse on either node is 429 with Retry-After', async () => {
    const [first, second] = servers;
    if (first === undefined || second === undefined) throw new Error('servers did not start');
    const created = await fetch(`${first.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { token: string };
    const cart = (server: ServerProcess) =>
      fetch(`${server.url}/api/v1/cart`, { headers: { authorization: `Bearer ${session.token}` } });
    const statuses: number[] = [];
    for (const server of [first, second, first, second]) statuses.push((await cart(server)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const limited = await cart(second);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await cart(first)).status).toBe(429);
  });
});
