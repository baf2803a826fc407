import { currencyExponent } from '../shared/money.js';

/** Flat shipping charge of a USD cart, minor units ($5.99). */
export const FLAT_SHIPPING = 599;
/** USD carts whose item subtotal (before discounts) reaches this many cents ship free ($50.00). */
export const FREE_SHIPPING_FROM = 5000;

/** A currency's shipping rule, in its own minor units. */
export interface ShippingRule {
  readonly flat: number;
  readonly freeFrom: number;
}

/**
 * The rule per currency, set in amounts people of that currency would recognise: a rule copied
 * across currencies by its digits would charge 6 yen, or free shipping from 50 won.
 */
const RULES: Readonly<Record<string, ShippingRule>> = {
  USD: { flat: FLAT_SHIPPING, freeFrom: FREE_SHIPPING_FROM },
  EUR: { flat: 599, freeFrom: 5000 },
  GBP: { flat: 499, freeFrom: 4000 },
  CNY: { flat: 1500, freeFrom: 29900 },
  JPY: { flat: 600, freeFrom: 5000 },
  KRW: { flat: 4000, freeFrom: 50000 },
};

/** The shipping rule of a currency; one without its own rule takes USD's amounts at its own exponent. */
export function shippingRule(currency: string): ShippingRule {
  const rule = RULES[currency.toUpperCase()];
  if (rule !== undefined) return rule;
  const scale = 10 ** (currencyExponent(currency) - 2);
  return { flat: Math.round(FLAT_SHIPPING * scale), freeFrom: Math.round(FREE_SHIPPING_FROM * scale) };
}

/**
 * The shipping rule: nothing to ship costs nothing; an item subtotal of at least the currency's
 * threshold ships free; anything else pays its flat charge. The subtotal is taken before coupons
 * so that shipping never depends on the discount it may itself receive.
 */
export function shippingFor(subtotal: number, itemCount: number, currency = 'USD'): number {
  if (itemCount === 0) return 0;
  const rule = shippingRule(currency);
  return subtotal >= rule.freeFrom ? 0 : rule.flat;
}
