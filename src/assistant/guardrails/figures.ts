/**
 * The checkable figures in a reply: prices, percentages, stock counts, order ids and coupon codes,
 * in every form a model writes them ("$12.99", "USD 12.99", "12.99 dollars", "twelve dollars",
 * "12.99元", "10%", "ten percent", "3 left"), each with where it stands in the reply.
 */

/** A figure in a reply that needs a source in the tool results. */
export type Claim =
  | {
      readonly kind: 'money';
      readonly text: string;
      readonly index: number;
      readonly major: number;
      /** The currencies the words allow ("$" stands for several). */
      readonly currencies: readonly string[];
    }
  | {
      readonly kind: 'percent';
      readonly text: string;
      readonly index: number;
      readonly value: number;
      readonly discount: boolean;
    }
  | { readonly kind: 'stock'; readonly text: string; readonly index: number; readonly value: number }
  | { readonly kind: 'order' | 'code'; readonly text: string; readonly index: number };

const DOLLARS = ['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'MXN', 'TWD'];
const YUAN_OR_YEN = ['CNY', 'JPY'];
const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));

/** Currency words and symbols, and the ISO codes they can stand for. */
const CURRENCY_WORDS: Readonly<Record<string, readonly string[]>> = {
  $: DOLLARS,
  us$: ['USD'],
  '€': ['EUR'],
  '£': ['GBP'],
  '¥': YUAN_OR_YEN,
  '￥': YUAN_OR_YEN,
  元: ['CNY'],
  块: ['CNY'],
  rmb: ['CNY'],
  yuan: ['CNY'],
  yen: ['JPY'],
  dollar: DOLLARS,
  dollars: DOLLARS,
  bucks: DOLLARS,
  euro: ['EUR'],
  euros: ['EUR'],
  pound: ['GBP'],
  pounds: ['GBP'],
};

const UNITS =
  'zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const WORD = `(?:${UNITS}|${TENS}|hundred|thousand|and)`;
/** A number in words, "twelve", "twenty-five", "a hundred and five" (a bare "a" is not one). */
const NUMBER_WORDS = `(?:${UNITS}|${TENS}|a[\\s-]+(?:hundred|thousand))(?:[\\s-]+${WORD})*`;
const DIGITS = String.raw`\d[\d,]*(?:\.\d+)?`;
/** A number standing on its own: not the tail of a word ("someone") or of another number. */
const NUMBER = `(?<![A-Za-z\\d.,])(?:${DIGITS}|${NUMBER_WORDS})(?![A-Za-z\\d])`;
const SYMBOL = String.raw`US\$|[$€£¥￥]`;
const CODE = '[A-Z]{3}';
const AFTER = 'dollars?|bucks|euros?|pounds?|yuan|yen|rmb|元|块';

/**
 * Money in three forms, each its own pattern so that a word that is no currency ("was 12") never
 * hides a real figure after it ("was 12 dollars"): a symbol before ("$12.99"), an ISO code in
 * capitals before ("USD 12.99", case-sensitive), a unit after ("12.99 USD", "twelve dollars").
 */
const MONEY = [
  new RegExp(`(?<symbol>${SYMBOL})\\s?(?<amount>${DIGITS})`, 'gu'),
  new RegExp(`\\b(?<code>${CODE})\\s?(?<amount>${DIGITS})`, 'gu'),
  new RegExp(
    `(?<amount>${NUMBER})\\s?(?<unit>${CODE}\\b|(?:${AFTER})(?![a-z]))(?:\\s+and\\s+(?<cents>${NUMBER})\\s+cents?\\b)?`,
    'giu',
  ),
];
const PERCENT = new RegExp(`(?<amount>${NUMBER})\\s?(?:%|percent\\b|per cent\\b)`, 'giu');
const STOCK = new RegExp(
  `\\b(?<amount>${NUMBER})\\s+(?:units?\\s+|pieces?\\s+|items?\\s+)?(?:in stock|left|available|remaining)\\b`,
  'giu',
);

