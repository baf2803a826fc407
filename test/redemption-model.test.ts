import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppliedCoupon } from '../src/commerce/coupon-hook.js';
import {
  createRedemptionService,
  type RedemptionService,
} from '../src/promotions/redemption/redemption-service.js';
import { isAppError } from '../src/shared/app-error.js';
import { newId } from '../src/shared/ids.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlRedemptionStore } from '../src/storage/sql/redemption-store.js';
import { ledgerMismatches, makeCampaign, makeCoupon } from './helpers/promotion-factory.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

/**
 * Model-based test of reserve, consume, release and the expiry sweep over a few coupons, a shared
 * code and a few orders. Concurrent steps start their calls in an order fc.scheduler picks; their
 * outcomes and the resulting state must match the model run in some serial order (linearizability).
 */

const MINUTE = 60_000;
const SHOPPER = 'shp_model';
const TARGETS = ['c0', 'c1', 'c2', 'd0', 'sh'] as const;
type Target = (typeof TARGETS)[number];
const ORDERS = 4;

type Op =
  | { kind: 'reserve'; order: number; items: { target: Target; amount: number }[] }
  | { kind: 'consume'; order: number }
  | { kind: 'release'; order: number };

interface World {
  readonly campaignOf: Record<Target, string>;
  readonly couponOf: Partial<Record<Target, { id: string; code: string; expiresAt: number | undefined }>>;
  readonly sharedCode: string;
  readonly orders: string[];
  readonly campaigns: { id: string; budget: number | undefined; budgetClaims: number }[];
}

interface ModelState {
  now: number;
  coupons: Record<string, { status: string; orderId: string | null; expiresAt: number | undefined }>;
  campaigns: Record<
    string,
    { reserved: number; redeemed: number; redeemedCount: number; reservedCount: number }
  >;
  reservations: Record<string, { code: string; amount: number; status: string; events: string[] }>;
}

interface Real {
  readonly db: Db;
  readonly service: RedemptionService;
  readonly world: World;
  readonly scheduler: fc.Scheduler;
  readonly clock: { now: number };
}

type Outcome = 'ok' | string;

function applyOp(world: World, state: ModelState, op: Op): { state: ModelState; outcome: Outcome } {
  const next: ModelState = structuredClone(state);
  const orderId = world.orders[op.order] as string;
  if (op.kind === 'reserve') {
    const items = [...op.items].sort((a, b) =>
      compare(world.campaignOf[a.target], world.campaignOf[b.target]),
    );
    for (const item of items) {
      const campaignId = world.campaignOf[item.target];
      const coupon = world.couponOf[item.target];
      const code = coupon?.code ?? world.sharedCode;
      const key = `${orderId}|${campaignId}`;
      const existing = next.reservations[key];
      if (existing !== undefined) {
        if (existing.code === code && existing.status !== 'released') continue;
        return { state, outcome: existing.code !== code ? 'COUPON_NOT_COMBINABLE' : 'COUPON_ALREADY_USED' };
      }
      if (coupon !== undefined) {
        const held = next.coupons[coupon.id];
        if (held === undefined) throw new Error('unknown coupon');
        const expired =
          held.status === 'expired' || (held.expiresAt !== undefined && held.expiresAt <= next.now);
        if (held.status !== 'available' || expired) {
          return { state, outcome: expired ? 'COUPON_EXPIRED' : 'COUPON_ALREADY_USED' };
        }
        held.status = 'reserved';
        held.orderId = orderId;
      }
      const terms = world.campaigns.find((campaign) => campaign.id === campaignId);
      const counters = next.campaigns[campaignId];
      if (terms === undefined || counters === undefined) throw new Error('unknown campaign');
      if (coupon === undefined && counters.redeemedCount + counters.reservedCount + 1 > terms.budgetClaims) {
        return { state, outcome: 'CAMPAIGN_EXHAUSTED' };
      }
      if (terms.budget !== undefined && counters.reserved + counters.redeemed + item.amount > terms.budget) {
        return { state, outcome: 'DISCOUNT_BUDGET_EXHAUSTED' };
      }
      counters.reserved += item.amount;
      counters.reservedCount += 1;
      next.reservations[key] = { code, amount: item.amount, status: 'reserved', events: ['reserved'] };
    }
    return { state: next, outcome: 'ok' };
  }
  for (const [key, reservation] of Object.entries(next.reservations)) {
    const [reservedFor, campaignId] = key.split('|') as [string, string];
    if (reservedFor !== orderId) continue;
    const counters = next.campaigns[campaignId];
    if (counters === undefined) throw new Error('unknown campaign');
    const couponId = Object.values(world.couponOf).find((coupon) => coupon.code === reservation.code)?.id;
    const coupon = couponId === undefined ? undefined : next.coupons[couponId];
    if (op.kind === 'consume' && reservation.status === 'reserved') {
      reservation.status = 'redeemed';
      reservation.events.push('redeemed');
      counters.reserved -= reservation.amount;
      counters.redeemed += reservation.amount;
      counters.reservedCount -= 1;
      counters.redeemedCount += 1;
      if (coupon !== undefined && coupon.orderId === orderId && coupon.status === 'reserved')
        coupon.status = 'redeemed';
    }
    if (op.kind === 'release' && (reservation.status === 'reserved' || reservation.status === 'redeemed')) {
      if (reservation.status === 'reserved') {
        counters.reserved -= reservation.amount;
        counters.reservedCount -= 1;
      } else {
        counters.redeemed -= reservation.amount;
        counters.redeemedCount -= 1;
      }
      reservation.status = 'released';
      reservation.events.push('released');
      if (coupon !== undefined && coupon.orderId === orderId) {
        coupon.status =
          coupon.expiresAt !== undefined && coupon.expiresAt <= next.now ? 'expired' : 'available';
        coupon.orderId = null;
      }
    }
  }
  return { state: next, outcome: 'ok' };
}

