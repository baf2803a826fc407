import { type Constraints, canonicalSize } from '../../language/constraints.js';
import { lastEvent } from '../conversation-view.js';
import { searchReply } from '../replies.js';
import { dropUndefined, type Json, type Plan, type Step, text } from '../step.js';

/**
 * Searches, then answers from the results. When nothing matched, searches again with the options
 * as words only, then without the price range, so the shopper sees what exists for their words.
 */
export function search(step: Step, query: string, constraints: Constraints): Plan {
  const searches = step.view.turnEvents.filter((event) => event.toolName === 'search_products');
  const last = searches.at(-1);
  if (last === undefined) return step.call('search_products', searchInput(query, constraints, 0));
  const found = ((last.output?.items as unknown[] | undefined) ?? []).length > 0;
  const hadOptions = ['colors', 'sizes', 'materials'].some(
    (key) => (last.input[key] as unknown[] | undefined)?.length,
  );
  if (!found && hadOptions && searches.length === 1) {
    return step.call('search_products', {
      ...last.input,
      colors: undefined,
      sizes: undefined,
      materials: undefined,
    });
  }
  const hadPrice = last.input.minPrice !== undefined || last.input.maxPrice !== undefined;
  const hadWords = String(last.input.query ?? '').trim() !== '';
  const firstPage = Number(last.input.offset ?? 0) === 0;
  if (!found && hadPrice && hadWords && searches.length <= 2 && firstPage) {
    return step.call('search_products', {
      query: last.input.query,
      ...(last.input.sort === undefined ? {} : { sort: last.input.sort }),
    });
  }
  return text(searchReply(last, searches.length > 1 && found));
}

/** The next page of the last search. */
export function showMore(step: Step): Plan {
  const last = lastEvent(step.view, ['search_products']);
  if (last === undefined) return text('Tell me what you are looking for first.');
  const done = step.ran('search_products');
  if (done !== undefined) return text(searchReply(done, false));
  return step.call('search_products', { ...last.input, offset: Number(last.input.offset ?? 0) + 5 });
}

/** Narrows the last search ("only in black", "cheaper", "under $30") with the new words and bounds. */
export function refine(step: Step, query: string, constraints: Constraints): Plan {
  if (step.ran('search_products') !== undefined) return search(step, query, constraints);
  const base = step.state.search ?? {};
  const baseQuery = String(base.query ?? '').split(' ');
  const optionWords = new Set([
    ...constraints.colors,
    ...constraints.sizes.map((size) => size.toLowerCase()),
    ...constraints.materials,
  ]);
  const newColors = constraints.colors.length > 0;
  const extraWords = query
    .split(' ')
    .filter((word) => word !== '' && !baseQuery.includes(word))
    .filter((word) => !/^(?:in|only|cheaper|stock|available|size|ones?|something|under|over)$/.test(word))
    .filter((word) => !optionWords.has(word) || newColors)
    // Sizes travel as filters ("medium" is the size M), never as words.
    .filter((word) => !constraints.sizes.includes(canonicalSize(word) ?? ''));
  // A new colour replaces the old one in the words.
  const baseWords = baseQuery.filter((word) => !(newColors && isColorWord(word)));
  const input: Json = {
    ...base,
    offset: 0,
    query: [...baseWords, ...extraWords].join(' ').trim(),
    ...dropUndefined({
      minPrice: constraints.minPrice,
      maxPrice: constraints.maxPrice,
      colors: newColors ? constraints.colors : undefined,
      sizes: constraints.sizes.length > 0 ? constraints.sizes : undefined,
      materials: constraints.materials.length > 0 ? constraints.materials : undefined,
      sort: constraints.sort,
      inStock: constraints.inStock,
    }),
  };
  if (constraints.priceMove !== undefined) movePrice(step, input, constraints.priceMove);
  return step.call('search_products', dropUndefined(input));
}

/** "Cheaper" means cheaper than the middle of what was shown, closest prices first. */
function movePrice(step: Step, input: Json, move: 'cheaper' | 'pricier'): void {
  const prices = step.state.shown.map((item) => item.price.amount).sort((a, b) => a - b);
  const middle = prices[Math.floor((prices.length - 1) / 2)];
  if (middle === undefined) return;
  if (move === 'cheaper') {
    input.maxPrice = Math.max(0, middle - 1);
    input.sort = 'price_desc';
  } else {
    input.minPrice = middle + 1;
    input.sort = 'price_asc';
  }
  if (
    input.minPrice !== undefined &&
    input.maxPrice !== undefined &&
    Number(input.minPrice) > Number(input.maxPrice)
  )
    delete input.minPrice;
}

function isColorWord(word: string): boolean {
  return /^(?:black|white|red|blue|navy|green|yellow|orange|purple|pink|brown|beige|tan|gray|grey|silver|gold)$/.test(
    word,
  );
}

/** Builds a search_products input from parsed words and constraints. */
export function searchInput(query: string, constraints: Constraints, offset: number): Json {
  // Sizes travel as filters; as words they only add noise ("10" matches anything with a 10).
  const words =
    constraints.sizes.length > 0
      ? query
          .replace(/\bsizes?\s+\S+/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : query;
  return dropUndefined({
    query: words,
    minPrice: constraints.minPrice,
    maxPrice: constraints.maxPrice,
    colors: constraints.colors.length > 0 ? constraints.colors : undefined,
    sizes: constraints.sizes.length > 0 ? constraints.sizes : undefined,
    materials: constraints.materials.length > 0 ? constraints.materials : undefined,
    sort: constraints.sort,
    inStock: constraints.inStock,
    offset: offset > 0 ? offset : undefined,
  });
}
