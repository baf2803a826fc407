import { normalize, parseMajorAmount } from './text.js';

/** How the shopper wants results ordered. */
export type SortOrder = 'relevance' | 'price_asc' | 'price_desc' | 'rating_desc' | 'newest';

/** Search constraints read from shopping talk; prices in minor units of the store currency. */
export interface Constraints {
  minPrice?: number;
  maxPrice?: number;
  colors: string[];
  sizes: string[];
  materials: string[];
  sort?: SortOrder;
  inStock?: boolean;
  /** A relative price move such as "cheaper" or "more premium", resolved against shown results. */
  priceMove?: 'cheaper' | 'pricier';
}

/** Colour names the parser recognises, with synonyms folded to one name. */
export const COLORS: Readonly<Record<string, string>> = {
  black: 'black',
  white: 'white',
  red: 'red',
  blue: 'blue',
  navy: 'navy',
  green: 'green',
  yellow: 'yellow',
  orange: 'orange',
  purple: 'purple',
  violet: 'purple',
  pink: 'pink',
  brown: 'brown',
  beige: 'beige',
  tan: 'tan',
  grey: 'gray',
  gray: 'gray',
  silver: 'silver',
  gold: 'gold',
  golden: 'gold',
  cream: 'cream',
  ivory: 'ivory',
  khaki: 'khaki',
  teal: 'teal',
  turquoise: 'turquoise',
  maroon: 'maroon',
  burgundy: 'burgundy',
  olive: 'olive',
  charcoal: 'charcoal',
  transparent: 'transparent',
  clear: 'clear',
  multicolor: 'multicolor',
  rose: 'rose gold',
};

/** Materials the parser recognises, with adjectives folded to the noun. */
export const MATERIALS: Readonly<Record<string, string>> = {
  cotton: 'cotton',
  leather: 'leather',
  polyester: 'polyester',
  wool: 'wool',
  woolen: 'wool',
  silk: 'silk',
  linen: 'linen',
  denim: 'denim',
  nylon: 'nylon',
  wood: 'wood',
  wooden: 'wood',
  metal: 'metal',
  steel: 'steel',
  stainless: 'stainless steel',
  plastic: 'plastic',
  glass: 'glass',
  ceramic: 'ceramic',
  bamboo: 'bamboo',
  fleece: 'fleece',
  suede: 'suede',
  canvas: 'canvas',
  rubber: 'rubber',
  aluminum: 'aluminum',
  aluminium: 'aluminum',
  cashmere: 'cashmere',
  mesh: 'mesh',
  velvet: 'velvet',
  gore: 'gore-tex',
};

const LETTER_SIZES: Readonly<Record<string, string>> = {
  xxs: 'XXS',
  xs: 'XS',
  s: 'S',
  m: 'M',
  l: 'L',
  xl: 'XL',
  xxl: 'XXL',
  xxxl: 'XXXL',
  '2xl': 'XXL',
  '3xl': 'XXXL',
  small: 'S',
  medium: 'M',
  large: 'L',
  'x-large': 'XL',
  'extra-large': 'XL',
  'x-small': 'XS',
  'extra-small': 'XS',
};

const MONEY = String.raw`\$?\s?(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s?(?:dollars?|usd|bucks)?`;
const MAX_WORDS =
  'under|below|less than|cheaper than|no more than|not more than|at most|up to|max(?:imum)?|within|lower than|no higher than|<=?';
const MIN_WORDS = 'over|above|more than|at least|min(?:imum)?|from|higher than|starting at|>=?';