async function runOp(real: Real, op: Op): Promise<Outcome> {
  const orderId = real.world.orders[op.order] as string;
  try {
    if (op.kind === 'consume') await real.service.consume(orderId);
    else if (op.kind === 'release') await real.service.release(orderId);
    else {
      const coupons: AppliedCoupon[] = op.items.map((item) => {
        const coupon = real.world.couponOf[item.target];
        return {
          code: coupon?.code ?? real.world.sharedCode,
          campaignId: real.world.campaignOf[item.target],
          couponId: coupon?.id,
          discount: item.amount,
          shippingDiscount: 0,
          lineDiscounts: [],
        };
      });
      await real.service.reserve(orderId, SHOPPER, coupons);
    }
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

async function readState(real: Real, now: number): Promise<ModelState> {
  const { db, world } = real;
  const campaignIds = world.campaigns.map((campaign) => campaign.id);
  const coupons = await db.kysely
    .selectFrom('coupons')
    .select(['id', 'status', 'order_id', 'expires_at'])
    .where('campaign_id', 'in', campaignIds)
    .execute();
  const campaigns = await db.kysely
    .selectFrom('campaigns')
    .select(['id', 'discount_reserved', 'discount_redeemed', 'redeemed_count', 'reserved_count'])
    .where('id', 'in', campaignIds)
    .execute();
  const reservations = await db.kysely
    .selectFrom('coupon_reservations')
    .select(['order_id', 'campaign_id', 'code', 'discount', 'status'])
    .where('campaign_id', 'in', campaignIds)
    .execute();
  const ledger = await db.kysely
    .selectFrom('coupon_ledger')
    .select(['order_id', 'campaign_id', 'event'])
    .where('campaign_id', 'in', campaignIds)
    .where('order_id', 'is not', null)
    .execute();
  return {
    now,
    coupons: Object.fromEntries(
      coupons.map((row) => [
        row.id,
        { status: row.status, orderId: row.order_id, expiresAt: row.expires_at ?? undefined },
      ]),
    ),
    campaigns: Object.fromEntries(
      campaigns.map((row) => [
        row.id,
        {
          reserved: row.discount_reserved,
          redeemed: row.discount_redeemed,
          redeemedCount: row.redeemed_count,
          reservedCount: row.reserved_count,
        },
      ]),
    ),
    reservations: Object.fromEntries(
      reservations.map((row) => [
        `${row.order_id}|${row.campaign_id}`,
        {
          code: row.code,
          amount: row.discount,
          status: row.status,
          events: ledger
            .filter((event) => event.order_id === row.order_id && event.campaign_id === row.campaign_id)
            .map((event) => event.event),
        },
      ]),
    ),
  };
}

function normalize(state: ModelState): ModelState {
  return {
    ...state,
    reservations: Object.fromEntries(
      Object.entries(state.reservations).map(([key, value]) => [
        key,
        { ...value, events: [...value.events].sort() },
      ]),
    ),
  };
}

type Command = fc.AsyncCommand<{ state: ModelState }, Real, true>;

class StepCommand implements Command {
  constructor(readonly op: Op) {}
  async check() {
    return true;
  }
  async run(model: { state: ModelState }, real: Real) {
    const expected = applyOp(real.world, model.state, this.op);
    const outcome = await runOp(real, this.op);
    expect(outcome).toBe(expected.outcome);
    model.state = expected.state;
    expect(normalize(await readState(real, model.state.now))).toEqual(normalize(model.state));
  }
  toString() {
    return JSON.stringify(this.op);
  }
}

class ConcurrentCommand implements Command {
  constructor(readonly ops: Op[]) {}
  async check() {
    return true;
  }
  async run(model: { state: ModelState }, real: Real) {
    const tasks = this.ops.map((op, index) =>
      real.scheduler
        .schedule(Promise.resolve(index), `start ${JSON.stringify(op)}`)
        .then(() => runOp(real, op)),
    );
    await real.scheduler.waitIdle();
    const outcomes = await Promise.all(tasks);
    const actual = normalize(await readState(real, model.state.now));
    for (const order of permutations(this.ops.map((_, index) => index))) {
      let state = model.state;
      const expected: Outcome[] = [];
      for (const index of order) {
        const step = applyOp(real.world, state, this.ops[index] as Op);
        state = step.state;
        expected[index] = step.outcome;
      }
      if (JSON.stringify(expected) === JSON.stringify(outcomes) && isEqual(normalize(state), actual)) {
        model.state = state;
        return;
      }
    }
    throw new Error(
      `no serial order explains outcomes ${JSON.stringify(outcomes)} and state ${JSON.stringify(actual)}`,
    );
  }
  toString() {
    return `concurrently(${this.ops.map((op) => JSON.stringify(op)).join(', ')})`;
  }
}

class TickCommand implements Command {
  constructor(readonly minutes: number) {}
  async check() {
    return true;
  }
  async run(model: { state: ModelState }, real: Real) {
    real.clock.now += this.minutes * MINUTE;
    const next = structuredClone(model.state);
    next.now = real.clock.now;
    for (const coupon of Object.values(next.coupons)) {
      if (coupon.status === 'available' && coupon.expiresAt !== undefined && coupon.expiresAt <= next.now) {
        coupon.status = 'expired';
      }
    }
    await real.service.expireCoupons();
    model.state = next;
    expect(normalize(await readState(real, next.now))).toEqual(normalize(next));
  }
  toString() {
    return `tick(${this.minutes}m)`;
  }
}

const orderArbitrary = fc.integer({ min: 0, max: ORDERS - 1 });
const reserveArbitrary: fc.Arbitrary<Op> = fc
  .record({
    order: orderArbitrary,
    unique: fc.option(fc.constantFrom<Target>('c0', 'c1', 'c2'), { nil: undefined }),
    other: fc.option(fc.constantFrom<Target>('d0', 'sh'), { nil: undefined }),
    amounts: fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 })),
  })
  .filter((value) => value.unique !== undefined || value.other !== undefined)
  .map(({ order, unique, other, amounts }) => ({
    kind: 'reserve' as const,
    order,
    items: [
      ...(unique === undefined ? [] : [{ target: unique, amount: amounts[0] }]),
      ...(other === undefined ? [] : [{ target: other, amount: amounts[1] }]),
    ],
  }));
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: reserveArbitrary, weight: 3 },
  { arbitrary: orderArbitrary.map((order) => ({ kind: 'consume' as const, order })), weight: 1 },
  { arbitrary: orderArbitrary.map((order) => ({ kind: 'release' as const, order })), weight: 1 },
);
const commandsArbitrary = fc.commands<{ state: ModelState }, Real, true>(
  [
    opArbitrary.map((op) => new StepCommand(op)),
    fc.array(opArbitrary, { minLength: 2, maxLength: 3 }).map((ops) => new ConcurrentCommand(ops)),
    fc.integer({ min: 1, max: 40 }).map((minutes) => new TickCommand(minutes)),
  ],
  { maxCommands: 14 },
);

