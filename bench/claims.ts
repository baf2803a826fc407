/**
 * `npm run bench -- claims [--postgres URL] [--seconds N] [--depth D] [--skip-http] [--skip-store]`
 *
 * A "caller" is one client loop that claims back to back with a new shopper each time and keeps
 * `--depth` claims outstanding (default 1: it sends the next only when the previous answered).
 * So C callers offer C x D concurrent claims, which bounds how many the batcher can put in one
 * transaction (as an HTTP node with C x D open requests would).
 *
 * (a) Store level: committed claims per second through the claim service (memory answers, the
 *     per-campaign batcher, one transaction per batch) versus a naive path that runs one
 *     transaction per claim behind a row lock (SELECT ... FOR UPDATE on PostgreSQL, BEGIN
 *     IMMEDIATE on SQLite). The naive path exists only here, as the baseline.
 * (b) HTTP level: the claim endpoint of a real `rushcart serve` process versus its /healthz, both
 *     driven by autocannon from this process over 127.0.0.1.
 *
 * Every claim is a new shopper with a random id (`newId('shp')`, as sessions mint them): a crowd
 * is many shoppers claiming once, and random ids put each coupon on a random page of the
 * shopper-keyed indexes, which sequential bench ids would hide.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createShopperHistory } from '../src/commerce/index.js';
import { newCouponCode } from '../src/promotions/coupon-code.js';
import {
  type CampaignCreate,
  createLocalCampaignNotifier,
  createPromotions,
  type Promotions,
} from '../src/promotions/index.js';
import { hashRequest } from '../src/shared/idempotency.js';
import { newId } from '../src/shared/ids.js';
import type { Db } from '../src/storage/dialect.js';
import { openDatabase } from '../src/storage/open-database.js';
import { createPostgresCampaignNotifier } from '../src/storage/postgres/campaign-notifier.js';
import { createPostgresClaimBatch } from '../src/storage/postgres/claim-batch.js';
import { createSqlCampaignStore } from '../src/storage/sql/campaign-store.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { createSqliteClaimBatch } from '../src/storage/sqlite/claim-batch.js';
import { httpClient } from './lib/http-client.js';
import { oneClientRateLimits, startServer } from './lib/server-process.js';
import { makeShoppers } from './lib/sessions.js';

const CALLERS = [1, 16, 64];
const HASH = hashRequest({});

interface StoreRow {
  store: string;
  path: 'batched' | 'naive';
  callers: number;
  depth: number;
  claims: number;
  seconds: number;
  claimsPerSecond: number;
}

interface HttpRow {
  route: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

const campaignInput = (): CampaignCreate => ({
  name: 'Bench',
  budget: { claims: 1_000_000_000 },
  perShopperLimit: 1,
  reward: { type: 'amount', amount: { amount: 100, currency: 'USD' } },
  status: 'live',
});

function flag(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

/** Runs `callers` loops for `seconds`, each doing `one()` back to back; returns how many completed. */
async function drive(
  callers: number,
  seconds: number,
  one: () => Promise<void>,
): Promise<{ count: number; elapsed: number }> {
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        await one();
        count += 1;
      }
    }),
  );
  return { count, elapsed: (performance.now() - started) / 1000 };
}