/** Reads a price range: "under $120", "between 20 and 50 dollars", "$20-$50", "at least 30". */
export function extractPriceRange(text: string): { minPrice?: number; maxPrice?: number } {
  const t = normalize(text);
  const between = new RegExp(String.raw`(?:between|from)\s+${MONEY}\s*(?:and|to|-)\s*${MONEY}`).exec(t);
  if (between?.[1] !== undefined && between[2] !== undefined) {
    return orderedRange(parseMajorAmount(between[1]), parseMajorAmount(between[2]));
  }
  const dash = /\$\s?(\d+(?:\.\d{1,2})?)\s?(?:-|to)\s?\$?\s?(\d+(?:\.\d{1,2})?)/.exec(t);
  if (dash?.[1] !== undefined && dash[2] !== undefined) {
    return orderedRange(parseMajorAmount(dash[1]), parseMajorAmount(dash[2]));
  }
  const range: { minPrice?: number; maxPrice?: number } = {};
  const max = new RegExp(String.raw`(?:${MAX_WORDS})\s+${MONEY}`).exec(t);
  const maxAmount = max?.[1] === undefined ? undefined : parseMajorAmount(max[1]);
  if (maxAmount !== undefined && looksLikePrice(t, max)) range.maxPrice = maxAmount;
  const min = new RegExp(String.raw`(?:^|\s)(?<!no\s|not\s)(?:${MIN_WORDS})\s+${MONEY}`).exec(t);
  const minAmount = min?.[1] === undefined ? undefined : parseMajorAmount(min[1]);
  if (minAmount !== undefined && looksLikePrice(t, min)) range.minPrice = minAmount;
  const around = /(?:around|about|roughly|approximately|~)\s?\$\s?(\d+(?:\.\d{1,2})?)/.exec(t);
  const aroundAmount = around?.[1] === undefined ? undefined : parseMajorAmount(around[1]);
  if (aroundAmount !== undefined && range.minPrice === undefined && range.maxPrice === undefined) {
    return { minPrice: Math.round(aroundAmount * 0.8), maxPrice: Math.round(aroundAmount * 1.2) };
  }
  return range;
}

/** A price needs a currency mark or a price word nearby, so "size 10" or "over 2 people" are not prices. */
function looksLikePrice(text: string, match: RegExpExecArray | null): boolean {
  if (match === null) return false;
  const phrase = match[0];
  if (/\$|dollar|usd|buck/.test(phrase)) return true;
  if (/\b(?:price|cost|budget|spend|pay|cheap|dollars?)\b/.test(text)) return true;
  const after = text.slice(match.index + phrase.length, match.index + phrase.length + 12);
  if (
    /^\s*(?:people|persons|pieces|pcs|items|units|pack|count|inch|in\b|cm|mm|oz|lbs?|kg|ml|l\b|gb|tb|w\b|watts?|hours?|days?|years?|reviews?|stars?)/.test(
      after,
    )
  ) {
    return false;
  }
  return !/\bsize\s*$/.test(text.slice(0, match.index));
}

function orderedRange(
  a: number | undefined,
  b: number | undefined,
): { minPrice?: number; maxPrice?: number } {
  if (a === undefined || b === undefined) return {};
  return { minPrice: Math.min(a, b), maxPrice: Math.max(a, b) };
}

/** Reads colours named in the text ("in black", "navy blue" gives navy and blue). */
export function extractColors(text: string): string[] {
  const found: string[] = [];
  for (const word of normalize(text).split(/[^a-z]+/)) {
    const color = COLORS[word];
    if (color !== undefined && !found.includes(color)) found.push(color);
  }
  // "clear" and "rose" are colours only next to colour words or as the object of "in".
  return found.filter((color) => {
    if (color === 'clear') return /\b(?:in|color|colour)\s+clear\b/.test(normalize(text));
    if (color === 'rose gold') return /\brose\s+gold\b/.test(normalize(text));
    return true;
  });
}

/** Reads materials ("cotton", "wooden", "stainless steel"). */
export function extractMaterials(text: string): string[] {
  const found: string[] = [];
  for (const word of normalize(text).split(/[^a-z]+/)) {
    const material = MATERIALS[word];
    if (material !== undefined && !found.includes(material)) found.push(material);
  }
  if (found.includes('stainless steel')) return found.filter((material) => material !== 'steel');
  return found;
}

