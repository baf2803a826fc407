import type { Eligibility, Reward, Scope, Stacking } from '../campaign.js';

/** A cart line as discounts see it; amounts in the cart's currency, minor units. */
export interface DiscountLine {
  readonly lineId: string;
  readonly productId: string;
  readonly category: string;
  readonly unitPrice: number;
  readonly quantity: number;
}

/** The cart a set of coupons is priced against, before any discount. */
export interface DiscountCart {
  readonly currency: string;
  readonly lines: readonly DiscountLine[];
  /** The pre-discount subtotal; minimums are checked against it. */
  readonly subtotal: number;
  readonly shipping: number;
}

/** One coupon offered for a cart, with its campaign's terms. */
export interface DiscountCoupon {
  readonly code: string;
  readonly campaignId: string;
  /** Undefined for a shared public code. */
  readonly couponId: string | undefined;
  /** The campaign's currency; undefined when its terms name no money at all. */
  readonly currency: string | undefined;
  readonly reward: Reward;
  readonly scope: Scope;
  readonly eligibility: Eligibility;
  readonly stacking: Stacking;
  /** What is left of the campaign's money budget; undefined when it has none. */
  readonly budgetRemaining?: number | undefined;
}

/** What one applied coupon takes off the cart. */
export interface CouponDiscount {
  readonly code: string;
  readonly campaignId: string;
  readonly couponId: string | undefined;
  /** Item discount, minor units; equals the sum of `lineDiscounts`. */
  readonly discount: number;
  readonly shippingDiscount: number;
  /** Positive shares only, in cart line order. */
  readonly lineDiscounts: readonly { readonly lineId: string; readonly amount: number }[];
  /** True when the money budget left cut the discount short (a partial fill). */
  readonly limitedByBudget: boolean;
}

/** Why a coupon was not applied. */
export interface CouponRejection {
  readonly code: string;
  readonly campaignId: string;
  readonly error: 'COUPON_NOT_APPLICABLE' | 'COUPON_NOT_COMBINABLE' | 'DISCOUNT_BUDGET_EXHAUSTED';
  readonly message: string;
}

/** The priced outcome for a cart: applied coupons in the order given, rejections, and totals. */
export interface DiscountResult {
  readonly applied: readonly CouponDiscount[];
  readonly rejected: readonly CouponRejection[];
  readonly discount: number;
  readonly shippingDiscount: number;
}

/** Whether a coupon may apply to a cart on its own terms (not considering the other coupons). */
export type Applicability = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** The amount of a line before discount. */
export function lineAmount(line: DiscountLine): number {
  return line.unitPrice * line.quantity;
}

/** True when the coupon's scope covers the line. */
export function inScope(scope: Scope, line: DiscountLine): boolean {
  switch (scope.type) {
    case 'all':
      return true;
    case 'categories':
      return scope.categories.includes(line.category);
    case 'products':
      return scope.productIds.includes(line.productId);
  }
}

/** Checks currency, eligibility and scope of one coupon against the cart. */
export function checkApplicable(cart: DiscountCart, coupon: DiscountCoupon): Applicability {
  const currencies = [coupon.currency, coupon.eligibility.minSubtotal?.currency];
  if (coupon.reward.type === 'amount') currencies.push(coupon.reward.amount.currency);
  if (coupon.reward.type === 'percent') currencies.push(coupon.reward.cap?.currency);
  if (currencies.some((currency) => currency !== undefined && currency !== cart.currency)) {
    return { ok: false, message: `The coupon is for another currency than ${cart.currency}.` };
  }
  const { minSubtotal, requiresCategories, requiresProductIds } = coupon.eligibility;
  if (minSubtotal !== undefined && cart.subtotal < minSubtotal.amount) {
    return {
      ok: false,
      message: `The cart subtotal must reach ${minSubtotal.amount} ${minSubtotal.currency}.`,
    };
  }
  if (
    requiresCategories !== undefined &&
    !cart.lines.some((line) => requiresCategories.includes(line.category))
  ) {
    return { ok: false, message: 'The cart holds no product of the categories this coupon requires.' };
  }
  if (
    requiresProductIds !== undefined &&
    !cart.lines.some((line) => requiresProductIds.includes(line.productId))
  ) {
    return { ok: false, message: 'The cart holds none of the products this coupon requires.' };
  }
  const scoped = cart.lines.filter((line) => inScope(coupon.scope, line));
  if (coupon.scope.type !== 'all' && scoped.length === 0) {
    return { ok: false, message: 'No item in the cart is covered by this coupon.' };
  }
  if (
    coupon.reward.type !== 'free_shipping' &&
    scoped.reduce((sum, line) => sum + lineAmount(line), 0) === 0
  ) {
    return { ok: false, message: 'The cart has nothing this coupon can take off.' };
  }
  return { ok: true };
}

/**
 * Prices coupons against a cart. Rules:
 * - a coupon that does not apply on its own terms (currency, minimum on the pre-discount subtotal,
 *   required categories or products, empty scope) is rejected COUPON_NOT_APPLICABLE; one whose
 *   campaign has no money budget left is rejected DISCOUNT_BUDGET_EXHAUSTED;
 * - stacking, in the order given: the first applicable coupon wins. If it is exclusive, every other
 *   coupon is rejected COUPON_NOT_COMBINABLE; if it is combinable, later combinable coupons join it
 *   and exclusive ones are rejected. Two coupons of one campaign never combine;
 * - each chosen coupon is priced on the pre-discount amounts (percent rounded down, then capped;
 *   a fixed amount never more than what it covers), then limited to what earlier coupons left on
 *   its lines and to its campaign's money budget left (a partial fill). Chosen coupons are taken
 *   in code order, so the order they were given in never changes any amount;
 * - a coupon's item discount is split over its lines in proportion to what each line has left,
 *   largest remainder first (ties to the earlier line), so shares sum exactly and no line ever
 *   goes below zero; the total item discount never exceeds the lines' value.
 */
