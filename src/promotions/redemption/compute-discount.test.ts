import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reward, Scope } from '../campaign.js';
import {
  allocateLargestRemainder,
  computeDiscounts,
  type DiscountCart,
  type DiscountCoupon,
  type DiscountResult,
  inScope,
  lineAmount,
} from './compute-discount.js';

const USD = 'USD';

function cart(lines: [string, string, number, number][], shipping = 500): DiscountCart {
  const built = lines.map(([lineId, category, unitPrice, quantity]) => ({
    lineId,
    productId: `p-${lineId}`,
    category,
    unitPrice,
    quantity,
  }));
  return {
    currency: USD,
    lines: built,
    subtotal: built.reduce((sum, line) => sum + lineAmount(line), 0),
    shipping,
  };
}

function coupon(code: string, reward: Reward, overrides: Partial<DiscountCoupon> = {}): DiscountCoupon {
  return {
    code,
    campaignId: `cmp-${code}`,
    couponId: `cpn-${code}`,
    currency: USD,
    reward,
    scope: { type: 'all' },
    eligibility: {},
    stacking: 'combinable',
    ...overrides,
  };
}

const percent = (value: number, cap?: number): Reward =>
  cap === undefined
    ? { type: 'percent', percent: value }
    : { type: 'percent', percent: value, cap: { amount: cap, currency: USD } };
const amount = (value: number): Reward => ({ type: 'amount', amount: { amount: value, currency: USD } });
const freeShipping: Reward = { type: 'free_shipping' };