/** Reads sizes: "size 10", "size 7.5 wide", "in M", "in a large", "XL", "10.5 us". */
export function extractSizes(text: string): string[] {
  const t = normalize(text);
  const found: string[] = [];
  const add = (size: string | undefined) => {
    if (size !== undefined && !found.includes(size)) found.push(size);
  };
  for (const match of t.matchAll(
    /\bsize[sd]?\s*:?\s*(\d{1,2}(?:\.5)?|x{0,3}[sml]|x{1,3}l|[23]xl|small|medium|large|x-large|extra-large)\b/g,
  )) {
    add(canonicalSize(match[1] ?? ''));
  }
  for (const match of t.matchAll(
    /\b(?:in|a|an|in an?|in size)\s+(x{0,3}[sml]|x{1,3}l|[23]xl|small|medium|large|x-large|extra-large)\b(?!\s*(?:room|dog|cat|pot|bowl|pan|box|bag|space|size))/g,
  )) {
    const raw = match[1] ?? '';
    // "a large" alone is an article plus adjective; "in a large" or "in l" is a size.
    if (/^an?\s/.test(match[0]) && raw.length > 3) continue;
    if (/^(?:a|an|in)\s+[sml]$/.test(match[0]) && !/^in\s/.test(match[0])) continue;
    add(canonicalSize(raw));
  }
  for (const match of t.matchAll(/\b(x{1,3}l|[23]xl|xx?s)\b/g)) add(canonicalSize(match[1] ?? ''));
  return found;
}

/** A size word or letter as catalogs write it ("medium" is M, "xl" is XL); undefined if it is none. */
export function canonicalSize(raw: string): string | undefined {
  if (/^\d/.test(raw)) return raw;
  return LETTER_SIZES[raw];
}

/** Reads the wanted ordering ("cheapest", "best rated", "most expensive", "newest"). */
export function extractSort(text: string): SortOrder | undefined {
  const t = normalize(text);
  if (/\b(?:cheapest|lowest[- ]price[ds]?|least expensive|most affordable|lowest cost)\b/.test(t))
    return 'price_asc';
  if (/\b(?:most expensive|priciest|highest[- ]price[ds]?|most premium)\b/.test(t)) return 'price_desc';
  if (/\b(?:best|top|highest)[- ]rated\b|\bbest reviewed\b|\bhighest rating\b|\bbest\b/.test(t))
    return 'rating_desc';
  if (/\b(?:newest|latest|most recent)\b/.test(t)) return 'newest';
  return undefined;
}

/** Reads every constraint at once. */
export function extractConstraints(text: string): Constraints {
  const t = normalize(text);
  const constraints: Constraints = {
    ...extractPriceRange(t),
    colors: extractColors(t),
    sizes: extractSizes(t),
    materials: extractMaterials(t),
  };
  const sort = extractSort(t);
  if (sort !== undefined) constraints.sort = sort;
  if (/\b(?:in stock|available now|available|in-stock|ships now)\b/.test(t)) constraints.inStock = true;
  if (/\b(?:cheaper|less expensive|lower price|more affordable|budget option|something cheaper)\b/.test(t)) {
    constraints.priceMove = 'cheaper';
  } else if (/\b(?:pricier|more expensive|higher end|more premium|fancier|better quality)\b/.test(t)) {
    constraints.priceMove = 'pricier';
  }
  return constraints;
}

/** True when the constraints say nothing at all. */
export function isEmptyConstraints(constraints: Constraints): boolean {
  return (
    constraints.minPrice === undefined &&
    constraints.maxPrice === undefined &&
    constraints.colors.length === 0 &&
    constraints.sizes.length === 0 &&
    constraints.materials.length === 0 &&
    constraints.sort === undefined &&
    constraints.inStock === undefined &&
    constraints.priceMove === undefined
  );
}
