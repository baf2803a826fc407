import { formatMoney } from '../../shared/money.js';

/** Facts a reply may state: formatted money, numbers, percentages, ids and codes seen in tool results. */
export type FactSet = ReadonlySet<string>;

/** Collects every fact in tool outputs (money as formatted amounts, numbers, strings and their tokens). */
export function collectFacts(outputs: readonly unknown[]): FactSet {
  const facts = new Set<string>();
  const visit = (value: unknown, key: string | undefined): void => {
    if (value === null || value === undefined) return;
    if (typeof value === 'number') {
      facts.add(String(value));
      if (key === 'percent') facts.add(`${value}%`);
      if (key === 'rating') facts.add(value.toFixed(1));
      return;
    }
    if (typeof value === 'string') {
      facts.add(value.toLowerCase());
      for (const percent of value.match(/\d{1,3}\s?%/g) ?? []) facts.add(percent.replace(/\s/g, ''));
      for (const amount of value.match(/[$€£¥]\s?\d[\d,]*(?:\.\d+)?/g) ?? [])
        facts.add(normalizeMoney(amount));
      for (const token of value.match(/[A-Za-z0-9_-]+/g) ?? []) facts.add(token.toLowerCase());
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
      return;
    }
    if (typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (
        typeof record.amount === 'number' &&
        typeof record.currency === 'string' &&
        /^[A-Z]{3}$/.test(record.currency)
      ) {
        facts.add(normalizeMoney(formatMoney({ amount: record.amount, currency: record.currency })));
        facts.add((record.amount / 100).toFixed(2));
      }
      for (const [childKey, child] of Object.entries(record)) visit(child, childKey);
    }
  };
  for (const output of outputs) visit(output, undefined);
  return facts;
}

function normalizeMoney(text: string): string {
  return text.replace(/\s/g, '').replace(/,/g, '').toLowerCase();
}

/** A claim in a reply that needs a source: a price, a stock count, a percentage, an order id or a code. */
export interface Claim {
  readonly kind: 'money' | 'stock' | 'percent' | 'order' | 'code';
  readonly text: string;
}

/** Finds the checkable claims in a reply. */
export function extractClaims(reply: string): Claim[] {
  const claims: Claim[] = [];
  for (const match of reply.matchAll(
    /(?:[$€£¥]|US\$)\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:USD|EUR|GBP|dollars?)\b/gi,
  )) {
    claims.push({ kind: 'money', text: match[0] });
  }
  for (const match of reply.matchAll(/\b(\d+)\s+(?:in stock|left|available|units? (?:left|available))\b/gi)) {
    claims.push({ kind: 'stock', text: match[1] ?? '' });
  }
  for (const match of reply.matchAll(/\b(\d{1,3})\s?%/g))
    claims.push({ kind: 'percent', text: `${match[1]}%` });
  for (const match of reply.matchAll(/\b(ord_[A-Za-z0-9]+)\b/g))
    claims.push({ kind: 'order', text: match[1] ?? '' });
  for (const match of reply.matchAll(
    /\b(?:code|coupon|voucher|promo)\s*:?\s*\**`?([A-Za-z0-9][A-Za-z0-9-]{3,31})(?![A-Za-z0-9-])/gi,
  )) {
    const code = match[1] ?? '';
    if (/\d/.test(code) || code === code.toUpperCase()) claims.push({ kind: 'code', text: code });
  }
  // Whole hyphenated tokens with letters and digits look like coupon codes.
  for (const match of reply.matchAll(/(?<![A-Za-z0-9_-])[A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9_-])/g)) {
    const token = match[0];
    if (token.length >= 5 && /[A-Z]/.test(token) && /\d/.test(token))
      claims.push({ kind: 'code', text: token });
  }
  const seen = new Set<string>();
  return claims.filter((claim) => {
    const key = `${claim.kind}:${claim.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The claims in `reply` that no tool result supports. */
export function ungroundedClaims(reply: string, facts: FactSet): Claim[] {
  return extractClaims(reply).filter((claim) => {
    if (claim.kind === 'money') {
      const normalized = normalizeMoney(claim.text);
      if (facts.has(normalized)) return false;
      const number = /\d[\d,]*(?:\.\d+)?/.exec(claim.text)?.[0]?.replace(/,/g, '') ?? '';
      return !(facts.has(Number(number).toFixed(2)) || facts.has(`$${Number(number).toFixed(2)}`));
    }
    return !facts.has(claim.text.toLowerCase());
  });
}