describe('computeDiscounts examples', () => {
  it('takes a percent off, rounded down, and splits it over the lines exactly', () => {
    const result = computeDiscounts(
      cart([
        ['a', 'shoes', 999, 1],
        ['b', 'shoes', 1001, 2],
      ]),
      [coupon('TEN', percent(10))],
    );
    // 10% of 3001 is 300.1: rounded down to 300, never up.
    expect(result.discount).toBe(300);
    expect(result.applied[0]?.lineDiscounts).toEqual([
      { lineId: 'a', amount: 100 },
      { lineId: 'b', amount: 200 },
    ]);
  });

  it('caps a percent discount', () => {
    const result = computeDiscounts(cart([['a', 'x', 10_000, 1]]), [coupon('HALF', percent(50, 1_500))]);
    expect(result.discount).toBe(1_500);
  });

  it('never takes a fixed amount past what it covers', () => {
    const scoped: Scope = { type: 'categories', categories: ['socks'] };
    const result = computeDiscounts(
      cart([
        ['a', 'socks', 300, 1],
        ['b', 'shoes', 5_000, 1],
      ]),
      [coupon('FIVE', amount(500), { scope: scoped })],
    );
    expect(result.discount).toBe(300);
    expect(result.applied[0]?.lineDiscounts).toEqual([{ lineId: 'a', amount: 300 }]);
  });

  it('gives free shipping as a shipping discount only', () => {
    const result = computeDiscounts(cart([['a', 'x', 1_000, 1]], 799), [coupon('SHIP', freeShipping)]);
    expect(result).toMatchObject({ discount: 0, shippingDiscount: 799 });
  });

  it('applies scope by category and by product', () => {
    const lines = cart([
      ['a', 'socks', 1_000, 1],
      ['b', 'shoes', 3_000, 1],
    ]);
    const byCategory = computeDiscounts(lines, [
      coupon('CAT', percent(10), { scope: { type: 'categories', categories: ['shoes'] } }),
    ]);
    expect(byCategory.discount).toBe(300);
    const byProduct = computeDiscounts(lines, [
      coupon('PROD', percent(10), { scope: { type: 'products', productIds: ['p-a'] } }),
    ]);
    expect(byProduct.discount).toBe(100);
    const none = computeDiscounts(lines, [
      coupon('NONE', percent(10), { scope: { type: 'categories', categories: ['hats'] } }),
    ]);
    expect(none.rejected[0]?.error).toBe('COUPON_NOT_APPLICABLE');
  });

  it('checks minimums on the pre-discount subtotal and required items', () => {
    const lines = cart([['a', 'socks', 1_000, 2]]);
    const min = (value: number) => ({ minSubtotal: { amount: value, currency: USD } });
    expect(computeDiscounts(lines, [coupon('OK', amount(100), { eligibility: min(2_000) })]).discount).toBe(
      100,
    );
    expect(
      computeDiscounts(lines, [coupon('NO', amount(100), { eligibility: min(2_001) })]).rejected,
    ).toHaveLength(1);
    const needsShoes = { requiresCategories: ['shoes'] };
    expect(
      computeDiscounts(lines, [coupon('R', amount(1), { eligibility: needsShoes })]).rejected,
    ).toHaveLength(1);
    const needsA = { requiresProductIds: ['p-a'] };
    expect(computeDiscounts(lines, [coupon('P', amount(1), { eligibility: needsA })]).discount).toBe(1);
  });

  it('refuses a coupon of another currency', () => {
    const result = computeDiscounts(cart([['a', 'x', 1_000, 1]]), [
      coupon('EUR', { type: 'amount', amount: { amount: 100, currency: 'EUR' } }, { currency: 'EUR' }),
    ]);
    expect(result.rejected[0]).toMatchObject({ error: 'COUPON_NOT_APPLICABLE' });
    expect(result.discount).toBe(0);
  });

  it('lets the first applicable coupon decide stacking', () => {
    const lines = cart([['a', 'x', 10_000, 1]]);
    const exclusive = coupon('EXCL', percent(20), { stacking: 'exclusive' });
    const combinable = coupon('COMB', amount(500));
    const exclusiveFirst = computeDiscounts(lines, [exclusive, combinable]);
    expect(exclusiveFirst.applied.map((applied) => applied.code)).toEqual(['EXCL']);
    expect(exclusiveFirst.rejected).toEqual([
      expect.objectContaining({ code: 'COMB', error: 'COUPON_NOT_COMBINABLE' }),
    ]);
    const combinableFirst = computeDiscounts(lines, [combinable, exclusive]);
    expect(combinableFirst.applied.map((applied) => applied.code)).toEqual(['COMB']);
    // An inapplicable exclusive coupon does not block the others.
    const tooSmall = coupon('BIG', percent(50), {
      stacking: 'exclusive',
      eligibility: { minSubtotal: { amount: 99_999, currency: USD } },
    });
    expect(computeDiscounts(lines, [tooSmall, combinable]).applied.map((applied) => applied.code)).toEqual([
      'COMB',
    ]);
  });

  it('combines combinable coupons without ever going below zero', () => {
    const lines = cart([['a', 'x', 1_000, 1]]);
    const result = computeDiscounts(lines, [coupon('A', percent(70)), coupon('B', percent(70))]);
    expect(result.discount).toBe(1_000);
    expect(result.applied.map((applied) => applied.discount)).toEqual([700, 300]);
  });

  it('never combines two coupons of one campaign', () => {
    const result = computeDiscounts(cart([['a', 'x', 1_000, 1]]), [
      coupon('A', amount(100), { campaignId: 'same' }),
      coupon('B', amount(100), { campaignId: 'same' }),
    ]);
    expect(result.discount).toBe(100);
    expect(result.rejected[0]?.error).toBe('COUPON_NOT_COMBINABLE');
  });

  it('partly fills a discount when the money budget is short, and refuses when it is spent', () => {
    const lines = cart([['a', 'x', 1_000, 1]], 300);
    const partial = computeDiscounts(lines, [coupon('A', amount(500), { budgetRemaining: 120 })]);
    expect(partial.applied[0]).toMatchObject({ discount: 120, limitedByBudget: true });
    const shipping = computeDiscounts(lines, [coupon('S', freeShipping, { budgetRemaining: 200 })]);
    expect(shipping.shippingDiscount).toBe(200);
    const spent = computeDiscounts(lines, [coupon('Z', amount(500), { budgetRemaining: 0 })]);
    expect(spent.rejected[0]?.error).toBe('DISCOUNT_BUDGET_EXHAUSTED');
  });

  it('allocates the remainder to the largest fractional parts, ties to the earlier line', () => {
    const weights = [
      { lineId: 'a', weight: 1 },
      { lineId: 'b', weight: 1 },
      { lineId: 'c', weight: 1 },
    ];
    expect(allocateLargestRemainder(2, weights)).toEqual([
      { lineId: 'a', amount: 1 },
      { lineId: 'b', amount: 1 },
    ]);
    expect(() => allocateLargestRemainder(4, weights)).toThrow(RangeError);
  });
});

