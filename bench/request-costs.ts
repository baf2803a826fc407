/**
 * `npm run bench -- request-costs [--requests N]`: the server's CPU time per answer, by kind of
 * answer, on a real `rushcart serve` child (embedded store). Each row sends N requests of one
 * kind with autocannon over 32 connections and divides the server process's CPU time (from its
 * own `/metrics`, process.cpuUsage) by the answers. This is what overload arithmetic needs: a
 * crowd costs what its refusals cost times their number, next to what the work it admits costs.
 * Every claim carries a new shopper's token, as in a crowd.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { newId } from '../src/shared/ids.js';
import { CHECKOUT_DETAILS } from './lib/crowd.js';
import { httpClient } from './lib/http-client.js';
import { metricValue } from './lib/metrics.js';
import { round } from './lib/percentiles.js';
import { oneClientRateLimits, startServer } from './lib/server-process.js';
import { makeShoppers } from './lib/sessions.js';

interface Row {
  answer: string;
  requests: number;
  cpuMicrosPerRequest: number;
  requestsPerSecond: number;
  statuses: string;
}

/** Entry point. */
export async function run(argv: string[]): Promise<void> {
  const program = new Command('request-costs')
    .option('--requests <n>', 'requests per row', '20000')
    .option('--only <text>', 'measure only the rows whose answer contains this text')
    .option('--connections <n>', 'client connections (a proxy pool is a few hundred to a thousand)', '32')
    .option('--log-level <level>', "the server's RUSHCART_LOG_LEVEL (users run info)", 'warn')
    .option('--out <dir>', 'where results go', 'bench/results')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const flags = program.opts<{
    requests: string;
    connections: string;
    out: string;
    only?: string;
    logLevel: string;
  }>();
  const amount = Number(flags.requests);
  if (!(Number.isInteger(amount) && amount > 0)) throw new Error('--requests must be a positive integer');
  const pool = Number(flags.connections);
  if (!(Number.isInteger(pool) && pool > 0)) throw new Error('--connections must be a positive integer');

  const server = await startServer({
    RUSHCART_LOG_LEVEL: flags.logLevel,
    RUSHCART_SEED_DEMO: 'false',
    RUSHCART_RATE_LIMITS: oneClientRateLimits({ queue: { points: 1_000_000, durationSeconds: 1 } }),
  });
  const admin = { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' };
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const cpuSeconds = async (): Promise<number> => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const seconds = metricValue(text, 'rushcart_process_cpu_seconds_total');
    if (seconds === undefined) throw new Error('no rushcart_process_cpu_seconds_total in /metrics');
    return seconds;
  };

  const rows: Row[] = [];
  try {
    // Real guest sessions: the claim screen answers 401 to a token whose shopper the store lacks.
    const wanted = flags.only === undefined ? Math.ceil(amount * 2.25) + 500 : amount + 500;
    const tokens = (await makeShoppers(httpClient(server.url, 64).call, wanted)).map(({ token }) => token);
    let next = 0;
    const token = () => tokens[next++ % tokens.length] ?? '';
    const product = await post<{ variants: { id: string }[] }>('/api/v1/admin/products', {
      title: 'Request cost tee',
      category: 'clothing',
      variants: [{ price: { amount: 2500, currency: 'USD' }, stock: 100_000_000 }],
    });
    const variantId = product.variants[0]?.id;
    const campaign = async (room: 'off' | 'on') => {
      const { id } = await post<{ id: string }>('/api/v1/admin/campaigns', {
        name: `Request costs ${room}`,
        budget: { claims: 100_000_000 },
        perShopperLimit: 1,
        reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
        status: 'live',
      });
      await post(`/api/v1/admin/campaigns/${id}/waiting-room`, { mode: room });
      return id;
    };

    const measure = async (
      answer: string,
      request: autocannon.Request,
      connections = pool,
      count = amount,
    ) => {
      if (flags.only !== undefined && answer !== 'warm-up' && !answer.includes(flags.only)) return;
      process.stdout.write(`  ${answer} ...\n`);
      const before = await cpuSeconds();
      const started = performance.now();
      const result = await autocannon({ url: server.url, connections, amount: count, requests: [request] });
      const seconds = (performance.now() - started) / 1000;
      const used = (await cpuSeconds()) - before;
      const statuses = Object.entries(result.statusCodeStats ?? {})
        .map(([status, stats]) => `${status}: ${(stats as { count: number }).count}`)
        .join(', ');
      rows.push({
        answer,
        requests: result.requests.total,
        cpuMicrosPerRequest: round((used * 1e6) / Math.max(1, result.requests.total)),
        requestsPerSecond: round(result.requests.total / seconds),
        statuses,
      });
    };
    // A POST by a new shopper with a new Idempotency-Key each time.
    const shopperPost = (path: string, body: string): autocannon.Request => ({
      method: 'POST',
      path,
      setupRequest: (request) => ({
        ...request,
        headers: {
          authorization: `Bearer ${token()}`,
          'idempotency-key': newId('key'),
          'content-type': 'application/json',
        },
        body,
      }),
    });
    const claimRequest = (campaignId: string) => shopperPost(`/api/v1/campaigns/${campaignId}/claims`, '{}');

    // Warm-up, not recorded: JIT and the first statements.
    await measure('warm-up', { method: 'GET', path: '/healthz' });
    rows.length = 0;
    await measure('GET /healthz 200', { method: 'GET', path: '/healthz' });
    await measure('GET /products?q= 200 (browse, repeated: cached)', {
      method: 'GET',
      path: '/api/v1/products?q=tee&limit=10',
    });
    // The same search under a new URL each time: what a browse costs when its answer is not kept.
    let variation = 0;
    await measure('GET /products?q= 200 (browse, a new query each)', {
      method: 'GET',
      setupRequest: (request) => ({
        ...request,
        path: `/api/v1/products?q=tee&limit=10&maxPrice=${1_000_000_000 + variation++}`,
      }),
    });
    await measure('claim 201 (room off)', claimRequest(await campaign('off')));
    const queued = await campaign('on');
    // The room may admit some of these (201) as it measures what the node completes: the statuses column says which.
    await measure('claim, room forced on (428 with a place, or 201 once admitted)', claimRequest(queued));
    const places: { token: string; ticket: string }[] = [];
    for (let index = 0; index < 500; index++) {
      const shopper = token();
      const response = await fetch(`${server.url}/api/v1/campaigns/${queued}/queue`, {
        method: 'POST',
        headers: { authorization: `Bearer ${shopper}` },
      });
      places.push({ token: shopper, ticket: ((await response.json()) as { ticket: string }).ticket });
    }
    let place = 0;
    await measure('GET queue/{ticket} 200 (poll)', {
      method: 'GET',
      path: '/',
      setupRequest: (request) => {
        const { token: shopper, ticket } = places[place++ % places.length] ?? { token: '', ticket: '' };
        return {
          ...request,
          path: `/api/v1/campaigns/${queued}/queue/${ticket}`,
          headers: { authorization: `Bearer ${shopper}` },
        };
      },
    });
    await measure(
      'express checkout 201',
      shopperPost(
        '/api/v1/checkout',
        JSON.stringify({ items: [{ variantId, quantity: 1 }], ...CHECKOUT_DETAILS }),
      ),
      16,
      Math.max(1, Math.round(amount / 4)),
    );
  } finally {
    await server.stop();
    server.dispose();
  }
  console.table(rows);
  mkdirSync(flags.out, { recursive: true });
  writeFileSync(
    join(flags.out, 'request-costs.json'),
    `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`,
  );
  process.stdout.write(`wrote ${join(flags.out, 'request-costs.json')}\n`);
}
