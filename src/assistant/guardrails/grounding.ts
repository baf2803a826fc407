import { currencyExponent } from '../../shared/money.js';
import { type Claim, extractClaims } from './figures.js';

export { type Claim, extractClaims } from './figures.js';

/** The figures of one kind a source states. */
interface Figures {
  readonly money: { readonly major: number; readonly currency: string }[];
  /** Percentages of any kind, numeric fields and "100% cotton" in text alike. */
  readonly percents: Set<number>;
  /** Percentages that are a discount: a reward's `percent`, "10% off" in an offer's name. */
  readonly discounts: Set<number>;
  readonly stock: Set<number>;
}

/**
 * What a reply may state, from the tool results of the conversation: the figures of each named
 * thing (a product, a cart or order line, an offer, an order by id) and those of no named thing
 * (a cart's total), plus every word and id (for coupon codes and order ids).
 */
export interface FactSet {
  /** Named things by lower-cased name: a product seen twice is one thing. */
  readonly entities: ReadonlyMap<string, Figures>;
  /** The figures of no named thing. */
  readonly unnamed: Figures;
  /** Every figure anywhere. */
  readonly all: Figures;
  readonly tokens: ReadonlySet<string>;
}

const NAME_KEYS = ['title', 'name', 'orderId'];
const STOCK_KEYS = new Set(['stock', 'remaining', 'available']);
const FIGURE_SIGNS = /[$€£¥￥元块%]/;
const FIGURE_WORDS = /\d|percent|per cent|dollar|euro|pound|yuan|yen|bucks|rmb/i;

/** A cheap test before the full scan of a text: ids ("prd_1") and most product text hold no figure. */
function mayHoldFigures(value: string): boolean {
  return FIGURE_SIGNS.test(value) || (/\s/.test(value) && FIGURE_WORDS.test(value));
}

/** Collects the facts of tool outputs. */
export function collectFacts(outputs: readonly unknown[]): FactSet {
  const entities = new Map<string, Figures>();
  const unnamed = emptyFigures();
  const all = emptyFigures();
  const tokens = new Set<string>();
  const visit = (value: unknown, key: string | undefined, owners: readonly Figures[]): void => {
    if (value === null || value === undefined) return;
    const targets = owners.length === 0 ? [unnamed, all] : [...owners, all];
    if (typeof value === 'number') {
      tokens.add(String(value));
      if (key === 'percent') for (const target of targets) target.discounts.add(value);
      if (key === 'percent') for (const target of targets) target.percents.add(value);
      if (key !== undefined && STOCK_KEYS.has(key)) for (const target of targets) target.stock.add(value);
      return;
    }
    if (typeof value === 'string') {
      tokens.add(value.toLowerCase());
      for (const token of value.match(/[A-Za-z0-9_-]+/g) ?? []) tokens.add(token.toLowerCase());
      // Figures written in text (an offer named "10% off up to $15", a description's "100% cotton").
      if (mayHoldFigures(value)) for (const claim of extractClaims(value)) addClaim(claim, targets);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key, owners);
      return;
    }
    if (typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (
      typeof record.amount === 'number' &&
      typeof record.currency === 'string' &&
      /^[A-Z]{3}$/.test(record.currency)
    ) {
      const major = record.amount / 10 ** currencyExponent(record.currency);
      for (const target of targets) target.money.push({ major, currency: record.currency });
    }
    const names = NAME_KEYS.map((name) => record[name]).filter(
      (name): name is string => typeof name === 'string',
    );
    const own = names.map((name) => {
      const keyName = name.toLowerCase();
      const figures = entities.get(keyName) ?? emptyFigures();
      entities.set(keyName, figures);
      return figures;
    });
    // A thing's figures are its own and those of what it holds (an order's lines, a product's variants).
    const holders = [...owners, ...own];
    for (const [childKey, child] of Object.entries(record)) visit(child, childKey, holders);
  };
  for (const output of outputs) visit(output, undefined, []);
  return { entities, unnamed, all, tokens };
}

function emptyFigures(): Figures {
  return { money: [], percents: new Set(), discounts: new Set(), stock: new Set() };
}

