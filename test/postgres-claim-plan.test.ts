import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresDb } from '../src/storage/dialect.js';
import { createPostgresClaimBatch } from '../src/storage/postgres/claim-batch.js';
import { openPostgres } from '../src/storage/postgres/open-postgres.js';
import { makeCampaign, openPromotions, type PromotionsFixture } from './helpers/promotions.js';
import { STORES } from './helpers/stores.js';

const postgres = STORES.find((store) => store.name === 'postgres');

const BATCHES = 40;
const BATCH = 64;

/**
 * The claim batch function's plan is cached per connection by plpgsql, and the plan a connection
 * makes while `coupons` is still empty must not read the campaign's coupons once per batch (009's
 * anti join did: a batch's cost grew with every coupon ever issued, 20 ms per 64 claims at 3,700
 * coupons). Measured by what the backend reports reading from coupons' indexes: a probe for a
 * shopper who holds nothing returns no index entry, while 009's plan returned every coupon of the
 * campaign once per batch (about 50,000 entries over these 40 batches).
 */
describe.skipIf(postgres === undefined || postgres.skipReason !== undefined)(
  'PostgreSQL claim batch plan made on an empty coupons table',
  () => {
    let fixture: PromotionsFixture;
    let db: PostgresDb;
    let stats: pg.Client;
    beforeAll(async () => {
      if (postgres === undefined) return;
      fixture = await openPromotions(postgres);
      // Claim connections opened before any coupon exists, so the first call plans on an empty table.
      const url = fixture.database.url;
      const schema = fixture.database.schema;
      const opened = openPostgres({ url, poolSize: 1, ...(schema === undefined ? {} : { schema }) });
      if (opened.dialect !== 'postgres') throw new Error('expected a PostgreSQL pool');
      db = opened;
      stats = new pg.Client({ connectionString: url });
      await stats.connect();
    });
    afterAll(async () => {
      await stats?.end();
      await db?.close();
      await fixture?.dispose();
    });

    it('probes each claim by index instead of scanning the campaign per batch', async () => {
      const campaign = await fixture.promotions.campaigns.create(makeCampaign({ budget: 1_000_000 }));
      const batch = createPostgresClaimBatch(db);
      let shopper = 0;
      for (let round = 0; round < BATCHES; round++) {
        const requests = Array.from({ length: BATCH }, () => {
          const id = `shp_plan_${shopper++}`;
          return { shopperId: id, idempotencyKey: `key_${id}`, requestHash: 'hash' };
        });
        const result = await batch.claimBatch(campaign.id, requests, {
          now: Date.now(),
          expiresAt: undefined,
        });
        expect(result.outcomes.every((outcome) => outcome.kind === 'issued')).toBe(true);
      }
      // Counters reach shared memory when the backend goes idle after a forced flush.
      // On the claim batch's own connection (batches one at a time reuse one of its two).
      await db.claimPool.query('select pg_stat_force_next_flush()');
      await db.claimPool.query('select 1');
      const usage = await couponIndexUsage(stats, fixture.database.schema ?? 'public', BATCHES);
      expect(usage.scans).toBeGreaterThanOrEqual(BATCHES);
      expect(usage.entriesRead).toBeLessThan(BATCH);
    });
  },
);

/** Scans of `coupons` indexes and entries they returned, once at least `scans` are reported (5 s). */
async function couponIndexUsage(
  client: pg.Client,
  schema: string,
  scans: number,
): Promise<{ scans: number; entriesRead: number }> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const result = await client.query<{ scans: string | null; read: string | null }>(
      `select sum(idx_scan)::text as scans, sum(idx_tup_read)::text as read
         from pg_stat_user_indexes where schemaname = $1 and relname = 'coupons'`,
      [schema],
    );
    const usage = {
      scans: Number(result.rows[0]?.scans ?? 0),
      entriesRead: Number(result.rows[0]?.read ?? 0),
    };
    if (usage.scans >= scans || Date.now() > deadline) return usage;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
