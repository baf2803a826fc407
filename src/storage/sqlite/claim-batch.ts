import type {
  ClaimBatchStore,
  ClaimOutcome,
  ClaimRequest,
  IssuedCoupon,
} from '../../promotions/claim-batch.js';
import { type ClaimIdentities, mintClaimIdentities } from '../../promotions/claim-identities.js';
import type { SqliteDb } from '../dialect.js';
import { type IssuedCouponRow, toCoupon } from '../sql/campaign-store.js';

interface CampaignRow {
  status: string;
  starts_at: number | null;
  ends_at: number | null;
  budget_claims: number;
  claimed: number;
  per_shopper_limit: number;
  code: string | null;
}

const COUPON_COLUMNS =
  'id, code, campaign_id, shopper_id, ordinal, idempotency_key, request_hash, claimed_at, expires_at';

/**
 * The claim batch on SQLite: prepared statements on the raw better-sqlite3 connection inside one
 * IMMEDIATE transaction (taking the write lock up front, so two processes on one file never
 * deadlock upgrading a read lock). The loop sees its own inserts, so duplicates inside one batch
 * resolve exactly like duplicates across batches.
 *
 * A flash crowd is mostly first claims, so each request first tries `INSERT OR IGNORE` with
 * ordinal 1: the unique constraint (shopper, campaign, ordinal) refuses it exactly when the
 * shopper already holds a coupon of the campaign (coupons are never deleted, so a shopper's
 * ordinals are 1..n without gaps), and a shopper holding none cannot have used this key, since a
 * claim's key is kept only on its coupon. Only a refused request pays for the range read that
 * decides replay, conflict, already-claimed or the next ordinal.
 */
export function createSqliteClaimBatch(db: SqliteDb): ClaimBatchStore {
  const connection = db.sqlite;
  const selectCampaign = connection.prepare<[string], CampaignRow>(
    'select status, starts_at, ends_at, budget_claims, claimed, per_shopper_limit, code from campaigns where id = ?',
  );
  const selectHeld = connection.prepare<[string, string], IssuedCouponRow>(
    `select ${COUPON_COLUMNS} from coupons where campaign_id = ? and shopper_id = ? order by ordinal desc`,
  );
  const insertFirstCoupon = connection.prepare(
    `insert or ignore into coupons (id, campaign_id, shopper_id, code, ordinal, status, idempotency_key, request_hash, claimed_at, expires_at, order_id, updated_at)
     values (?, ?, ?, ?, 1, 'available', ?, ?, ?, ?, null, ?)`,
  );
  const insertCoupon = connection.prepare(
    `insert into coupons (id, campaign_id, shopper_id, code, ordinal, status, idempotency_key, request_hash, claimed_at, expires_at, order_id, updated_at)
     values (?, ?, ?, ?, ?, 'available', ?, ?, ?, ?, null, ?)`,
  );
  const insertLedger = connection.prepare(
    `insert into coupon_ledger (id, at, campaign_id, coupon_id, shopper_id, order_id, event, amount)
     values (?, ?, ?, ?, ?, null, 'claimed', null)`,
  );
  const raiseClaimed = connection.prepare(
    'update campaigns set claimed = claimed + ?, updated_at = ? where id = ? and claimed + ? <= budget_claims',
  );

  const run = connection.transaction(
    (campaignId: string, requests: readonly ClaimRequest[], now: number, expiresAt: number | undefined) => {
      const campaign = selectCampaign.get(campaignId);
      if (campaign === undefined) {
        return {
          outcomes: requests.map((): ClaimOutcome => ({ kind: 'not_found' })),
          claimed: undefined,
          budgetClaims: undefined,
        };
      }
      const live = isClaimable(campaign, now);
      let remaining = campaign.budget_claims - campaign.claimed;
      let issued = 0;
      const outcomes: ClaimOutcome[] = [];
      const minted = live && remaining > 0 ? mintClaimIdentities(requests.length, now) : undefined;
      const issue = (
        identities: ClaimIdentities,
        index: number,
        request: ClaimRequest,
        ordinal: number,
      ): IssuedCoupon => {
        const coupon: IssuedCoupon = {
          id: identities.couponIds[index] as string,
          code: identities.codes[index] as string,
          campaignId,
          shopperId: request.shopperId,
          ordinal,
          idempotencyKey: request.idempotencyKey,
          requestHash: request.requestHash,
          claimedAt: now,
          expiresAt,
        };
        insertLedger.run(identities.ledgerIds[index], now, campaignId, coupon.id, coupon.shopperId);
        remaining -= 1;
        issued += 1;
        return coupon;
      };
      for (let index = 0; index < requests.length; index += 1) {
        const request = requests[index] as ClaimRequest;
        if (minted !== undefined && remaining > 0) {
          const inserted = insertFirstCoupon.run(
            minted.couponIds[index],
            campaignId,
            request.shopperId,
            minted.codes[index],
            request.idempotencyKey,
            request.requestHash,
            now,
            expiresAt ?? null,
            now,
          );
          if (inserted.changes === 1) {
            outcomes.push({ kind: 'issued', coupon: issue(minted, index, request, 1) });
            continue;
          }
        }
        // One index range read answers both questions: was this key used, and how many does the shopper hold?
        const held = selectHeld.all(campaignId, request.shopperId);
        const existing = held.find((row) => row.idempotency_key === request.idempotencyKey);
        if (existing !== undefined) {
          outcomes.push(
            existing.request_hash === request.requestHash
              ? { kind: 'replayed', coupon: toCoupon(existing) }
              : { kind: 'conflict' },
          );
          continue;
        }
        const latest = held[0];
        if (latest !== undefined && held.length >= campaign.per_shopper_limit) {
          outcomes.push({ kind: 'already_claimed', coupon: toCoupon(latest) });
          continue;
        }
        if (!live || minted === undefined) {
          outcomes.push({ kind: live ? 'exhausted' : 'not_live' });
          continue;
        }
        if (remaining <= 0) {
          outcomes.push({ kind: 'exhausted' });
          continue;
        }
        const ordinal = held.length + 1;
        insertCoupon.run(
          minted.couponIds[index],
          campaignId,
          request.shopperId,
          minted.codes[index],
          ordinal,
          request.idempotencyKey,
          request.requestHash,
          now,
          expiresAt ?? null,
          now,
        );
        outcomes.push({ kind: 'issued', coupon: issue(minted, index, request, ordinal) });
      }
      if (issued > 0) {
        // The conditional update is the last word on invariant 1: if it matches no row, the
        // whole batch rolls back rather than issue past the budget.
        const raised = raiseClaimed.run(issued, now, campaignId, issued);
        if (raised.changes !== 1) throw new Error(`claim batch would exceed the budget of ${campaignId}`);
      }
      return { outcomes, claimed: campaign.claimed + issued, budgetClaims: campaign.budget_claims };
    },
  );

  return {
    async claimBatch(campaignId, requests, options) {
      // Hold Kysely's connection lock while using the raw handle: otherwise a Kysely transaction
      // awaiting between statements (a checkout, a reservation) would still be open, and
      // better-sqlite3 would nest this batch inside it as a savepoint, so the claims acknowledged
      // here could be rolled back with someone else's transaction.
      return db.kysely
        .connection()
        .execute(async () => run.immediate(campaignId, requests, options.now, options.expiresAt));
    },
  };
}

function isClaimable(campaign: CampaignRow, now: number): boolean {
  return (
    campaign.status === 'live' &&
    campaign.code === null &&
    (campaign.starts_at === null || now >= campaign.starts_at) &&
    (campaign.ends_at === null || now < campaign.ends_at)
  );
}