const CATEGORIES = ['a', 'b', 'c'];
const lineArbitrary = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 2 ** 40 })),
  quantity: fc.integer({ min: 1, max: 20 }),
});
const cartArbitrary: fc.Arbitrary<DiscountCart> = fc
  .tuple(fc.array(lineArbitrary, { minLength: 0, maxLength: 6 }), fc.integer({ min: 0, max: 5_000 }))
  .map(([lines, shipping]) => {
    const built = lines.map((line, index) => ({ ...line, lineId: `l${index}`, productId: `p${index % 3}` }));
    return {
      currency: USD,
      lines: built,
      subtotal: built.reduce((sum, line) => sum + lineAmount(line), 0),
      shipping,
    };
  });
const rewardArbitrary: fc.Arbitrary<Reward> = fc.oneof(
  fc.record({ type: fc.constant('percent' as const), percent: fc.integer({ min: 1, max: 100 }) }),
  fc
    .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100_000 }))
    .map(([value, cap]) => percent(value, cap)),
  fc.integer({ min: 0, max: 200_000 }).map(amount),
  fc.constant(freeShipping),
);
const scopeArbitrary: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant({ type: 'all' as const }),
  fc
    .subarray(CATEGORIES, { minLength: 1 })
    .map((categories) => ({ type: 'categories' as const, categories })),
  fc
    .subarray(['p0', 'p1', 'p2'], { minLength: 1 })
    .map((productIds) => ({ type: 'products' as const, productIds })),
);
const couponArbitrary = (index: number, stacking?: fc.Arbitrary<'exclusive' | 'combinable'>) =>
  fc
    .record({
      reward: rewardArbitrary,
      scope: scopeArbitrary,
      stacking: stacking ?? fc.constantFrom('exclusive' as const, 'combinable' as const),
      minSubtotal: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
      budgetRemaining: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
      sharedCampaign: fc.boolean(),
    })
    .map(
      ({
        reward,
        scope,
        stacking: chosen,
        minSubtotal,
        budgetRemaining,
        sharedCampaign,
      }): DiscountCoupon => ({
        code: `C${index}`,
        campaignId: sharedCampaign ? 'shared' : `cmp${index}`,
        couponId: undefined,
        currency: USD,
        reward,
        scope,
        stacking: chosen,
        eligibility: minSubtotal === undefined ? {} : { minSubtotal: { amount: minSubtotal, currency: USD } },
        budgetRemaining,
      }),
    );
const couponsArbitrary = (stacking?: fc.Arbitrary<'exclusive' | 'combinable'>) =>
  fc
    .integer({ min: 0, max: 5 })
    .chain((count) =>
      fc.tuple(...Array.from({ length: count }, (_, index) => couponArbitrary(index, stacking))),
    );

function totalsByCode(result: DiscountResult) {
  return Object.fromEntries(
    result.applied.map((applied) => [
      applied.code,
      [applied.discount, applied.shippingDiscount, applied.lineDiscounts],
    ]),
  );
}

