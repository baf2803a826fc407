import { COLORS, MATERIALS } from './constraints.js';
import { normalize, numberFromWord, words } from './text.js';

const ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  sixth: 6,
  '6th': 6,
  seventh: 7,
  '7th': 7,
  eighth: 8,
  '8th': 8,
  ninth: 9,
  '9th': 9,
  tenth: 10,
  '10th': 10,
  last: -1,
};

/** What a message points at: positions in the last list shown, a pronoun, or naming words. */
export interface Reference {
  /** 1-based positions; -1 means the last item shown. */
  positions: number[];
  /** "it", "that one", "this": the item talked about most recently. */
  pronoun: boolean;
  /** Words that may name an item ("nike", "mug"). */
  nameWords: string[];
  /** "the cheaper one", "the most expensive", "the best rated": the shown item first by that. */
  rank?: 'cheapest' | 'priciest' | 'best_rated';
  /** Colours and materials named ("the red one"): a shown item offered in them. */
  optionWords?: string[];
}

/** The rank a message asks for among the items shown, if any. */
function rankOf(t: string): Reference['rank'] {
  if (/\b(?:cheaper|cheapest|less expensive|least expensive|lower[- ]priced|lowest[- ]priced)\b/.test(t)) {
    return 'cheapest';
  }
  if (
    /\b(?:more expensive|most expensive|pricier|priciest|higher[- ]priced|highest[- ]priced|premium one)\b/.test(
      t,
    )
  ) {
    return 'priciest';
  }
  if (/\b(?:best[- ]rated|highest[- ]rated|better[- ]rated|top[- ]rated|best reviewed)\b/.test(t))
    return 'best_rated';
  return undefined;
}

const NOT_NAMES = new Set(
  `a an the this that these those it its one ones to of in on for with and or my me i you your please
  can could would will add put remove delete take out drop from cart basket buy get want like need
  show tell about more details compare and vs versus is are was what how much many does do which
  sizes size colors colours color colour stock price cost rating reviews review available have has
  there any some quantity change set make update only just instead of into item items product products
  first second third fourth fifth last 1st 2nd 3rd 4th 5th number option options also too both them
  all everything anything something keep leave let go see look check in cheaper under over less than`.split(
    /\s+/,
  ),
);

/** Reads ordinal positions ("the second one", "#3", "number 2", "1 and 3"), pronouns and naming words. */
export function parseReference(text: string): Reference {
  const t = normalize(text);
  const positions: number[] = [];
  const add = (position: number | undefined) => {
    if (position !== undefined && position !== 0 && !positions.includes(position)) positions.push(position);
  };
  for (const word of words(t)) add(ORDINALS[word]);
  for (const match of t.matchAll(/(?:#|\bno\.?\s?|\bnumber\s|\bitem\s|\boption\s|\bproduct\s)(\d{1,2})\b/g)) {
    add(Number(match[1]));
  }
  for (const match of t.matchAll(
    /\b(?:compare|between)\s+(\d{1,2})\s*(?:,|and|&|with|to|vs\.?|versus)\s*(\d{1,2})(?:\s*(?:,|and|&)\s*(\d{1,2}))?\b/g,
  )) {
    add(Number(match[1]));
    add(Number(match[2]));
    if (match[3] !== undefined) add(Number(match[3]));
  }
  for (const match of t.matchAll(
    /\b(one|two|three|four|five|\d)\s+(?:and|&|vs\.?|versus)\s+(one|two|three|four|five|\d)\b/g,
  )) {
    if (/\bcompare\b/.test(t)) {
      add(numberFromWord(match[1] ?? ''));
      add(numberFromWord(match[2] ?? ''));
    }
  }
  const pronoun = /\b(?:it|that one|this one|that|this|them|those|these|the same)\b/.test(t);
  const nameWords = words(t).filter(
    (word) =>
      !NOT_NAMES.has(word) &&
      COLORS[word] === undefined &&
      MATERIALS[word] === undefined &&
      !/^\d/.test(word) &&
      !/^(?:x{0,3}[sml]|x{1,3}l)$/.test(word),
  );
  const optionWords = words(t).filter((word) => COLORS[word] !== undefined || MATERIALS[word] !== undefined);
  const rank = rankOf(t);
  return {
    positions,
    pronoun,
    nameWords,
    ...(rank === undefined ? {} : { rank }),
    ...(optionWords.length === 0 ? {} : { optionWords }),
  };
}

/** Something a reference can point at. */
export interface Referable {
  readonly title: string;
  readonly brand?: string | null | undefined;
  readonly price?: { readonly amount: number } | null | undefined;
  readonly rating?: number | null | undefined;
  readonly options?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** Picks the items a reference points at among `candidates` (shown order); empty when nothing fits. */
export function resolveReference<T extends Referable>(reference: Reference, candidates: readonly T[]): T[] {
  if (candidates.length === 0) return [];
  if (reference.positions.length > 0) {
    return reference.positions
      .map((position) => (position === -1 ? candidates.at(-1) : candidates[position - 1]))
      .filter((candidate): candidate is T => candidate !== undefined);
  }
  // "the blue one": the shown items offered in the colours and materials named.
  let pool: readonly T[] = candidates;
  if (reference.optionWords !== undefined) {
    const wanted = new Set(reference.optionWords);
    const offered = candidates.filter((candidate) =>
      Object.values(candidate.options ?? {}).some((values) =>
        values.some((value) => wanted.has(value.toLowerCase())),
      ),
    );
    if (offered.length > 0) pool = offered;
  }
  if (reference.rank !== undefined) {
    const key = (candidate: T) =>
      reference.rank === 'best_rated'
        ? -(candidate.rating ?? 0)
        : (candidate.price?.amount ?? Number.POSITIVE_INFINITY) * (reference.rank === 'priciest' ? -1 : 1);
    const ranked = [...pool].sort((a, b) => key(a) - key(b));
    return ranked[0] === undefined ? [] : [ranked[0]];
  }
  if (pool !== candidates && reference.nameWords.length === 0 && pool[0] !== undefined) return [pool[0]];
  if (reference.nameWords.length > 0) {
    let best: T | undefined;
    let bestScore = 0;
    for (const candidate of candidates) {
      const score = nameScore(reference.nameWords, candidate);
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best !== undefined) return [best];
  }
  return [];
}

function nameScore(nameWords: readonly string[], candidate: Referable): number {
  const haystack = new Set(words(`${candidate.title} ${candidate.brand ?? ''}`));
  let score = 0;
  for (const word of nameWords) {
    if (haystack.has(word)) score += 2;
    else if (haystack.has(word.replace(/s$/, '')) || haystack.has(`${word}s`)) score += 1;
  }
  return score;
}