async function openStore(kind: 'sqlite' | 'postgres', postgresUrl: string | undefined, poolSize: number) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rushcart-bench-'));
    const db = await openDatabase(join(dir, 'bench.db'));
    return {
      db,
      schema: undefined,
      dispose: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (postgresUrl === undefined) throw new Error('no PostgreSQL URL');
  const schema = `bench_${newId('s').slice(2, 14)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const { openPostgres } = await import('../src/storage/postgres/open-postgres.js');
  const { migrateToLatest } = await import('../src/storage/migrate.js');
  const db = openPostgres({ url: postgresUrl, schema, poolSize });
  await migrateToLatest(db, schema);
  return {
    db,
    schema,
    dispose: async () => {
      await db.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

async function batched(
  db: Db,
  schema: string | undefined,
  callers: number,
  depth: number,
  seconds: number,
): Promise<StoreRow> {
  const promotions: Promotions = createPromotions({
    store: createSqlCampaignStore(db),
    shopperHistory: createShopperHistory(createSqlCommerceStore(db)),
    claimBatch: db.dialect === 'sqlite' ? createSqliteClaimBatch(db) : createPostgresClaimBatch(db),
    notifier:
      db.dialect === 'postgres' ? createPostgresCampaignNotifier(db, schema) : createLocalCampaignNotifier(),
    refreshMs: 0,
    registry: { claimantsPerCampaign: 2_000_000 },
  });
  await promotions.start();
  const campaign = await promotions.campaigns.create(campaignInput());
  let failed = 0;
  const { count, elapsed } = await drive(callers * depth, seconds, async () => {
    const id = newId('shp');
    const result = await promotions.claims.claim({
      campaignId: campaign.id,
      shopperId: id,
      idempotencyKey: id,
      requestHash: HASH,
    });
    if (!result.ok) failed += 1;
  });
  await promotions.close();
  if (failed > 0) throw new Error(`${failed} batched claims failed`);
  return {
    store: db.dialect,
    path: 'batched',
    callers,
    depth,
    claims: count,
    seconds: elapsed,
    claimsPerSecond: count / elapsed,
  };
}

/** One transaction per claim behind the campaign row lock: what most engines do after their race fix. */
async function naive(db: Db, callers: number, depth: number, seconds: number): Promise<StoreRow> {
  const store = createSqlCampaignStore(db);
  const promotions = createPromotions({
    store,
    shopperHistory: createShopperHistory(createSqlCommerceStore(db)),
    claimBatch: db.dialect === 'sqlite' ? createSqliteClaimBatch(db) : createPostgresClaimBatch(db),
    notifier: createLocalCampaignNotifier(),
    refreshMs: 0,
  });
  const campaign = await promotions.campaigns.create(campaignInput());
  let one: () => Promise<void>;
  if (db.dialect === 'sqlite') {
    const connection = db.sqlite;
    const lock = connection.prepare('select claimed, budget_claims from campaigns where id = ?');
    const held = connection.prepare(
      'select count(*) as held from coupons where campaign_id = ? and shopper_id = ?',
    );
    const insert = connection.prepare(
      `insert into coupons (id, campaign_id, shopper_id, code, ordinal, status, idempotency_key, request_hash, claimed_at, expires_at, order_id, updated_at)
       values (?, ?, ?, ?, 1, 'available', ?, ?, ?, null, null, ?)`,
    );
    const ledger = connection.prepare(
      `insert into coupon_ledger (id, at, campaign_id, coupon_id, shopper_id, order_id, event, amount) values (?, ?, ?, ?, ?, null, 'claimed', null)`,
    );
    const bump = connection.prepare('update campaigns set claimed = claimed + 1 where id = ?');
    const claim = connection.transaction((shopperId: string) => {
      const row = lock.get(campaign.id) as { claimed: number; budget_claims: number };
      if (row.claimed >= row.budget_claims) return;
      if ((held.get(campaign.id, shopperId) as { held: number }).held > 0) return;
      const now = Date.now();
      const couponId = newId('cpn');
      insert.run(couponId, campaign.id, shopperId, newCouponCode(), shopperId, HASH, now, now);
      ledger.run(newId('led'), now, campaign.id, couponId, shopperId);
      bump.run(campaign.id);
    });
    one = async () => {
      claim.immediate(newId('shp'));
      // Let the other callers' loops run, as they would between network requests.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
  } else {
    const pool = db.pool;
    one = async () => {
      const shopperId = newId('shp');
      const client = await pool.connect();
      try {
        await client.query('begin');
        const locked = await client.query<{ claimed: number; budget_claims: number }>(
          'select claimed, budget_claims from campaigns where id = $1 for update',
          [campaign.id],
        );
        const row = locked.rows[0];
        const held = await client.query<{ held: string }>(
          'select count(*) as held from coupons where campaign_id = $1 and shopper_id = $2',
          [campaign.id, shopperId],
        );
        if (row !== undefined && row.claimed < row.budget_claims && Number(held.rows[0]?.held ?? 0) === 0) {
          const now = Date.now();
          const couponId = newId('cpn');
          await client.query(
            `insert into coupons (id, campaign_id, shopper_id, code, ordinal, status, idempotency_key, request_hash, claimed_at, expires_at, order_id, updated_at)
             values ($1, $2, $3, $4, 1, 'available', $5, $6, $7, null, null, $7)`,
            [couponId, campaign.id, shopperId, newCouponCode(), shopperId, HASH, now],
          );
          await client.query(
            `insert into coupon_ledger (id, at, campaign_id, coupon_id, shopper_id, order_id, event, amount) values ($1, $2, $3, $4, $5, null, 'claimed', null)`,
            [newId('led'), now, campaign.id, couponId, shopperId],
          );
          await client.query('update campaigns set claimed = claimed + 1 where id = $1', [campaign.id]);
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    };
  }
  const { count, elapsed } = await drive(callers * depth, seconds, one);
  return {
    store: db.dialect,
    path: 'naive',
    callers,
    depth,
    claims: count,
    seconds: elapsed,
    claimsPerSecond: count / elapsed,
  };
}

async function httpBench(seconds: number): Promise<HttpRow[]> {
  const server = await startServer({
    RUSHCART_SEED_DEMO: 'false',
    RUSHCART_ADMISSION: 'off',
    RUSHCART_RATE_LIMITS: oneClientRateLimits(),
  });
  const base = server.url;
  const adminKey = server.adminKey;
  try {
    const created = await fetch(`${base}/api/v1/admin/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(campaignInput()),
    });
    const campaignId = ((await created.json()) as { id: string }).id;
    // One claim per shopper, each with its own guest session, as in a crowd: the server verifies
    // every token once (its cache cannot help) and every coupon lands on a new shopper. The claim
    // run sends exactly one claim per session (autocannon's `amount`), so none claims twice.
    const wanted = seconds * 5_000;
    const tokens = (await makeShoppers(httpClient(base, 64).call, wanted)).map(({ token }) => token);
    const run = async (route: string, options: autocannon.Options): Promise<HttpRow> => {
      process.stdout.write(`  http ${route} ...\n`);
      const started = performance.now();
      const result = await autocannon({ connections: 64, duration: seconds, ...options });
      const elapsed = (performance.now() - started) / 1000;
      return {
        route,
        // Answers over elapsed time: the claim run ends when its sessions are used, mid-second.
        requestsPerSecond: result.requests.total / elapsed,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      };
    };
    const hello = await run('GET /healthz', { url: `${base}/healthz` });
    let sequence = 0;
    const claims = await run('POST /api/v1/campaigns/{id}/claims', {
      url: base,
      amount: tokens.length,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/campaigns/${campaignId}/claims`,
          setupRequest: (request) => {
            const index = sequence++;
            return {
              ...request,
              headers: {
                authorization: `Bearer ${tokens[index]}`,
                'idempotency-key': `bench-${index}`,
                'content-type': 'application/json',
              },
              body: '{}',
            };
          },
        },
      ],
    });
    return [hello, claims];
  } finally {
    await server.stop();
    server.dispose();
  }
}

function table(rows: object[]): void {
  console.table(
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          typeof value === 'number' ? Math.round(value * 100) / 100 : value,
        ]),
      ),
    ),
  );
}

/** Runs the claims benchmark and writes bench/results/claims.json. */
export async function run(argv: string[]): Promise<void> {
  const seconds = Number(flag(argv, '--seconds') ?? '3');
  const depth = Math.max(1, Number(flag(argv, '--depth') ?? '1'));
  const postgresUrl = flag(argv, '--postgres') ?? process.env.TEST_POSTGRES_URL;
  const stores: ('sqlite' | 'postgres')[] = postgresUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];
  if (postgresUrl === undefined)
    process.stdout.write('PostgreSQL skipped: pass --postgres URL or set TEST_POSTGRES_URL\n');
  const storeRows: StoreRow[] = [];
  for (const kind of argv.includes('--skip-store') ? [] : stores) {
    for (const callers of CALLERS) {
      for (const path of ['batched', 'naive'] as const) {
        process.stdout.write(`  ${kind} ${path} with ${callers} caller(s) x ${depth} outstanding ...\n`);
        const store = await openStore(
          kind,
          postgresUrl,
          path === 'naive' ? Math.max(1, Math.min(callers * depth, 64)) : 10,
        );
        try {
          storeRows.push(
            path === 'batched'
              ? await batched(store.db, store.schema, callers, depth, seconds)
              : await naive(store.db, callers, depth, seconds),
          );
        } finally {
          await store.dispose();
        }
        table([storeRows[storeRows.length - 1] as StoreRow]);
      }
    }
  }
  const speedups = stores.flatMap((kind) =>
    CALLERS.map((callers) => {
      const find = (path: string) =>
        storeRows.find((row) => row.store === kind && row.callers === callers && row.path === path);
      return {
        store: kind,
        callers,
        speedup: (find('batched')?.claimsPerSecond ?? 0) / (find('naive')?.claimsPerSecond ?? 1),
      };
    }),
  );
  process.stdout.write('\nStore level: committed claims per second\n');
  table(storeRows);
  table(speedups);

  let httpRows: HttpRow[] = [];
  if (!argv.includes('--skip-http')) {
    process.stdout.write('\nHTTP level (autocannon, 64 connections, real server process)\n');
    httpRows = await httpBench(Math.max(5, seconds));
    table(httpRows);
  }
  const ratio =
    httpRows.length === 2
      ? (httpRows[1]?.requestsPerSecond ?? 0) / (httpRows[0]?.requestsPerSecond ?? 1)
      : undefined;
  if (ratio !== undefined) process.stdout.write(`claim endpoint / hello-world = ${ratio.toFixed(2)}\n`);

  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/claims.json',
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        secondsPerCell: seconds,
        outstandingPerCaller: depth,
        store: storeRows,
        speedups,
        http: httpRows,
        httpClaimToHelloRatio: ratio,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write('wrote bench/results/claims.json\n');
}