describe('computeDiscounts properties', () => {
  it('keeps every discount within its scope, the budget and the cart, and allocations exact', () => {
    fc.assert(
      fc.property(cartArbitrary, couponsArbitrary(), (priced, coupons) => {
        const result = computeDiscounts(priced, coupons);
        const perLine = new Map<string, number>();
        for (const applied of result.applied) {
          const offered = coupons.find((candidate) => candidate.code === applied.code) as DiscountCoupon;
          const scoped = priced.lines.filter((line) => inScope(offered.scope, line));
          const scopedAmount = scoped.reduce((sum, line) => sum + lineAmount(line), 0);
          expect(applied.discount).toBeGreaterThanOrEqual(0);
          expect(applied.discount).toBeLessThanOrEqual(scopedAmount);
          expect(applied.shippingDiscount).toBeGreaterThanOrEqual(0);
          expect(applied.discount + applied.shippingDiscount).toBeLessThanOrEqual(
            offered.budgetRemaining ?? Number.MAX_SAFE_INTEGER,
          );
          expect(applied.lineDiscounts.reduce((sum, share) => sum + share.amount, 0)).toBe(applied.discount);
          for (const share of applied.lineDiscounts) {
            expect(share.amount).toBeGreaterThan(0);
            expect(scoped.map((line) => line.lineId)).toContain(share.lineId);
            perLine.set(share.lineId, (perLine.get(share.lineId) ?? 0) + share.amount);
          }
          if (offered.reward.type === 'free_shipping') expect(applied.discount).toBe(0);
          else expect(applied.shippingDiscount).toBe(0);
        }
        for (const line of priced.lines)
          expect(perLine.get(line.lineId) ?? 0).toBeLessThanOrEqual(lineAmount(line));
        expect(result.discount).toBeLessThanOrEqual(priced.subtotal);
        expect(result.shippingDiscount).toBeLessThanOrEqual(priced.shipping);
        expect(result.applied.length + result.rejected.length).toBe(coupons.length);
        const exclusive = result.applied.filter((applied) =>
          coupons.some((offered) => offered.code === applied.code && offered.stacking === 'exclusive'),
        );
        expect(exclusive.length === 0 || result.applied.length === 1).toBe(true);
        expect(new Set(result.applied.map((applied) => applied.campaignId)).size).toBe(result.applied.length);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a lone coupon exactly its reward, limited by its scope and its budget', () => {
    fc.assert(
      fc.property(cartArbitrary, couponArbitrary(0), (priced, offered) => {
        const result = computeDiscounts(priced, [offered]);
        const applied = result.applied[0];
        if (applied === undefined) return;
        const scopedAmount = priced.lines
          .filter((line) => inScope(offered.scope, line))
          .reduce((sum, line) => sum + lineAmount(line), 0);
        const budget = offered.budgetRemaining ?? Number.MAX_SAFE_INTEGER;
        const reward = offered.reward;
        if (reward.type === 'percent') {
          const raw = Number((BigInt(scopedAmount) * BigInt(reward.percent)) / 100n);
          expect(applied.discount).toBe(Math.min(raw, reward.cap?.amount ?? raw, budget));
          // Rounding never over-discounts: the discount is at most the exact percentage.
          expect(BigInt(applied.discount) * 100n <= BigInt(scopedAmount) * BigInt(reward.percent)).toBe(true);
        } else if (reward.type === 'amount') {
          expect(applied.discount).toBe(Math.min(reward.amount.amount, scopedAmount, budget));
        } else {
          expect(applied.shippingDiscount).toBe(Math.min(priced.shipping, budget));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order combinable coupons are given in', () => {
    fc.assert(
      fc.property(
        cartArbitrary,
        couponsArbitrary(fc.constant('combinable' as const)).chain((coupons) =>
          fc.tuple(fc.constant(coupons), fc.shuffledSubarray(coupons, { minLength: coupons.length })),
        ),
        (priced, [coupons, shuffled]) => {
          const first = computeDiscounts(priced, coupons);
          const second = computeDiscounts(priced, shuffled);
          // Only which of two coupons of one campaign comes first may change the outcome.
          fc.pre(new Set(coupons.map((offered) => offered.campaignId)).size === coupons.length);
          expect(second.discount).toBe(first.discount);
          expect(second.shippingDiscount).toBe(first.shippingDiscount);
          expect(totalsByCode(second)).toEqual(totalsByCode(first));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets the first applicable coupon win when it is exclusive', () => {
    fc.assert(
      fc.property(cartArbitrary, couponsArbitrary(), (priced, coupons) => {
        const result = computeDiscounts(priced, coupons);
        const rejectedAlone = new Set(
          coupons
            .filter((offered) => computeDiscounts(priced, [offered]).applied.length === 0)
            .map((offered) => offered.code),
        );
        const firstApplicable = coupons.find((offered) => !rejectedAlone.has(offered.code));
        if (firstApplicable === undefined) {
          expect(result.applied).toEqual([]);
        } else {
          expect(result.applied[0]?.code).toBe(firstApplicable.code);
          if (firstApplicable.stacking === 'exclusive') expect(result.applied).toHaveLength(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits any amount over any weights exactly and within each weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, fraction) => {
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          const amountToSplit = Math.floor(total * fraction);
          const items = weights.map((weight, index) => ({ lineId: `l${index}`, weight }));
          const shares = allocateLargestRemainder(amountToSplit, items);
          expect(shares.reduce((sum, share) => sum + share.amount, 0)).toBe(total === 0 ? 0 : amountToSplit);
          for (const share of shares) {
            const weight = items.find((item) => item.lineId === share.lineId)?.weight ?? 0;
            expect(share.amount).toBeLessThanOrEqual(weight);
            // Within one unit of the exact proportional share.
            const exact = (BigInt(amountToSplit) * BigInt(weight) * 1000n) / BigInt(total);
            expect(BigInt(share.amount) * 1000n - exact < 1000n).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
