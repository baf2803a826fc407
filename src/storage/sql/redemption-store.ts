import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { RewardSchema } from '../../promotions/campaign.js';
import type {
  CodeLookup,
  CouponStatus,
  RedemptionCampaign,
  RedemptionStore,
  ReservationRequest,
  StoredCoupon,
  WalletEntry,
} from '../../promotions/redemption/redemption-store.js';
import { AppError } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import type { Db } from '../dialect.js';
import type { Database } from '../schema.js';
import { toCampaign } from './campaign-store.js';

type CouponRow = Selectable<Database['coupons']>;
type ReservationRow = Selectable<Database['coupon_reservations']>;
type Executor = Kysely<Database> | Transaction<Database>;

/** Statuses of a reservation that still hold something the release must give back. */
const HELD = ['reserved', 'redeemed'] as const;

/**
 * The redemption store over SQL (SQLite and PostgreSQL alike). Budgets are only ever moved by
 * conditional updates (`... WHERE discount_reserved + discount_redeemed + d <= budget_discount`)
 * and each reservation row changes status at most once per step, so its delta applies once.
 * Rows are locked in campaign id order, so two orders touching the same campaigns never deadlock.
 * One file on purpose (past 400 lines): every statement that moves a budget is here, so the lock
 * order and the conditions can be checked in one place.
 */