export function computeDiscounts(cart: DiscountCart, coupons: readonly DiscountCoupon[]): DiscountResult {
  const rejected: CouponRejection[] = [];
  const chosen: DiscountCoupon[] = [];
  let mode: Stacking | undefined;
  for (const coupon of coupons) {
    const applicable = checkApplicable(cart, coupon);
    if (!applicable.ok) {
      rejected.push(rejection(coupon, 'COUPON_NOT_APPLICABLE', applicable.message));
      continue;
    }
    if (coupon.budgetRemaining !== undefined && coupon.budgetRemaining <= 0) {
      rejected.push(
        rejection(coupon, 'DISCOUNT_BUDGET_EXHAUSTED', "The campaign's discount budget is spent."),
      );
      continue;
    }
    if (chosen.some((other) => other.campaignId === coupon.campaignId)) {
      rejected.push(
        rejection(coupon, 'COUPON_NOT_COMBINABLE', 'Only one coupon of a campaign applies to a cart.'),
      );
      continue;
    }
    if (mode === 'exclusive' || (mode === 'combinable' && coupon.stacking === 'exclusive')) {
      rejected.push(
        rejection(
          coupon,
          'COUPON_NOT_COMBINABLE',
          'The coupon cannot be combined with the coupons already applied.',
        ),
      );
      continue;
    }
    mode ??= coupon.stacking;
    chosen.push(coupon);
  }

  const left = new Map(cart.lines.map((line) => [line.lineId, lineAmount(line)]));
  let shippingLeft = cart.shipping;
  const priced = new Map<DiscountCoupon, CouponDiscount>();
  for (const coupon of [...chosen].sort((a, b) => compareStrings(a.code, b.code))) {
    const result = priceCoupon(cart, coupon, left, shippingLeft);
    shippingLeft -= result.shippingDiscount;
    for (const share of result.lineDiscounts)
      left.set(share.lineId, (left.get(share.lineId) ?? 0) - share.amount);
    priced.set(coupon, result);
  }
  const applied = chosen.map((coupon) => priced.get(coupon) as CouponDiscount);
  return {
    applied,
    rejected,
    discount: applied.reduce((sum, coupon) => sum + coupon.discount, 0),
    shippingDiscount: applied.reduce((sum, coupon) => sum + coupon.shippingDiscount, 0),
  };
}

function priceCoupon(
  cart: DiscountCart,
  coupon: DiscountCoupon,
  left: ReadonlyMap<string, number>,
  shippingLeft: number,
): CouponDiscount {
  const scoped = cart.lines.filter((line) => inScope(coupon.scope, line));
  const scopedAmount = scoped.reduce((sum, line) => sum + lineAmount(line), 0);
  const scopedLeft = scoped.reduce((sum, line) => sum + (left.get(line.lineId) ?? 0), 0);
  let items = 0;
  let shipping = 0;
  switch (coupon.reward.type) {
    case 'percent': {
      const share = Number((BigInt(scopedAmount) * BigInt(coupon.reward.percent)) / 100n);
      items = Math.min(share, coupon.reward.cap?.amount ?? share);
      break;
    }
    case 'amount':
      items = Math.min(coupon.reward.amount.amount, scopedAmount);
      break;
    case 'free_shipping':
      shipping = shippingLeft;
      break;
  }
  items = Math.min(items, scopedLeft);
  let limitedByBudget = false;
  if (coupon.budgetRemaining !== undefined && items + shipping > coupon.budgetRemaining) {
    limitedByBudget = true;
    items = Math.min(items, coupon.budgetRemaining);
    shipping = Math.min(shipping, coupon.budgetRemaining - items);
  }
  const weights = scoped.map((line) => ({ lineId: line.lineId, weight: left.get(line.lineId) ?? 0 }));
  return {
    code: coupon.code,
    campaignId: coupon.campaignId,
    couponId: coupon.couponId,
    discount: items,
    shippingDiscount: shipping,
    lineDiscounts: allocateLargestRemainder(items, weights),
    limitedByBudget,
  };
}

/**
 * Splits `amount` over weighted items in proportion to their weights, largest remainder first
 * (ties to the earlier item). Requires `amount <= sum(weights)`; then no share exceeds its weight
 * and the shares sum exactly to `amount`. Returns the positive shares in the order given.
 */
export function allocateLargestRemainder(
  amount: number,
  items: readonly { readonly lineId: string; readonly weight: number }[],
): { lineId: string; amount: number }[] {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  if (amount <= 0 || total <= 0) return [];
  if (amount > total) throw new RangeError(`cannot allocate ${amount} over weights summing to ${total}`);
  const bigAmount = BigInt(amount);
  const bigTotal = BigInt(total);
  const shares = items.map((item, index) => {
    const exact = bigAmount * BigInt(item.weight);
    return { index, lineId: item.lineId, whole: Number(exact / bigTotal), remainder: exact % bigTotal };
  });
  let missing = amount - shares.reduce((sum, share) => sum + share.whole, 0);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  // `missing` equals the sum of the fractional parts, so it is smaller than the count of
  // shares with a non-zero remainder: each of them gets at most one unit and stays within its weight.
  for (const share of byRemainder) {
    if (missing === 0) break;
    share.whole += 1;
    missing -= 1;
  }
  return shares
    .filter((share) => share.whole > 0)
    .map((share) => ({ lineId: share.lineId, amount: share.whole }));
}

function rejection(
  coupon: DiscountCoupon,
  error: CouponRejection['error'],
  message: string,
): CouponRejection {
  return { code: coupon.code, campaignId: coupon.campaignId, error, message };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
