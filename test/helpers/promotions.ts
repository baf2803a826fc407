import { createShopperHistory } from '../../src/commerce/index.js';
import {
  type CampaignCreate,
  type ClaimBatcherOptions,
  createLocalCampaignNotifier,
  createPromotions,
  type Promotions,
  type VerifyReport,
  verifyFigures,
} from '../../src/promotions/index.js';
import type { Db } from '../../src/storage/dialect.js';
import { createPostgresCampaignNotifier } from '../../src/storage/postgres/campaign-notifier.js';
import { createPostgresClaimBatch } from '../../src/storage/postgres/claim-batch.js';
import { createSqlCampaignStore } from '../../src/storage/sql/campaign-store.js';
import { createSqlCommerceStore } from '../../src/storage/sql/commerce-store.js';
import { gatherCampaignFigures } from '../../src/storage/sql/ledger-audit.js';
import { createSqliteClaimBatch } from '../../src/storage/sqlite/claim-batch.js';
import type { FreshDatabase, StoreFixture } from './stores.js';

/** A promotions domain on a fresh database, wired the way src/app.ts wires it. */
export interface PromotionsFixture {
  readonly db: Db;
  readonly database: FreshDatabase;
  readonly promotions: Promotions;
  /** Another node on the same database (PostgreSQL) or the same file (SQLite). */
  openNode(options?: NodeOptions): Promise<{ db: Db; promotions: Promotions; close(): Promise<void> }>;
  verify(): Promise<VerifyReport>;
  dispose(): Promise<void>;
}

/** Knobs of one node. */
export interface NodeOptions {
  readonly batching?: ClaimBatcherOptions;
  readonly refreshMs?: number;
  readonly claimantsPerCampaign?: number;
}

/** Opens the promotions domain of one node over `db`. */
export async function startPromotions(
  db: Db,
  schema: string | undefined,
  options: NodeOptions = {},
): Promise<Promotions> {
  const promotions = createPromotions({
    store: createSqlCampaignStore(db),
    shopperHistory: createShopperHistory(createSqlCommerceStore(db)),
    claimBatch: db.dialect === 'sqlite' ? createSqliteClaimBatch(db) : createPostgresClaimBatch(db),
    notifier:
      db.dialect === 'postgres' ? createPostgresCampaignNotifier(db, schema) : createLocalCampaignNotifier(),
    refreshMs: options.refreshMs ?? 0,
    ...(options.batching === undefined ? {} : { batching: options.batching }),
    ...(options.claimantsPerCampaign === undefined
      ? {}
      : { registry: { claimantsPerCampaign: options.claimantsPerCampaign } }),
  });
  await promotions.start();
  return promotions;
}

/** A fresh database with one promotions node on it. */
export async function openPromotions(
  store: StoreFixture,
  options: NodeOptions = {},
): Promise<PromotionsFixture> {
  const database = await store.freshDatabase();
  const db = await database.open();
  const promotions = await startPromotions(db, database.schema, options);
  const extra: { db: Db; promotions: Promotions }[] = [];
  return {
    db,
    database,
    promotions,
    async openNode(nodeOptions = {}) {
      const nodeDb = await database.open();
      const node = await startPromotions(nodeDb, database.schema, nodeOptions);
      const entry = { db: nodeDb, promotions: node };
      extra.push(entry);
      return {
        ...entry,
        async close() {
          await node.close();
          await nodeDb.close();
          extra.splice(extra.indexOf(entry), 1);
        },
      };
    },
    async verify() {
      return verifyFigures(await gatherCampaignFigures(db));
    },
    async dispose() {
      for (const node of extra) {
        await node.promotions.close();
        await node.db.close();
      }
      await promotions.close();
      await db.close();
      await database.dispose();
    },
  };
}

/** A live campaign input with small defaults (`makeCampaign({ budget: 10 })`). */
export function makeCampaign(
  overrides: { budget?: number; perShopperLimit?: number } & Partial<Omit<CampaignCreate, 'budget'>> = {},
): CampaignCreate {
  const { budget, ...rest } = overrides;
  return {
    name: 'Flash sale',
    budget: { claims: budget ?? 10 },
    perShopperLimit: 1,
    reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
    status: 'live',
    ...rest,
  };
}
