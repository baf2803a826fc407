import type { ClaimBatchStore, ClaimOutcome, IssuedCoupon } from '../../promotions/claim-batch.js';
import { mintClaimIdentities } from '../../promotions/claim-identities.js';
import type { PostgresDb } from '../dialect.js';

interface BatchRow {
  o_idx: number;
  o_outcome: string;
  o_id: string | null;
  o_code: string | null;
  o_shopper: string | null;
  o_ordinal: number | null;
  o_key: string | null;
  o_hash: string | null;
  o_claimed_at: number | null;
  o_expires_at: number | null;
  o_claimed: number | null;
  o_budget: number | null;
}

const CLAIM_BATCH_SQL = {
  name: 'rushcart_claim_batch',
  text: 'select * from rushcart_claim_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)',
};

/**
 * The claim batch on PostgreSQL: one round trip to the `rushcart_claim_batch` function
 * (migrations/009-claim-batch-set.ts, replacing 005), which locks the campaign row, inserts coupons and ledger rows
 * in arrival order and raises `claimed` with a conditional update, all in one implicit
 * transaction. The row lock serializes batches from every node, so throughput grows with batch
 * size rather than shrinking with contention.
 */
export function createPostgresClaimBatch(db: PostgresDb): ClaimBatchStore {
  return {
    async claimBatch(campaignId, requests, options) {
      // Ids and codes are minted here (the random source is Node's CSPRNG); unused ones are dropped.
      const minted = mintClaimIdentities(requests.length, options.now);
      const result = await db.claimPool.query<BatchRow>({
        ...CLAIM_BATCH_SQL,
        values: [
          campaignId,
          options.now,
          options.expiresAt ?? null,
          requests.map((request) => request.shopperId),
          requests.map((request) => request.idempotencyKey),
          requests.map((request) => request.requestHash),
          minted.couponIds,
          minted.codes,
          minted.ledgerIds,
        ],
      });
      const outcomes: ClaimOutcome[] = new Array(requests.length);
      let claimed: number | undefined;
      let budgetClaims: number | undefined;
      for (const row of result.rows) {
        if (row.o_idx === 0) {
          claimed = row.o_claimed ?? undefined;
          budgetClaims = row.o_budget ?? undefined;
          continue;
        }
        outcomes[row.o_idx - 1] = toOutcome(row, campaignId);
      }
      for (let index = 0; index < outcomes.length; index += 1) {
        if (outcomes[index] === undefined)
          throw new Error(`claim batch returned no outcome for request ${index}`);
      }
      return { outcomes, claimed, budgetClaims };
    },
  };
}

function toOutcome(row: BatchRow, campaignId: string): ClaimOutcome {
  switch (row.o_outcome) {
    case 'issued':
    case 'replayed':
    case 'already_claimed':
      return { kind: row.o_outcome, coupon: toCoupon(row, campaignId) };
    case 'conflict':
    case 'exhausted':
    case 'not_live':
    case 'not_found':
      return { kind: row.o_outcome };
    default:
      throw new Error(`unknown claim outcome ${row.o_outcome}`);
  }
}

function toCoupon(row: BatchRow, campaignId: string): IssuedCoupon {
  return {
    id: row.o_id ?? '',
    code: row.o_code ?? '',
    campaignId,
    shopperId: row.o_shopper ?? '',
    ordinal: row.o_ordinal ?? 0,
    idempotencyKey: row.o_key ?? '',
    requestHash: row.o_hash ?? '',
    claimedAt: row.o_claimed_at ?? 0,
    expiresAt: row.o_expires_at ?? undefined,
  };
}
