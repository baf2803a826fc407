/** Small text helpers shared by the shopping-language parsers. All pure. */

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  pair: 2,
  couple: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  dozen: 12,
};

/** Lower-cases, folds curly quotes and collapses whitespace; keeps `$`, `.`, `-` and `#` for prices and ids. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words of a normalized text: letters, digits and inner apostrophes or dots. */
export function words(text: string): string[] {
  return normalize(text).match(/[a-z0-9]+(?:['.][a-z0-9]+)*/g) ?? [];
}

/** The number a word or numeral stands for (`two` -> 2, `3` -> 3), or undefined. */
export function numberFromWord(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBER_WORDS[word];
}

/** Converts a price written in major units (`12`, `12.5`, `1,200.99`) to integer minor units. */
export function parseMajorAmount(text: string): number | undefined {
  const cleaned = text.replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** True when the text holds Chinese (a Han character): it is read and answered in Chinese. */
export function hasChinese(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}
