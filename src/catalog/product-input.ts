import { z } from 'zod';
import { MoneySchema } from '../shared/money.js';

/** Limits on imported and admin-entered catalog data; generous for real catalogs, fatal for junk. */
export const CATALOG_LIMITS = {
  titleLength: 300,
  descriptionLength: 20_000,
  nameLength: 120,
  tags: 50,
  attributes: 50,
  images: 20,
  urlLength: 2_000,
  optionsPerVariant: 5,
  variantsPerProduct: 250,
} as const;

// Control characters (other than tab and newline in long text) and lone surrogates are never product data.
// With the u flag a valid surrogate pair is one code point, so this matches only lone halves.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** A trimmed, well-formed, control-character-free string of bounded length. */
export function cleanText(max: number, options: { min?: number; multiline?: boolean } = {}) {
  return z
    .string()
    .trim()
    .min(options.min ?? 0)
    .max(max)
    .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode')
    .refine(
      (value) => !hasControlCharacter(value, options.multiline === true),
      'must not contain control characters',
    );
}

/** True when the text holds a control character; tab and line breaks are allowed in multiline text. */
export function hasControlCharacter(value: string, multiline: boolean): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === 0x7f || (code >= 0x80 && code <= 0x9f)) return true;
    if (code < 0x20 && !(multiline && (code === 0x09 || code === 0x0a || code === 0x0d))) return true;
  }
  return false;
}

/** Ids callers may choose (imports with stable ids): letters, digits, `_` and `-`. */
export const CatalogIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'ids are 1 to 80 of A-Z a-z 0-9 _ -');

const OptionsSchema = z
  .record(cleanText(CATALOG_LIMITS.nameLength, { min: 1 }), cleanText(CATALOG_LIMITS.nameLength, { min: 1 }))
  .refine((options) => Object.keys(options).length <= CATALOG_LIMITS.optionsPerVariant, {
    message: `at most ${CATALOG_LIMITS.optionsPerVariant} options per variant`,
  });

/** One variant as the admin API and our JSON import take it. */
export const VariantInputSchema = z
  .object({
    id: CatalogIdSchema.optional(),
    sku: cleanText(CATALOG_LIMITS.nameLength, { min: 1 }).optional(),
    options: OptionsSchema.optional(),
    price: MoneySchema,
    stock: z.number().int().min(0).max(1_000_000_000),
  })
  .strict();

/** Fields of a product apart from its variants. */
const ProductFields = {
  id: CatalogIdSchema.optional(),
  title: cleanText(CATALOG_LIMITS.titleLength, { min: 1 }),
  description: cleanText(CATALOG_LIMITS.descriptionLength, { multiline: true }).optional(),
  category: cleanText(CATALOG_LIMITS.nameLength, { min: 1 }).optional(),
  brand: cleanText(CATALOG_LIMITS.nameLength, { min: 1 }).nullable().optional(),
  tags: z
    .array(cleanText(CATALOG_LIMITS.nameLength, { min: 1 }))
    .max(CATALOG_LIMITS.tags)
    .optional(),
  attributes: z
    .record(cleanText(CATALOG_LIMITS.nameLength, { min: 1 }), cleanText(1_000))
    .refine((value) => Object.keys(value).length <= CATALOG_LIMITS.attributes, {
      message: `at most ${CATALOG_LIMITS.attributes} attributes`,
    })
    .optional(),
  rating: z.number().min(0).max(5).nullable().optional(),
  images: z
    .array(z.url({ protocol: /^https?$/ }).max(CATALOG_LIMITS.urlLength))
    .max(CATALOG_LIMITS.images)
    .optional(),
};

const VariantsSchema = z
  .array(VariantInputSchema)
  .min(1)
  .max(CATALOG_LIMITS.variantsPerProduct)
  .superRefine((variants, context) => {
    const seen = new Set<string>();
    const currencies = new Set(variants.map((variant) => variant.price.currency));
    if (currencies.size > 1) {
      context.addIssue({ code: 'custom', message: 'all variants of a product must share one currency' });
    }
    variants.forEach((variant, index) => {
      const key = optionsKey(variant.options ?? {});
      if (seen.has(key)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'options'],
          message:
            key === '{}'
              ? 'a variant without options must be the only variant'
              : 'two variants have the same options',
        });
      }
      seen.add(key);
    });
  });

/** A product as the admin API and our JSON import format take it. */
export const ProductInputSchema = z.object({ ...ProductFields, variants: VariantsSchema }).strict();

/** A partial update of a product; `variants`, when given, replaces the list (matching ids or options keep their ids). */
export const ProductPatchSchema = z
  .object({ ...ProductFields, variants: VariantsSchema.optional() })
  .omit({ id: true })
  .strict();

/** A product to create or import, already validated. */
export type ProductInput = z.infer<typeof ProductInputSchema>;
/** A variant to create or import, already validated. */
export type VariantInput = z.infer<typeof VariantInputSchema>;
/** A partial product update, already validated. */
export type ProductPatch = z.infer<typeof ProductPatchSchema>;

/** A canonical string for an option map, independent of key order and letter case. */
export function optionsKey(options: Readonly<Record<string, string>>): string {
  const entries = Object.entries(options)
    .map(([name, value]) => [name.toLowerCase(), value.toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}
