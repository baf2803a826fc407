import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopperHistory } from '../src/commerce/index.js';
import {
  type ClaimBatchStore,
  type ClaimResult,
  createLocalCampaignNotifier,
  createPromotions,
  type Promotions,
  verifyFigures,
} from '../src/promotions/index.js';
import { hashRequest } from '../src/shared/idempotency.js';
import type { Db } from '../src/storage/dialect.js';
import { createPostgresClaimBatch } from '../src/storage/postgres/claim-batch.js';
import { createSqlCampaignStore } from '../src/storage/sql/campaign-store.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { gatherCampaignFigures } from '../src/storage/sql/ledger-audit.js';
import { createSqliteClaimBatch } from '../src/storage/sqlite/claim-batch.js';
import { makeCampaign } from './helpers/promotions.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

const SHOPPERS = ['s0', 's1', 's2', 's3'];
const KEYS = ['k0', 'k1', 'k2'];
const BODIES = [{}, { source: 'widget' }] as const;

/** What a shopper asks: who, with which key, with which body. */
interface Ask {
  readonly shopper: string;
  readonly key: string;
  readonly body: 0 | 1;
}

/** The model: a campaign is a budget, a per-shopper limit, a pause switch and who holds what. */
interface Model {
  readonly budget: number;
  readonly limit: number;
  issued: number;
  paused: boolean;
  /** shopper -> key -> the coupon code and the body it was claimed with. */
  readonly held: Map<string, Map<string, { code: string; body: 0 | 1 }>>;
}

interface Real {
  readonly promotions: Promotions;
  readonly campaignId: string;
  /** Set by a burst: its scheduler delays batch commits. */
  scheduler: fc.Scheduler | undefined;
}

const outcomeOf = (result: ClaimResult) =>
  result.ok ? (result.replayed ? 'REPLAYED' : 'ISSUED') : result.code;

/** The one answer the model allows for a claim made alone, and the model after it. */
function predict(model: Model, ask: Ask): string {
  const held = model.held.get(ask.shopper) ?? new Map();
  const same = held.get(ask.key);
  if (same !== undefined) return same.body === ask.body ? 'REPLAYED' : 'IDEMPOTENCY_CONFLICT';
  if (held.size >= model.limit) return 'ALREADY_CLAIMED';
  if (model.paused) return 'CAMPAIGN_NOT_LIVE';
  if (model.issued >= model.budget) return 'CAMPAIGN_EXHAUSTED';
  return 'ISSUED';
}

function record(model: Model, ask: Ask, code: string): void {
  const held = model.held.get(ask.shopper) ?? new Map();
  held.set(ask.key, { code, body: ask.body });
  model.held.set(ask.shopper, held);
  model.issued += 1;
}

const claim = (real: Real, ask: Ask) =>
  real.promotions.claims.claim({
    campaignId: real.campaignId,
    shopperId: ask.shopper,
    idempotencyKey: ask.key,
    requestHash: hashRequest(BODIES[ask.body]),
  });

/** One claim on its own: the answer must be exactly the model's. */
class ClaimCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ask: Ask) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const expected = predict(model, this.ask);
    const result = await claim(real, this.ask);
    expect(outcomeOf(result)).toBe(expected);
    const held = model.held.get(this.ask.shopper);
    if (expected === 'REPLAYED' && result.ok) expect(result.coupon.code).toBe(held?.get(this.ask.key)?.code);
    if (expected === 'ALREADY_CLAIMED' && !result.ok) expect(result.coupon).toBeDefined();
    if (expected === 'ISSUED' && result.ok) record(model, this.ask, result.coupon.code);
  }
  toString = () => `claim(${this.ask.shopper},${this.ask.key},${this.ask.body})`;
}

/** Replays a key some shopper already holds (picked by index among the held ones). */
class ReplayCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.issued > 0;
  async run(model: Model, real: Real) {
    const all = [...model.held.entries()].flatMap(([shopper, keys]) =>
      [...keys.entries()].map(([key, held]) => ({ shopper, key, ...held })),
    );
    const chosen = all[this.pick % all.length];
    if (chosen === undefined) return;
    const result = await claim(real, { shopper: chosen.shopper, key: chosen.key, body: chosen.body });
    expect(result).toMatchObject({ ok: true, replayed: true, coupon: { code: chosen.code } });
  }
  toString = () => `replay(${this.pick})`;
}

class PauseCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    await real.promotions.campaigns.pause(real.campaignId);
    model.paused = true;
  }
  toString = () => 'pause';
}

class ResumeCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    await real.promotions.campaigns.resume(real.campaignId);
    model.paused = false;
  }
  toString = () => 'resume';
}

/**
 * Several claims at once, their arrivals and the store's commits ordered by fast-check's
 * scheduler. Any interleaving must agree with some serial order: keys held before replay exactly,
 * a key answered with success always names one coupon, and the number issued is exactly what a
 * serial run would issue (no claim lost, none past the budget or the limit).
 */
class BurstCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly asks: readonly Ask[],
    readonly scheduler: fc.Scheduler,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    real.scheduler = this.scheduler;
    const before = new Map([...model.held].map(([shopper, keys]) => [shopper, new Map(keys)]));
    const pending = Promise.all(
      this.asks.map((ask, index) =>
        this.scheduler.schedule(Promise.resolve(), `arrive ${index}`).then(() => claim(real, ask)),
      ),
    );
    const results = await this.scheduler.waitFor(pending);
    real.scheduler = undefined;

    const newKeys = new Map<string, Set<string>>();
    const codes = new Map<string, { code: string; body: 0 | 1 }>();
    results.forEach((result, index) => {
      const ask = this.asks[index] as Ask;
      const old = before.get(ask.shopper)?.get(ask.key);
      if (old !== undefined) {
        expect(outcomeOf(result)).toBe(old.body === ask.body ? 'REPLAYED' : 'IDEMPOTENCY_CONFLICT');
        if (result.ok) expect(result.coupon.code).toBe(old.code);
        return;
      }
      newKeys.set(ask.shopper, (newKeys.get(ask.shopper) ?? new Set()).add(ask.key));
      if (!result.ok) return;
      const id = `${ask.shopper}/${ask.key}`;
      const known = codes.get(id);
      if (known === undefined) codes.set(id, { code: result.coupon.code, body: ask.body });
      else expect(known).toEqual({ code: result.coupon.code, body: ask.body });
    });
    results.forEach((result, index) => {
      const ask = this.asks[index] as Ask;
      if (
        !result.ok &&
        result.code === 'IDEMPOTENCY_CONFLICT' &&
        before.get(ask.shopper)?.get(ask.key) === undefined
      ) {
        expect(codes.get(`${ask.shopper}/${ask.key}`)?.body).toBe(1 - ask.body);
      }
    });

    let capacity = 0;
    for (const [shopper, keys] of newKeys) {
      capacity += Math.min(keys.size, Math.max(0, model.limit - (before.get(shopper)?.size ?? 0)));
    }
    const expected = model.paused ? 0 : Math.min(capacity, model.budget - model.issued);
    expect(codes.size).toBe(expected);
    for (const [id, held] of codes) {
      const [shopper, key] = id.split('/') as [string, string];
      record(model, { shopper, key, body: held.body }, held.code);
    }
    for (const keys of model.held.values()) expect(keys.size).toBeLessThanOrEqual(model.limit);
    expect(model.issued).toBeLessThanOrEqual(model.budget);
  }
  toString = () => `burst(${this.asks.map((ask) => `${ask.shopper}${ask.key}${ask.body}`).join(' ')})`;
}

const askArbitrary = fc.record({
  shopper: fc.constantFrom(...SHOPPERS),
  key: fc.constantFrom(...KEYS),
  body: fc.constantFrom<0 | 1>(0, 0, 0, 1),
});

const commands = fc.commands(
  [
    askArbitrary.map((ask) => new ClaimCommand(ask)),
    fc.nat(20).map((pick) => new ReplayCommand(pick)),
    fc.constant(new PauseCommand()),
    fc.constant(new ResumeCommand()),
    fc
      .tuple(fc.array(askArbitrary, { minLength: 2, maxLength: 10 }), fc.scheduler())
      .map(([asks, scheduler]) => new BurstCommand(asks, scheduler)),
  ],
  { maxCommands: 25 },
);

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`claim model on ${store.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });

    it('never issues past the budget or the per-shopper limit, and replays are identical, under any interleaving', async () => {
      const batches = db.dialect === 'sqlite' ? createSqliteClaimBatch(db) : createPostgresClaimBatch(db);
      let current: Real | undefined;
      // The store's commits go through the scheduler of the running burst, so it picks when each lands.
      const scheduled: ClaimBatchStore = {
        claimBatch(campaignId, requests, options) {
          const scheduler = current?.scheduler;
          const run = () => batches.claimBatch(campaignId, requests, options);
          return scheduler === undefined ? run() : scheduler.scheduleFunction(run)();
        },
      };
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 2 }),
          commands,
          async (budget, limit, program) => {
            const promotions = createPromotions({
              store: createSqlCampaignStore(db),
              shopperHistory: createShopperHistory(createSqlCommerceStore(db)),
              claimBatch: scheduled,
              notifier: createLocalCampaignNotifier(),
              refreshMs: 0,
              batching: { maxWaitMs: 0, maxBatch: 4 },
            });
            await promotions.start();
            try {
              const campaign = await promotions.campaigns.create(
                makeCampaign({ budget, perShopperLimit: limit }),
              );
              const real: Real = { promotions, campaignId: campaign.id, scheduler: undefined };
              current = real;
              const model: Model = { budget, limit, issued: 0, paused: false, held: new Map() };
              await fc.asyncModelRun(() => ({ model, real }), program);
              const rows = await db.kysely
                .selectFrom('coupons')
                .select(['shopper_id', 'idempotency_key', 'code'])
                .where('campaign_id', '=', campaign.id)
                .execute();
              expect(rows).toHaveLength(model.issued);
              for (const row of rows)
                expect(model.held.get(row.shopper_id)?.get(row.idempotency_key)?.code).toBe(row.code);
            } finally {
              current = undefined;
              await promotions.close();
            }
          },
        ),
        { numRuns: 60 },
      );
      const report = verifyFigures(await gatherCampaignFigures(db));
      expect(report.mismatches).toEqual([]);
    });
  });
}
