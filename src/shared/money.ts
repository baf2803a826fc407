import { z } from 'zod';

/** An amount in integer minor units with its ISO 4217 currency code. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** Schema of a money value on the wire: non-negative safe integer minor units and a currency. */
export const MoneySchema = z
  .object({
    amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be a three-letter ISO 4217 code'),
  })
  .strict();

/** Builds a money value. */
export function money(amount: number, currency: string): Money {
  return { amount, currency };
}

/** Converts a decimal major-unit price (such as 12.99 dollars) to minor units without float drift. */
export function toMinorUnits(major: number): number {
  return Math.round(major * 100);
}

/** Formats money for people, e.g. `$12.99`. */
export function formatMoney(value: Money): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: value.currency }).format(
    value.amount / 100,
  );
}
