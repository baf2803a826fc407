/** The raw figures of one campaign, as the store counts them from each source. */
export interface CampaignFigures {
  readonly campaignId: string;
  readonly name: string;
  /** The counters on the campaign row. */
  readonly counters: {
    readonly claimed: number;
    readonly budgetClaims: number;
    readonly perShopperLimit: number;
    readonly budgetDiscount: number | undefined;
    readonly discountReserved: number;
    readonly discountRedeemed: number;
    readonly redeemedCount: number;
    /** Coupons clawed back (each raised `budgetClaims` by one). */
    readonly revoked: number;
  };
  readonly coupons: { readonly count: number; readonly maxPerShopper: number; readonly revoked: number };
  readonly reservations: {
    readonly reservedAmount: number;
    readonly redeemedAmount: number;
    readonly redeemedCount: number;
  };
  readonly ledger: {
    readonly claimed: number;
    readonly revoked: number;
    /** Money still held by reservations whose last ledger event is `reserved`. */
    readonly reservedAmount: number;
    /** Money of reservations whose last ledger event is `redeemed`. */
    readonly redeemedAmount: number;
    readonly redeemedCount: number;
  };
}

/** One disagreement `rushcart verify` found. */
export interface LedgerMismatch {
  readonly campaignId: string;
  readonly check: string;
  readonly expected: number;
  readonly actual: number;
}

/** The outcome of a verification. */
export interface VerifyReport {
  readonly campaigns: number;
  readonly mismatches: readonly LedgerMismatch[];
  readonly ok: boolean;
}

/**
 * Compares each campaign's counters with what its coupons, reservations and ledger say, and
 * checks the invariants themselves (issued within budget, within the per-shopper limit, money
 * within the discount budget). Pure: the store gathers the figures.
 */
export function verifyFigures(all: readonly CampaignFigures[]): VerifyReport {
  const mismatches: LedgerMismatch[] = [];
  for (const figures of all) {
    const check = (name: string, expected: number, actual: number) => {
      if (expected !== actual)
        mismatches.push({ campaignId: figures.campaignId, check: name, expected, actual });
    };
    const atMost = (name: string, limit: number, actual: number) => {
      if (actual > limit)
        mismatches.push({ campaignId: figures.campaignId, check: name, expected: limit, actual });
    };
    const { counters, coupons, reservations, ledger } = figures;
    check('claimed = coupons issued', coupons.count, counters.claimed);
    check('claimed = ledger claimed events', ledger.claimed, counters.claimed);
    check('revoked = coupons revoked', coupons.revoked, counters.revoked);
    check('revoked = ledger revoked events', ledger.revoked, counters.revoked);
    atMost('claimed <= budget.claims', counters.budgetClaims, counters.claimed);
    atMost('coupons per shopper <= perShopperLimit', counters.perShopperLimit, coupons.maxPerShopper);
    check('discountReserved = open reservations', reservations.reservedAmount, counters.discountReserved);
    check('discountRedeemed = redeemed reservations', reservations.redeemedAmount, counters.discountRedeemed);
    check('redeemed = redeemed reservations', reservations.redeemedCount, counters.redeemedCount);
    check('discountReserved = ledger', ledger.reservedAmount, counters.discountReserved);
    check('discountRedeemed = ledger', ledger.redeemedAmount, counters.discountRedeemed);
    check('redeemed = ledger', ledger.redeemedCount, counters.redeemedCount);
    if (counters.budgetDiscount !== undefined) {
      atMost(
        'discountReserved + discountRedeemed <= budget.discount',
        counters.budgetDiscount,
        counters.discountReserved + counters.discountRedeemed,
      );
    }
  }
  return { campaigns: all.length, mismatches, ok: mismatches.length === 0 };
}
