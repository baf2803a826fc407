import { z } from 'zod';
import { currencyExponent } from './currency-exponents.js';

export { currencyExponent };

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

/**
 * Converts a major-unit price (12.99 dollars, 1200 yen) to minor units by the currency's ISO 4217
 * exponent, rounding away float drift (12.99 * 100 is 1298.9999...).
 */
export function toMinorUnits(major: number, currency: string): number {
  return Math.round(major * 10 ** currencyExponent(currency));
}

/** Parses a decimal major-unit price such as `19.99` (or `1200` yen) into minor units; undefined when it has more decimals than the currency. */
export function parseMajorUnits(text: string, currency: string): number | undefined {
  const digits = currencyExponent(currency);
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(text.trim().replace(/,/g, ''));
  if (match === null) return undefined;
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats money for people, e.g. `$12.99`, `¥1,200`, `KWD 1.250`, with the currency's ISO 4217 digits. */
export function formatMoney(value: Money, locale = 'en-US'): string {
  const digits = currencyExponent(value.currency);
  const id = `${locale}:${value.currency}`;
  let formatter = formatters.get(id);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: value.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(id, formatter);
  }
  return formatter.format(value.amount / 10 ** digits);
}