/** Finds the checkable figures in a reply, in order of where they stand. */
export function extractClaims(reply: string): Claim[] {
  const claims: Claim[] = [];
  for (const match of MONEY.flatMap((pattern) => [...reply.matchAll(pattern)])) {
    const groups = match.groups ?? {};
    const written = groups.symbol ?? groups.code ?? groups.unit ?? '';
    let currencies = CURRENCY_WORDS[written.toLowerCase()];
    if (currencies === undefined) {
      // A three-letter word is a currency code only in capitals and known to ISO 4217 ("SKU 123",
      // "2 for", "top 5" are not; "ALL", "TOP" and "CUP" are currencies only when so written).
      if (!/^[A-Z]{3}$/.test(written) || !ISO_CODES.has(written)) continue;
      currencies = [written];
    }
    const whole = numberOf(groups.amount ?? '');
    if (whole === undefined) continue;
    const cents = groups.cents === undefined ? 0 : (numberOf(groups.cents) ?? 0) / 100;
    claims.push({
      kind: 'money',
      text: match[0],
      index: match.index,
      major: whole + cents,
      currencies,
    });
  }
  for (const match of reply.matchAll(PERCENT)) {
    const value = numberOf(match.groups?.amount ?? '');
    if (value === undefined) continue;
    const around = `${reply.slice(Math.max(0, match.index - 24), match.index)} ${reply.slice(match.index + match[0].length, match.index + match[0].length + 12)}`;
    const discount = /\b(?:off|discount|save|saving|savings|cheaper|reduced)\b|优惠|折/i.test(around);
    claims.push({ kind: 'percent', text: match[0], index: match.index, value, discount });
  }
  for (const match of reply.matchAll(STOCK)) {
    const value = numberOf(match.groups?.amount ?? '');
    if (value !== undefined) claims.push({ kind: 'stock', text: match[0], index: match.index, value });
  }
  for (const match of reply.matchAll(/\b(ord_[A-Za-z0-9]+)\b/g))
    claims.push({ kind: 'order', text: match[1] ?? '', index: match.index });
  for (const match of reply.matchAll(
    /\b(?:code|coupon|voucher|promo)\s*:?\s*\**`?([A-Za-z0-9][A-Za-z0-9-]{3,31})(?![A-Za-z0-9-])/gi,
  )) {
    const code = match[1] ?? '';
    if (/\d/.test(code) || code === code.toUpperCase())
      claims.push({ kind: 'code', text: code, index: match.index + match[0].lastIndexOf(code) });
  }
  // Whole hyphenated tokens with letters and digits look like coupon codes.
  for (const match of reply.matchAll(/(?<![A-Za-z0-9_-])[A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9_-])/g)) {
    const token = match[0];
    if (token.length >= 5 && /[A-Z]/.test(token) && /\d/.test(token))
      claims.push({ kind: 'code', text: token, index: match.index });
  }
  const seen = new Set<string>();
  return claims
    .filter((claim) => {
      const key = `${claim.kind}:${claim.index}:${claim.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.index - b.index);
}

const WORD_VALUES: Readonly<Record<string, number>> = Object.fromEntries([
  ...UNITS.split('|').map((word, value) => [word, value]),
  ...TENS.split('|').map((word, index) => [word, (index + 2) * 10]),
]);

/** Reads "12.99", "1,250", "twelve", "twenty-five", "a hundred and five"; undefined otherwise. */
export function numberOf(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d/.test(trimmed)) {
    const value = Number(trimmed.replace(/,/g, ''));
    return Number.isFinite(value) ? value : undefined;
  }
  let total = 0;
  let current = 0;
  let any = false;
  for (const word of trimmed.split(/[\s-]+/)) {
    if (word === 'and') continue;
    if (word === 'a') {
      current = Math.max(current, 1);
      continue;
    }
    if (word === 'hundred') current = Math.max(current, 1) * 100;
    else if (word === 'thousand') {
      total += Math.max(current, 1) * 1000;
      current = 0;
    } else {
      const value = WORD_VALUES[word];
      if (value === undefined) return undefined;
      current += value;
    }
    any = true;
  }
  return any ? total + current : undefined;
}
