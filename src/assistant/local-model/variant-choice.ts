import type { Money } from '../../shared/money.js';
import { type Constraints, canonicalSize } from '../language/constraints.js';
import { hasChinese } from '../language/text.js';

/** A variant as get_product shows it. */
export interface ShownVariant {
  readonly variantId: string;
  readonly options: Record<string, string>;
  readonly stock: number;
  readonly price?: Money;
}

/** What the shopper asked for: option values by option name, and a price bound in minor units. */
export interface VariantWish {
  readonly options: Readonly<Record<string, readonly string[]>>;
  /** Whether the shopper named the options in the add itself (then "not in that option" is an answer). */
  readonly named: boolean;
  readonly minPrice: number | undefined;
  readonly maxPrice: number | undefined;
}

/** How picking a variant for an add came out. */
export type VariantChoice =
  | { readonly kind: 'chosen'; readonly variant: ShownVariant }
  | {
      readonly kind: 'ambiguous';
      readonly options: readonly string[];
      readonly inStock: readonly ShownVariant[];
    }
  | { readonly kind: 'outside_bound'; readonly variant: ShownVariant; readonly bound: string }
  | { readonly kind: 'not_offered'; readonly values: readonly string[] }
  | { readonly kind: 'out_of_stock' };

/**
 * The wish of an add: the options and bounds said now, else those of the search the list came from
 * (a search for "blue t-shirts under $50" carries blue and the $50 to "add the first one").
 */
export function wishOf(constraints: Constraints, lastSearch: Record<string, unknown>): VariantWish {
  const pick = (said: string[], searched: unknown) =>
    said.length > 0 ? said : ((searched as string[] | undefined) ?? []);
  return {
    options: {
      color: pick(constraints.colors, lastSearch.colors),
      size: pick(constraints.sizes, lastSearch.sizes),
      material: pick(constraints.materials, lastSearch.materials),
    },
    named: constraints.colors.length > 0 || constraints.sizes.length > 0,
    minPrice: constraints.minPrice ?? (lastSearch.minPrice as number | undefined),
    maxPrice: constraints.maxPrice ?? (lastSearch.maxPrice as number | undefined),
  };
}

/** The wish with the options an answer named on top (an answer to "which size?" keeps the color said before). */
export function mergeWish(
  wish: VariantWish,
  named: Readonly<Record<string, readonly string[]>>,
): VariantWish {
  return {
    ...wish,
    options: { ...wish.options, ...named },
    named: wish.named || Object.keys(named).length > 0,
  };
}

/** The names a catalog may give an option: the Chinese catalog's 颜色 is a colour, 尺码 a size. */
const OPTION_NAMES: Readonly<Record<string, readonly string[]>> = {
  color: ['color', 'colour', '颜色'],
  size: ['size', '尺码', '尺寸'],
  material: ['material', '材质'],
};

/** A variant's value of an option, whatever its catalog calls the option. */
export function optionOf(variant: ShownVariant, name: string): string | undefined {
  for (const alias of OPTION_NAMES[name] ?? [name]) {
    const value = variant.options[alias];
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Picks the variant an add means: narrowed by each wished option, in stock, one value left for size
 * and color (else the shopper is asked), and inside the price bound (else the shopper is told and
 * asked for a yes). Pure, so the dialogue state can tell what the last question was.
 */
export function chooseVariant(variants: readonly ShownVariant[], wish: VariantWish): VariantChoice {
  let candidates = [...variants];
  for (const [name, values] of Object.entries(wish.options)) {
    if (values.length === 0) continue;
    const narrowed = candidates.filter((variant) => {
      const value = optionOf(variant, name);
      return value !== undefined && values.some((wanted) => wanted.toLowerCase() === value.toLowerCase());
    });
    if (narrowed.length === 0 && wish.named) return { kind: 'not_offered', values };
    if (narrowed.length > 0) candidates = narrowed;
  }
  const inStock = candidates.filter((variant) => variant.stock > 0);
  if (inStock.length === 0) return { kind: 'out_of_stock' };
  const ambiguous = ['size', 'color'].filter(
    (name) => new Set(inStock.map((variant) => optionOf(variant, name))).size > 1,
  );
  if (ambiguous.length > 0) return { kind: 'ambiguous', options: ambiguous, inStock };
  const variant = inStock[0] as ShownVariant;
  const price = variant.price;
  // Named without the bound's figure: an answer states only figures the tool results hold.
  if (price !== undefined && wish.maxPrice !== undefined && price.amount > wish.maxPrice) {
    return { kind: 'outside_bound', variant, bound: 'above the price limit you gave' };
  }
  if (price !== undefined && wish.minPrice !== undefined && price.amount < wish.minPrice) {
    return { kind: 'outside_bound', variant, bound: 'below the lowest price you gave' };
  }
  return { kind: 'chosen', variant };
}

/**
 * The option values of these variants a message names, by option name: as words ("red", "M", "the
 * 1000ml one") or as the sizes, colors and materials read from it ("medium" is M).
 */
export function optionsNamed(
  text: string,
  variants: readonly ShownVariant[],
  said: Constraints,
): Record<string, string[]> {
  // Apostrophes stay inside words, so the m of "i'm" is never the size M.
  const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? []);
  // A bare "medium" answers "which size?" though it names no size on its own.
  const sizes = [...words].flatMap((word) => canonicalSize(word) ?? []);
  const saidValues = new Set(
    [...said.colors, ...said.sizes, ...said.materials, ...sizes].map((value) => value.toLowerCase()),
  );
  // Chinese runs are split from digits and letters ("42码" names 42), and a Chinese value is
  // named when the text holds it ("黑色的" names 黑色).
  if (hasChinese(text)) {
    for (const part of text.toLowerCase().match(/\p{Script=Han}+|[^\p{Script=Han}\s\p{P}]+/gu) ?? []) {
      words.add(part);
    }
  }
  const named: Record<string, string[]> = {};
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.options)) {
      const lower = value.toLowerCase();
      const inText = hasChinese(value) && text.includes(value);
      if (!inText && !words.has(lower) && !saidValues.has(lower)) continue;
      const values = named[name] ?? [];
      named[name] = values;
      if (!values.includes(value)) values.push(value);
    }
  }
  return named;
}
