/** A coupon as the claim path stores and answers it. */
export interface IssuedCoupon {
  readonly id: string;
  readonly code: string;
  readonly campaignId: string;
  readonly shopperId: string;
  /** 1..perShopperLimit: which of the shopper's coupons from this campaign this is. */
  readonly ordinal: number;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly claimedAt: number;
  readonly expiresAt: number | undefined;
}

/** One claim inside a batch, in arrival order. */
export interface ClaimRequest {
  readonly shopperId: string;
  readonly idempotencyKey: string;
  /** Hash of the request body: the same key with another body is a conflict. */
  readonly requestHash: string;
}

/** What the store decided for one request of a batch. Expected outcomes are values, never throws. */
export type ClaimOutcome =
  | { readonly kind: 'issued'; readonly coupon: IssuedCoupon }
  | { readonly kind: 'replayed'; readonly coupon: IssuedCoupon }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'already_claimed'; readonly coupon: IssuedCoupon }
  | { readonly kind: 'exhausted' }
  | { readonly kind: 'not_live' }
  | { readonly kind: 'not_found' };

/** The committed result of one batch. */
export interface ClaimBatchResult {
  /** One outcome per request, in the order given. */
  readonly outcomes: readonly ClaimOutcome[];
  /** The campaign's `claimed` counter right after the batch committed (undefined when not found). */
  readonly claimed: number | undefined;
  readonly budgetClaims: number | undefined;
}

/** Per-batch values the service computes once: the clock and the coupons' expiry. */
export interface ClaimBatchOptions {
  readonly now: number;
  readonly expiresAt: number | undefined;
}

/**
 * The claim port: ONE store transaction for a whole batch. It inserts coupons in arrival order
 * while budget remains (unique per campaign, shopper and ordinal; unique per idempotency key),
 * writes a `claimed` ledger row for each, raises the campaign's `claimed` counter with a
 * conditional update (`claimed + n <= budget_claims`), and returns one outcome per request.
 * Nothing is visible to anyone until the batch commits; a failure commits nothing.
 *
 * Claims do not use the generic `idempotency_keys` table: the coupon row itself carries the key
 * and the request hash under a unique constraint, so the idempotency record IS the effect and
 * commits in the same transaction by construction. A refused claim (exhausted, already claimed)
 * leaves no record: retrying its key re-evaluates, which gives the same answer unless the budget
 * grew, and never a second coupon.
 */
export interface ClaimBatchStore {
  claimBatch(
    campaignId: string,
    requests: readonly ClaimRequest[],
    options: ClaimBatchOptions,
  ): Promise<ClaimBatchResult>;
}
