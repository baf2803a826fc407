import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopperHistory } from '../src/commerce/index.js';
import { createLocalCampaignNotifier, createPromotions, type Promotions } from '../src/promotions/index.js';
import type { Db } from '../src/storage/dialect.js';
import { createPostgresClaimBatch } from '../src/storage/postgres/claim-batch.js';
import { createSqlCampaignStore } from '../src/storage/sql/campaign-store.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { createSqliteClaimBatch } from '../src/storage/sqlite/claim-batch.js';
import { makeCampaign } from './helpers/promotion-factory.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

/** Wraps every function of a port so each call is counted. */
function counted<T extends object>(port: T, counter: { calls: number }): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counter.calls++;
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite fixture');

describe('sold-out and not-live fast path', () => {
  let database: FreshDatabase;
  let db: Db;
  let promotions: Promotions;
  const storeCalls = { calls: 0 };
  let exhausted: string;
  let paused: string;

  beforeAll(async () => {
    database = await store.freshDatabase();
    db = await database.open();
    exhausted = await makeCampaign(db, { budgetClaims: 5, claimed: 5 });
    paused = await makeCampaign(db, { status: 'paused' });
    promotions = createPromotions({
      store: counted(createSqlCampaignStore(db), storeCalls),
      shopperHistory: createShopperHistory(createSqlCommerceStore(db)),
      claimBatch: counted(
        db.dialect === 'sqlite' ? createSqliteClaimBatch(db) : createPostgresClaimBatch(db),
        storeCalls,
      ),
      notifier: createLocalCampaignNotifier(),
      refreshMs: 0,
    });
    await promotions.start();
  });
  afterAll(async () => {
    await promotions.close();
    await db.close();
    await database.dispose();
  });

  it('answers claims on an exhausted or paused campaign from memory, without a store call', async () => {
    storeCalls.calls = 0;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        promotions.claims.claim({
          campaignId: index % 2 === 0 ? exhausted : paused,
          shopperId: `shp_${index}`,
          idempotencyKey: `key-${index}`,
          requestHash: 'h',
        }),
      ),
    );
    expect(answers.filter((answer) => !answer.ok && answer.code === 'CAMPAIGN_EXHAUSTED')).toHaveLength(100);
    expect(answers.filter((answer) => !answer.ok && answer.code === 'CAMPAIGN_NOT_LIVE')).toHaveLength(100);
    expect(storeCalls.calls).toBe(0);
  });

  it('does count store calls when a claim must reach the store (the counter can fail the test above)', async () => {
    const live = await makeCampaign(db, { budgetClaims: 10 });
    await promotions.registry.load(live);
    storeCalls.calls = 0;
    const answer = await promotions.claims.claim({
      campaignId: live,
      shopperId: 'shp_live',
      idempotencyKey: 'live-key',
      requestHash: 'h',
    });
    expect(answer.ok).toBe(true);
    expect(storeCalls.calls).toBeGreaterThan(0);
  });
});