function addClaim(claim: Claim, targets: readonly Figures[]): void {
  for (const target of targets) {
    if (claim.kind === 'money')
      for (const currency of claim.currencies) target.money.push({ major: claim.major, currency });
    if (claim.kind === 'percent') {
      target.percents.add(claim.value);
      if (claim.discount) target.discounts.add(claim.value);
    }
    if (claim.kind === 'stock') target.stock.add(claim.value);
  }
}

/**
 * The claims in `reply` that no tool result supports. A figure in a sentence that names things
 * (products, lines, offers, orders) must be a figure of one of them, or of no named thing such as
 * a cart total: "**Mug**: $12.00" fails when $12.00 is another product's price. A figure in a
 * sentence naming nothing may be any figure of its kind. A discount ("10%
 * off") needs a discount figure, not "10%" anywhere (a "10% wool" blend is no discount).
 */
export function ungroundedClaims(reply: string, facts: FactSet | (() => FactSet)): Claim[] {
  const claims = extractClaims(reply);
  if (claims.length === 0) return [];
  // Facts are collected only for a reply that states a figure.
  const known = typeof facts === 'function' ? facts() : facts;
  return checkClaims(reply, claims, known);
}

function checkClaims(reply: string, claims: readonly Claim[], facts: FactSet): Claim[] {
  const mentions = findMentions(reply, facts);
  return claims.filter((claim) => {
    if (claim.kind === 'order' || claim.kind === 'code') return !facts.tokens.has(claim.text.toLowerCase());
    const about = namedAround(claim.index, reply, mentions);
    const sources = about.length === 0 ? [facts.all] : [...about, facts.unnamed];
    return !sources.some((figures) => supports(figures, claim));
  });
}

function supports(figures: Figures, claim: Claim): boolean {
  switch (claim.kind) {
    case 'money':
      return figures.money.some(
        (fact) => Math.abs(fact.major - claim.major) < 0.005 && claim.currencies.includes(fact.currency),
      );
    case 'percent':
      return (claim.discount ? figures.discounts : figures.percents).has(claim.value);
    case 'stock':
      return figures.stock.has(claim.value);
    default:
      return false;
  }
}

interface Mention {
  readonly index: number;
  readonly length: number;
  readonly figures: Figures;
}

/** Where the reply names a known thing (as a whole word, longest names first). */
function findMentions(reply: string, facts: FactSet): Mention[] {
  const lower = reply.toLowerCase();
  const mentions: Mention[] = [];
  for (const [name, figures] of facts.entities) {
    if (name.length < 3) continue;
    for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + name.length)) {
      const before = lower[at - 1] ?? ' ';
      const after = lower[at + name.length] ?? ' ';
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after))
        mentions.push({ index: at, length: name.length, figures });
    }
  }
  // "Mug" inside "Mug Set" names the set.
  const whole = mentions.filter(
    (mention) =>
      !mentions.some(
        (other) =>
          other.length > mention.length &&
          other.index <= mention.index &&
          other.index + other.length >= mention.index + mention.length,
      ),
  );
  return whole.sort((a, b) => a.index - b.index);
}

/** The things named in the sentence of a figure at `index`. */
function namedAround(index: number, reply: string, mentions: readonly Mention[]): Figures[] {
  const start = sentenceStart(reply, index);
  const end = sentenceEnd(reply, index);
  return mentions
    .filter((mention) => mention.index >= start && mention.index < end)
    .map((mention) => mention.figures);
}

/** Sentences end at a line break, or at ". ", "! ", "? ", "; " and their Chinese marks. */
const SENTENCE_END = /\n|[.!?;](?=\s)|[。！？；]/g;

function sentenceStart(reply: string, index: number): number {
  let start = 0;
  for (const match of reply.slice(0, index).matchAll(SENTENCE_END)) start = match.index + match[0].length;
  return start;
}

function sentenceEnd(reply: string, index: number): number {
  SENTENCE_END.lastIndex = 0;
  const rest = reply.slice(index);
  const match = new RegExp(SENTENCE_END.source).exec(rest);
  return match === null ? reply.length : index + match.index;
}