export function createSqlRedemptionStore(db: Db): RedemptionStore {
  const kysely = db.kysely;
  /**
   * Serializes the reserve, consume and release of one order. Under READ COMMITTED a release
   * running beside a reserve of the same order saw only the reservations already committed, and
   * the reserve saw an earlier reservation as still held while the release was taking it back:
   * both answered ok and the order kept one coupon reserved and one released, which no serial
   * order gives (found by test/redemption-model.test.ts on PostgreSQL). A transaction-scoped
   * advisory lock on the order, taken before any row lock, makes them queue. SQLite runs one
   * transaction at a time already.
   */
  const lockOrder = async (trx: Transaction<Database>, orderId: string): Promise<void> => {
    if (db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${orderId}))`.execute(trx);
  };
  return {
    async findCodes(codes, shopperId) {
      const found = new Map<string, CodeLookup>();
      if (codes.length === 0) return found;
      const couponRows = await kysely
        .selectFrom('coupons')
        .selectAll()
        .where('code', 'in', [...codes])
        .where('shopper_id', '=', shopperId)
        .execute();
      const campaigns = await loadCampaigns(kysely, [...new Set(couponRows.map((row) => row.campaign_id))]);
      for (const row of couponRows) {
        const campaign = campaigns.get(row.campaign_id);
        if (campaign !== undefined)
          found.set(row.code, { kind: 'coupon', coupon: couponFromRow(row), campaign });
      }
      const rest = codes.filter((code) => !found.has(code));
      if (rest.length === 0) return found;
      const sharedRows = await kysely.selectFrom('campaigns').selectAll().where('code', 'in', rest).execute();
      for (const row of sharedRows) {
        const uses = await kysely
          .selectFrom('coupon_reservations')
          .select((eb) => eb.fn.countAll<number | string>().as('uses'))
          .where('campaign_id', '=', row.id)
          .where('shopper_id', '=', shopperId)
          .where('status', 'in', HELD)
          .executeTakeFirstOrThrow();
        found.set(row.code as string, {
          kind: 'shared',
          campaign: toCampaign(row),
          usesByShopper: Number(uses.uses),
        });
      }
      return found;
    },

    async reserve(orderId, shopperId, requests, now) {
      for (const request of requests) {
        if (!Number.isSafeInteger(request.amount) || request.amount < 0) {
          throw new RangeError(`reservation amount must be a non-negative integer, got ${request.amount}`);
        }
      }
      const ordered = [...requests].sort((a, b) => compare(a.campaignId, b.campaignId));
      await kysely.transaction().execute(async (trx) => {
        await lockOrder(trx, orderId);
        for (const request of ordered) await reserveOne(trx, orderId, shopperId, request, now);
      });
    },

    async consume(orderId, now) {
      return kysely.transaction().execute(async (trx) => {
        await lockOrder(trx, orderId);
        const rows = await reservationsOf(trx, orderId, ['reserved']);
        let changed = 0;
        for (const row of rows) {
          const moved = await trx
            .updateTable('coupon_reservations')
            .set({ status: 'redeemed', updated_at: now })
            .where('id', '=', row.id)
            .where('status', '=', 'reserved')
            .executeTakeFirst();
          if (Number(moved.numUpdatedRows) !== 1) continue;
          changed += 1;
          await trx
            .updateTable('campaigns')
            .set((eb) => ({
              discount_reserved: eb('discount_reserved', '-', row.discount),
              discount_redeemed: eb('discount_redeemed', '+', row.discount),
              reserved_count: eb('reserved_count', '-', 1),
              redeemed_count: eb('redeemed_count', '+', 1),
              updated_at: now,
            }))
            .where('id', '=', row.campaign_id)
            .execute();
          if (row.coupon_id !== null) {
            await trx
              .updateTable('coupons')
              .set({ status: 'redeemed', updated_at: now })
              .where('id', '=', row.coupon_id)
              .where('order_id', '=', orderId)
              .where('status', '=', 'reserved')
              .execute();
          }
          await appendLedger(trx, row, 'redeemed', now);
        }
        return changed;
      });
    },

    async release(orderId, now) {
      return kysely.transaction().execute(async (trx) => {
        await lockOrder(trx, orderId);
        const rows = await reservationsOf(trx, orderId, HELD);
        let released = 0;
        for (const row of rows) {
          if (await releaseOne(trx, orderId, row, now)) released += 1;
        }
        return released;
      });
    },

    async expireCoupons(now, limit) {
      return kysely.transaction().execute(async (trx) => {
        const due = await trx
          .selectFrom('coupons')
          .select('id')
          .where('status', '=', 'available')
          .where('expires_at', 'is not', null)
          .where('expires_at', '<=', now)
          .orderBy('expires_at')
          .limit(limit)
          .execute();
        if (due.length === 0) return 0;
        const expired = await trx
          .updateTable('coupons')
          .set({ status: 'expired', updated_at: now })
          .where(
            'id',
            'in',
            due.map((row) => row.id),
          )
          .where('status', '=', 'available')
          .where('expires_at', '<=', now)
          .returning(['id', 'campaign_id', 'shopper_id'])
          .execute();
        if (expired.length > 0) {
          await trx
            .insertInto('coupon_ledger')
            .values(
              expired.map((row) => ({
                id: newId('led'),
                at: now,
                campaign_id: row.campaign_id,
                coupon_id: row.id,
                shopper_id: row.shopper_id,
                order_id: null,
                event: 'expired',
                amount: null,
              })),
            )
            .execute();
        }
        return expired.length;
      });
    },

    async listWallet(shopperId, limit) {
      const rows = await kysely
        .selectFrom('coupons')
        .innerJoin('campaigns', 'campaigns.id', 'coupons.campaign_id')
        .selectAll('coupons')
        .select(['campaigns.name as campaign_name', 'campaigns.reward as campaign_reward'])
        .where('coupons.shopper_id', '=', shopperId)
        .orderBy('coupons.claimed_at', 'desc')
        .orderBy('coupons.id')
        .limit(limit)
        .execute();
      return rows.map(
        (row): WalletEntry => ({
          coupon: couponFromRow(row),
          campaignName: row.campaign_name,
          reward: RewardSchema.parse(JSON.parse(row.campaign_reward)),
        }),
      );
    },
  };
}

async function reserveOne(
  trx: Transaction<Database>,
  orderId: string,
  shopperId: string,
  request: ReservationRequest,
  now: number,
): Promise<void> {
  const details = { code: request.code, campaignId: request.campaignId };
  // The (order, campaign) row goes first: a retried or concurrent reserve for the same order
  // finds it (PostgreSQL makes the second insert wait for the first to commit) and does nothing.
  const inserted = await trx
    .insertInto('coupon_reservations')
    .values({
      id: newId('rsv'),
      order_id: orderId,
      campaign_id: request.campaignId,
      coupon_id: request.couponId ?? null,
      shopper_id: shopperId,
      code: request.code,
      discount: request.amount,
      status: 'reserved',
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.columns(['order_id', 'campaign_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted === undefined) {
    const existing = await trx
      .selectFrom('coupon_reservations')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('campaign_id', '=', request.campaignId)
      .executeTakeFirstOrThrow();
    if (existing.code === request.code && existing.status !== 'released') return;
    if (existing.code !== request.code) {
      throw new AppError(
        'COUPON_NOT_COMBINABLE',
        'Only one coupon of a campaign applies to an order.',
        details,
      );
    }
    throw new AppError('COUPON_ALREADY_USED', 'This order already released that coupon.', details);
  }

  if (request.couponId !== undefined) {
    const taken = await trx
      .updateTable('coupons')
      .set({ status: 'reserved', order_id: orderId, updated_at: now })
      .where('id', '=', request.couponId)
      .where('campaign_id', '=', request.campaignId)
      .where('shopper_id', '=', shopperId)
      .where('status', '=', 'available')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw await couponRefusal(trx, request, shopperId, now);
  }

  const shared = request.couponId === undefined;
  const moved = await trx
    .updateTable('campaigns')
    .set((eb) => ({
      discount_reserved: eb('discount_reserved', '+', request.amount),
      reserved_count: eb('reserved_count', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', request.campaignId)
    .where(
      sql<boolean>`(budget_discount is null or discount_reserved + discount_redeemed + ${request.amount} <= budget_discount)`,
    )
    .where((eb) =>
      shared
        ? eb.and([
            eb('status', '=', 'live'),
            eb('code', 'is not', null),
            eb.or([eb('starts_at', 'is', null), eb('starts_at', '<=', now)]),
            eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]),
            sql<boolean>`redeemed_count + reserved_count + 1 <= budget_claims`,
          ])
        : eb('status', 'in', ['live', 'paused']),
    )
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw await campaignRefusal(trx, request, now);

  if (shared) {
    // Counted after the campaign row is locked, so this shopper's concurrent checkouts see each other.
    const campaign = await trx
      .selectFrom('campaigns')
      .select('per_shopper_limit')
      .where('id', '=', request.campaignId)
      .executeTakeFirstOrThrow();
    const uses = await trx
      .selectFrom('coupon_reservations')
      .select((eb) => eb.fn.countAll<number | string>().as('uses'))
      .where('campaign_id', '=', request.campaignId)
      .where('shopper_id', '=', shopperId)
      .where('status', 'in', HELD)
      .executeTakeFirstOrThrow();
    if (Number(uses.uses) > campaign.per_shopper_limit) {
      throw new AppError(
        'COUPON_ALREADY_USED',
        'This shopper has used that code as often as allowed.',
        details,
      );
    }
  }
  await appendLedger(trx, inserted, 'reserved', now);
}

async function couponRefusal(
  trx: Transaction<Database>,
  request: ReservationRequest,
  shopperId: string,
  now: number,
): Promise<AppError> {
  const details = { code: request.code, campaignId: request.campaignId };
  const coupon = await trx
    .selectFrom('coupons')
    .selectAll()
    .where('id', '=', request.couponId ?? '')
    .executeTakeFirst();
  if (coupon === undefined || coupon.shopper_id !== shopperId || coupon.campaign_id !== request.campaignId) {
    return new AppError('COUPON_NOT_FOUND', undefined, details);
  }
  if (coupon.status === 'revoked')
    return new AppError('COUPON_NOT_FOUND', 'The coupon was revoked.', details);
  if (coupon.status === 'expired' || (coupon.expires_at !== null && coupon.expires_at <= now)) {
    return new AppError('COUPON_EXPIRED', undefined, details);
  }
  return new AppError('COUPON_ALREADY_USED', undefined, details);
}

async function campaignRefusal(
  trx: Transaction<Database>,
  request: ReservationRequest,
  now: number,
): Promise<AppError> {
  const details = { code: request.code, campaignId: request.campaignId };
  const row = await trx
    .selectFrom('campaigns')
    .selectAll()
    .where('id', '=', request.campaignId)
    .executeTakeFirst();
  if (row === undefined) return new AppError('COUPON_NOT_FOUND', undefined, details);
  if (request.couponId !== undefined) {
    if (row.status !== 'live' && row.status !== 'paused')
      return new AppError('CAMPAIGN_NOT_LIVE', undefined, details);
  } else {
    const live =
      row.status === 'live' &&
      row.code !== null &&
      (row.starts_at === null || row.starts_at <= now) &&
      (row.ends_at === null || row.ends_at > now);
    if (!live) return new AppError('CAMPAIGN_NOT_LIVE', undefined, details);
    if (row.redeemed_count + row.reserved_count + 1 > row.budget_claims) {
      return new AppError('CAMPAIGN_EXHAUSTED', 'The code has been used as often as allowed.', details);
    }
  }
  return new AppError('DISCOUNT_BUDGET_EXHAUSTED', undefined, {
    ...details,
    remaining: Math.max(0, (row.budget_discount ?? 0) - row.discount_reserved - row.discount_redeemed),
  });
}

/** Releases one reservation from whatever it holds now; false when another call already did. */
async function releaseOne(
  trx: Transaction<Database>,
  orderId: string,
  row: ReservationRow,
  now: number,
): Promise<boolean> {
  let status = row.status;
  // A concurrent consume may move the row from reserved to redeemed under us: read again and retry.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (status !== 'reserved' && status !== 'redeemed') return false;
    const moved = await trx
      .updateTable('coupon_reservations')
      .set({ status: 'released', updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', status)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 1) {
      await undoHold(trx, orderId, row, status, now);
      return true;
    }
    const current = await trx
      .selectFrom('coupon_reservations')
      .select('status')
      .where('id', '=', row.id)
      .executeTakeFirst();
    status = current?.status ?? 'released';
  }
  throw new Error(`reservation ${row.id} kept changing while being released`);
}

async function undoHold(
  trx: Transaction<Database>,
  orderId: string,
  row: ReservationRow,
  from: 'reserved' | 'redeemed',
  now: number,
): Promise<void> {
  await trx
    .updateTable('campaigns')
    .set((eb) =>
      from === 'reserved'
        ? {
            discount_reserved: eb('discount_reserved', '-', row.discount),
            reserved_count: eb('reserved_count', '-', 1),
            updated_at: now,
          }
        : {
            discount_redeemed: eb('discount_redeemed', '-', row.discount),
            redeemed_count: eb('redeemed_count', '-', 1),
            updated_at: now,
          },
    )
    .where('id', '=', row.campaign_id)
    .execute();
  await appendLedger(trx, row, 'released', now);
  if (row.coupon_id === null) return;
  const coupon = await trx
    .selectFrom('coupons')
    .select(['expires_at', 'status', 'order_id'])
    .where('id', '=', row.coupon_id)
    .executeTakeFirst();
  if (coupon === undefined || coupon.order_id !== orderId) return;
  // Back to the wallet, unless it expired while the order held it.
  const back: CouponStatus = coupon.expires_at !== null && coupon.expires_at <= now ? 'expired' : 'available';
  const restored = await trx
    .updateTable('coupons')
    .set({ status: back, order_id: null, updated_at: now })
    .where('id', '=', row.coupon_id)
    .where('order_id', '=', orderId)
    .where('status', 'in', HELD)
    .executeTakeFirst();
  if (Number(restored.numUpdatedRows) === 1 && back === 'expired') {
    await appendLedger(trx, { ...row, discount: 0 }, 'expired', now, null);
  }
}

async function reservationsOf(
  executor: Executor,
  orderId: string,
  statuses: readonly string[],
): Promise<ReservationRow[]> {
  return executor
    .selectFrom('coupon_reservations')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', 'in', [...statuses])
    .orderBy('campaign_id')
    .execute();
}

async function appendLedger(
  executor: Executor,
  row: Pick<ReservationRow, 'campaign_id' | 'coupon_id' | 'shopper_id' | 'order_id' | 'discount'>,
  event: 'reserved' | 'redeemed' | 'released' | 'expired',
  now: number,
  amount: number | null = row.discount,
): Promise<void> {
  await executor
    .insertInto('coupon_ledger')
    .values({
      id: newId('led'),
      at: now,
      campaign_id: row.campaign_id,
      coupon_id: row.coupon_id,
      shopper_id: row.shopper_id,
      order_id: event === 'expired' ? null : row.order_id,
      event,
      amount,
    })
    .execute();
}

async function loadCampaigns(
  executor: Executor,
  ids: readonly string[],
): Promise<Map<string, RedemptionCampaign>> {
  if (ids.length === 0) return new Map();
  const rows = await executor
    .selectFrom('campaigns')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, toCampaign(row)]));
}

function couponFromRow(row: CouponRow): StoredCoupon {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    shopperId: row.shopper_id,
    code: row.code,
    status: row.status as CouponStatus,
    claimedAt: row.claimed_at,
    expiresAt: row.expires_at ?? undefined,
    orderId: row.order_id ?? undefined,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
