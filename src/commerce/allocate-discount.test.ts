import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateDiscount } from './allocate-discount.js';

describe('allocateDiscount', () => {
  it('keeps the shares coupons named and spreads the rest by value', () => {
    const lines = [
      { lineId: 'a', amount: 1000 },
      { lineId: 'b', amount: 3000 },
    ];
    expect(Object.fromEntries(allocateDiscount(lines, 400))).toEqual({ a: 100, b: 300 });
    expect(Object.fromEntries(allocateDiscount(lines, 500, [{ lineId: 'a', amount: 500 }]))).toEqual({
      a: 500,
      b: 0,
    });
  });

  it('splits a discount that does not divide evenly without losing a cent', () => {
    const lines = [
      { lineId: 'a', amount: 100 },
      { lineId: 'b', amount: 100 },
      { lineId: 'c', amount: 100 },
    ];
    const shares = allocateDiscount(lines, 100);
    expect([...shares.values()].reduce((sum, value) => sum + value, 0)).toBe(100);
  });

  it('always sums to min(discount, total) and never exceeds a line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.array(fc.tuple(fc.nat(11), fc.integer({ min: 0, max: 100_000 })), { maxLength: 5 }),
        (amounts, discount, named) => {
          const lines = amounts.map((amount, index) => ({ lineId: `l${index}`, amount }));
          const namedShares = named.map(([index, amount]) => ({ lineId: `l${index}`, amount }));
          const shares = allocateDiscount(lines, discount, namedShares);
          const total = amounts.reduce((sum, value) => sum + value, 0);
          const sum = [...shares.values()].reduce((accumulator, value) => accumulator + value, 0);
          expect(sum).toBe(Math.min(discount, total));
          for (const line of lines) {
            const share = shares.get(line.lineId) ?? -1;
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(line.amount);
            expect(Number.isInteger(share)).toBe(true);
          }
        },
      ),
    );
  });
});
