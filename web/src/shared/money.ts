import { currencyExponent } from '../../../src/shared/currency-exponents.js';
import { currentLanguage } from './i18n.js';

/** Money on the wire: integer minor units and an ISO 4217 currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string): Intl.NumberFormat {
  const locale = currentLanguage();
  const key = `${locale} ${currency}`;
  let found = formatters.get(key);
  if (found === undefined) {
    const digits = currencyExponent(currency);
    found = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, found);
  }
  return found;
}

/** Digits after the decimal point for a currency by ISO 4217 (2 for USD, 0 for JPY), as the server counts them. */
export function minorDigits(currency: string): number {
  return currencyExponent(currency);
}

/** Formats minor units for people in the language shown, e.g. `$12.99`, or `¥299.00` in Chinese. */
export function formatMoney(value: Money | undefined | null): string {
  if (value === undefined || value === null) return '';
  try {
    return formatter(value.currency).format(value.amount / 10 ** minorDigits(value.currency));
  } catch {
    return `${value.amount} ${value.currency} (minor units)`;
  }
}

/** Parses a major-unit string typed by a person ("12.99") into minor units, or undefined when it is not a number. */
export function parseMajorUnits(text: string, currency: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = trimmed.split('.');
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** Minor units shown as a major-unit string for a form field ("1299" USD becomes "12.99"). */
export function toMajorUnits(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  return digits === 0 ? String(amount) : (amount / 10 ** digits).toFixed(digits);
}
