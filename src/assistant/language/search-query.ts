import { normalize } from './text.js';

/** Request framing that carries no product meaning ("i am looking for", "can you find me"). */
const FRAMING = [
  /\b(?:hi|hello|hey)\b,?/g,
  /\b(?:i am|i'm|im|we are|we're)\s+(?:looking|searching|shopping)\s+(?:for|to buy)\b/g,
  /\b(?:i am|i'm|im)\s+(?:interested in|in the market for|after)\b/g,
  /\b(?:i|we)\s+(?:would like|'d like|want|wanna|need|needs|require|am looking for)\s+(?:to\s+(?:buy|get|find|order|purchase|see)\s+)?/g,
  /\b(?:id|i'd)\s+like\s+(?:to\s+(?:buy|get|find|order|purchase|see)\s+)?/g,
  /\b(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:find|show|get|search|recommend|suggest|look for|help me find)\s+(?:me\s+)?(?:for\s+)?/g,
  /\b(?:please|pls|plz|kindly)\b/g,
  /\b(?:find|show|search|get|recommend|suggest|look for|looking for|searching for|search for|help me find|give)\s+(?:me\s+)?(?:for\s+)?(?:some\s+)?/g,
  /\b(?:do you have|have you got|is there|are there|got any|any)\b/g,
  /\b(?:i am|i'm|im)\s+(?:shopping for|hunting for)\b/g,
  /\bshow more\b/g,
];

/** Price, rating and sort phrases that become filters, not query words. */
const FILTER_PHRASES = [
  /\b(?:and\s+)?(?:with\s+)?(?:a\s+)?price\s+(?:lower|less|higher|more|greater|cheaper|bigger)\s+than\s+\$?\s?\d+(?:\.\d+)?\s*(?:dollars?|usd|bucks)?/g,
  /\b(?:and\s+)?(?:priced\s+|costs?\s+|costing\s+)?(?:under|below|less than|cheaper than|no more than|not more than|at most|up to|within|lower than|over|above|more than|at least|around|about)\s+\$?\s?\d+(?:\.\d+)?\s*(?:dollars?|usd|bucks)?/g,
  /\b(?:between|from)\s+\$?\s?\d+(?:\.\d+)?\s*(?:dollars?)?\s*(?:and|to|-)\s*\$?\s?\d+(?:\.\d+)?\s*(?:dollars?|usd|bucks)?/g,
  /\$\s?\d+(?:\.\d+)?\s?(?:-|to)\s?\$?\s?\d+(?:\.\d+)?/g,
  /\$\s?\d+(?:\.\d+)?/g,
  /\b(?:cheapest|least expensive|most affordable|most expensive|priciest|best[- ]rated|top[- ]rated|highest[- ]rated|best reviewed|newest|latest)\b/g,
  /\b(?:only\s+)?(?:in stock|available now|in-stock)\b/g,
  /\bfor someone who (?:likes|loves|enjoys)\b/g,
  /\bwho (?:likes|loves|enjoys)\b/g,
  /\b(?:a\s+)?gift\s+(?:for|idea|ideas)?\b/g,
];

const STOPWORDS = new Set(
  `a an the some any me my our us i you it its this that these those is are be been being for of to
  and with in on at by as from or but so also just really very much please thanks thank would could
  should can will shall may might must do does did have has had am was were what which who whom
  whose where when why how there here something anything one ones item items product products thing
  things stuff kind type sort good nice great someone somebody person friend buy purchase order get
  price dollars dollar bucks usd under below over above than less more`.split(/\s+/),
);

/** Words that carry meaning even though they look like fillers in a search box. */
const KEEP = new Set(['pack', 'set', 'size', 'men', 'women', 'mens', 'womens', 'kids']);

/**
 * Rewrites a shopping request into the keyword query the assistant searches for: framing, filler,
 * price and sort phrases removed; product words, attributes, colours and sizes kept in order.
 */
export function toSearchQuery(text: string): string {
  let t = ` ${normalize(text)} `.replace(/[?!,;:()"]/g, ' ');
  for (const pattern of FILTER_PHRASES) t = t.replace(pattern, ' ');
  for (const pattern of FRAMING) t = t.replace(pattern, ' ');
  const tokens = t.match(/[a-z0-9]+(?:['.\-&][a-z0-9]+)*/g) ?? [];
  const kept = tokens.filter((token) => KEEP.has(token) || !STOPWORDS.has(token));
  return kept.join(' ').replace(/'s\b/g, '').trim();
}

/** Words of a query, the unit the token F1 of the query evaluation counts. */
export function queryTokens(query: string): string[] {
  return normalize(query).match(/[a-z0-9]+(?:\.[0-9]+)?/g) ?? [];
}

/** Token F1 between a predicted and a reference query (bag of words, clipped counts). */
export function tokenF1(predicted: string, reference: string): number {
  const predictedTokens = queryTokens(predicted);
  const referenceTokens = queryTokens(reference);
  if (predictedTokens.length === 0 || referenceTokens.length === 0) {
    return predictedTokens.length === referenceTokens.length ? 1 : 0;
  }
  const counts = new Map<string, number>();
  for (const token of referenceTokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  let overlap = 0;
  for (const token of predictedTokens) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      overlap += 1;
      counts.set(token, left - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / predictedTokens.length;
  const recall = overlap / referenceTokens.length;
  return (2 * precision * recall) / (precision + recall);
}