async function buildWorld(db: Db, now: number): Promise<{ world: World; state: ModelState }> {
  const u1 = await makeCampaign(db, { budgetDiscount: 1_000, stacking: 'combinable', perShopperLimit: 3 });
  const u2 = await makeCampaign(db, { budgetDiscount: null, stacking: 'combinable' });
  const sharedCode = `MODEL-${newId('x').slice(2, 14).toUpperCase()}`;
  const sh = await makeCampaign(db, {
    code: sharedCode,
    budgetClaims: 2,
    budgetDiscount: 900,
    perShopperLimit: 10,
  });
  const expiries: Record<string, number | undefined> = {
    c0: undefined,
    c1: now + 60 * MINUTE,
    c2: now + 30 * MINUTE,
  };
  const couponOf: World['couponOf'] = {};
  for (const target of ['c0', 'c1', 'c2', 'd0'] as const) {
    const expiresAt = expiries[target];
    const made = await makeCoupon(db, {
      campaignId: target === 'd0' ? u2 : u1,
      shopperId: SHOPPER,
      expiresAt: expiresAt ?? null,
    });
    couponOf[target] = { ...made, expiresAt };
  }
  const world: World = {
    campaignOf: { c0: u1, c1: u1, c2: u1, d0: u2, sh },
    couponOf,
    sharedCode,
    orders: Array.from({ length: ORDERS }, () => newId('ord')),
    campaigns: [
      { id: u1, budget: 1_000, budgetClaims: 1_000 },
      { id: u2, budget: undefined, budgetClaims: 1_000 },
      { id: sh, budget: 900, budgetClaims: 2 },
    ],
  };
  const zero = { reserved: 0, redeemed: 0, redeemedCount: 0, reservedCount: 0 };
  const state: ModelState = {
    now,
    coupons: Object.fromEntries(
      Object.values(couponOf).map((coupon) => [
        coupon.id,
        { status: 'available', orderId: null, expiresAt: coupon.expiresAt },
      ]),
    ),
    campaigns: { [u1]: { ...zero }, [u2]: { ...zero }, [sh]: { ...zero } },
    reservations: {},
  };
  return { world, state };
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`redemption model on ${store.name}`, () => {
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

    it('matches the model under any serial order and any start order of concurrent calls', async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), commandsArbitrary, async (scheduler, commands) => {
          const clock = { now: Date.UTC(2026, 1, 6, 12) };
          const service = createRedemptionService({
            store: createSqlRedemptionStore(db),
            now: () => clock.now,
          });
          const { world, state } = await buildWorld(db, clock.now);
          await fc.asyncModelRun(
            () => ({ model: { state }, real: { db, service, world, scheduler, clock } }),
            commands,
          );
          const campaignIds = world.campaigns.map((campaign) => campaign.id);
          expect(await ledgerMismatches(db, campaignIds)).toEqual([]);
        }),
        { numRuns: store.name === 'postgres' ? 40 : 60 },
      );
    });
  });
}

function* permutations(items: number[]): Generator<number[]> {
  if (items.length <= 1) {
    yield items;
    return;
  }
  for (const [index, item] of items.entries()) {
    const rest = [...items.slice(0, index), ...items.slice(index + 1)];
    for (const tail of permutations(rest)) yield [item, ...tail];
  }
}

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => compare(a, b))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
