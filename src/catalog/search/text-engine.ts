/** The text of one product as the full-text engine indexes it, field by field. */
export interface TextDocument {
  readonly id: string;
  readonly title: string;
  readonly brand: string;
  readonly category: string;
  readonly tags: string;
  /** Option values of every variant and attribute values (colours, materials, sizes). */
  readonly options: string;
  readonly description: string;
}

/** Field weights: a title match counts most, then brand, category and tags, then options, then description. */
export const FIELD_BOOSTS = {
  title: 4,
  brand: 2,
  category: 2,
  tags: 2,
  options: 1.5,
  description: 1,
} as const satisfies Record<Exclude<keyof TextDocument, 'id'>, number>;

/** The full-text part of search: documents in, relevance scores by product id out. */
export interface TextEngine {
  add(document: TextDocument): void;
  remove(id: string): void;
  /**
   * Scores of the documents matching every query word, or, when none does, of those matching any
   * (typos and a trailing prefix allowed). With a limit, an engine may answer only the best that many.
   */
  search(text: string, limit?: number): Map<string, number>;
  readonly size: number;
}
