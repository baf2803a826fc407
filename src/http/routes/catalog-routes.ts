import { createHash } from 'node:crypto';
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import {
  MAX_SEARCH_LIMIT,
  type Product,
  SEARCH_SORTS,
  type SearchFacets,
  type SearchHit,
  type SearchQuery,
  type Variant,
} from '../../catalog/index.js';
import { cleanText } from '../../catalog/product-input.js';
import { AppError } from '../../shared/app-error.js';
import { MoneySchema } from '../../shared/money.js';
import type { RouteModule } from '../server.js';

/** A variant on the wire. */
export const VariantView = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  options: z.record(z.string(), z.string()),
  price: MoneySchema,
  stock: z.number().int(),
  inStock: z.boolean(),
});

/** A product with its variants on the wire; times are ISO 8601 UTC. */
export const ProductView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  brand: z.string().nullable(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.string()),
  rating: z.number().nullable(),
  images: z.array(z.string()),
  variants: z.array(VariantView),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Path parameter of product routes: ids are short and plain, anything else is refused before a lookup. */
export const ProductIdParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a product id'),
});

const SearchItem = ProductView.extend({
  /** Variants that pass the filters and best match the query's option words; they lead `variants`. */
  matchedVariantIds: z.array(z.string()),
  /** Lowest price among the matched variants. */
  price: MoneySchema,
});

const FacetCountView = z.object({ value: z.string(), count: z.number().int() });
const SearchResponse = z.object({
  items: z.array(SearchItem),
  total: z.number().int(),
  nextCursor: z.string().optional(),
  facets: z
    .object({
      category: z.array(FacetCountView),
      brand: z.array(FacetCountView),
      price: z.array(
        z.object({ min: z.number().int(), max: z.number().int().optional(), count: z.number().int() }),
      ),
      options: z.record(z.string(), z.array(FacetCountView)),
    })
    .optional(),
});

const KNOWN_PARAMETERS = new Set([
  'q',
  'category',
  'brand',
  'minPrice',
  'maxPrice',
  'inStock',
  'limit',
  'cursor',
  'sort',
  'facets',
]);
const OPTION_PREFIX = 'option.';
const Price = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const OptionValue = cleanText(120, { min: 1 });

const SearchQuerystring = z
  .object({
    q: cleanText(200).optional(),
    category: cleanText(120, { min: 1 }).optional(),
    brand: cleanText(120, { min: 1 }).optional(),
    minPrice: Price.optional(),
    maxPrice: Price.optional(),
    inStock: Flag.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20),
    cursor: z.string().max(200).optional(),
    sort: z.enum(SEARCH_SORTS).default('relevance'),
    facets: Flag.optional(),
  })
  // Option filters arrive as `option.<name>=<value>`, repeated for several accepted values.
  .catchall(z.union([OptionValue, z.array(OptionValue).max(20)]))
  .superRefine((query, context) => {
    for (const key of Object.keys(query)) {
      if (KNOWN_PARAMETERS.has(key)) continue;
      const name = key.startsWith(OPTION_PREFIX) ? key.slice(OPTION_PREFIX.length) : '';
      if (name === '' || name.length > 120) {
        context.addIssue({ code: 'custom', path: [key], message: `unknown parameter ${key.slice(0, 60)}` });
      }
    }
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      context.addIssue({ code: 'custom', path: ['minPrice'], message: 'minPrice is greater than maxPrice' });
    }
  });

/** A search answer as sent, and the index generation it was computed at. */
interface CachedAnswer {
  readonly generation: number;
  readonly body: string;
}

/** Answers kept at most, and their size in characters at most (keys included). */
const CACHED_ANSWERS = 1_000;
const CACHED_CHARACTERS = 16 * 1024 * 1024;

/**
 * The public catalog: product search with filters and facets, and one product with its variants.
 * Search answers are kept as sent, by URL, for as long as the index has not changed since they
 * were computed: in a crowd most shoppers look at the same campaign page, and a repeated search
 * then skips validation, the search and the response schema: 146 us of server CPU against
 * 378-408 us (`npm run bench -- request-costs --only browse`, 2026-11-26).
 * An answer is never stale: any change to products, stock or prices moves the generation.
 */
export const catalogRoutes: RouteModule = (server, context) => {
  const answers = new LRUCache<string, CachedAnswer>({
    max: CACHED_ANSWERS,
    maxSize: CACHED_CHARACTERS,
    sizeCalculation: (answer, url) => answer.body.length + url.length,
  });
  const computedAt = new WeakMap<FastifyRequest, number>();
  // A plain hook: the body is already the validated, serialized answer (RFC 9211 Cache-Status).
  const answerFromCache: onRequestHookHandler = (request, reply, done) => {
    const cached = request.method === 'GET' ? answers.get(request.url) : undefined;
    if (cached === undefined || cached.generation !== context.catalog.searchGeneration) {
      reply.header('cache-status', 'rushcart; fwd=miss');
      return done();
    }
    reply.header('cache-status', 'rushcart; hit').type('application/json; charset=utf-8').send(cached.body);
  };

  server.get(
    '/api/v1/products',
    {
      config: { admission: Admission.browse },
      onRequest: answerFromCache,
      onSend: (request, reply, payload, done) => {
        const generation = computedAt.get(request);
        if (generation !== undefined && reply.statusCode === 200 && typeof payload === 'string') {
          answers.set(request.url, { generation, body: payload });
        }
        done(null, payload);
      },
      schema: {
        tags: ['catalog'],
        summary: 'Search products',
        description:
          'Full-text search with typo tolerance. Prices are minor units. Filter option values with ' +
          '`option.<name>=<value>` (repeat for several values). When the query names option values ' +
          '(colour, size, material), matching variants lead each item and are listed in `matchedVariantIds`.',
        querystring: SearchQuerystring,
        response: { 200: SearchResponse },
      },
    },
    async (request) => {
      const { q, category, brand, minPrice, maxPrice, inStock, limit, cursor, sort, facets, ...rest } =
        request.query;
      const options: Record<string, string[]> = {};
      for (const [key, value] of Object.entries(rest)) {
        if (!key.startsWith(OPTION_PREFIX) || value === undefined) continue;
        options[key.slice(OPTION_PREFIX.length)] =
          typeof value === 'string' ? [value] : [...(value as string[])];
      }
      const query: SearchQuery = { text: q, category, brand, minPrice, maxPrice, inStock, options, sort };
      const fingerprint = queryFingerprint(query);
      const offset = cursor === undefined ? 0 : decodeCursor(cursor, fingerprint);
      // The search below is synchronous: its answer is the index at this generation.
      if (request.method === 'GET') computedAt.set(request, context.catalog.searchGeneration);
      // Facets describe the whole result set, so the first page carries them unless asked otherwise.
      const result = context.catalog.search({
        ...query,
        limit,
        offset,
        facets: facets ?? cursor === undefined,
      });
      return {
        items: result.hits.map(toSearchItem),
        total: result.total,
        ...(result.nextOffset === undefined
          ? {}
          : { nextCursor: encodeCursor(result.nextOffset, fingerprint) }),
        ...(result.facets === undefined ? {} : { facets: toFacetsView(result.facets) }),
      };
    },
  );

  server.get(
    '/api/v1/products/:id',
    {
      config: { admission: Admission.browse },
      schema: {
        tags: ['catalog'],
        summary: 'One product with its variants',
        params: ProductIdParams,
        response: { 200: ProductView },
      },
    },
    async (request) => toProductView(await context.catalog.getProduct(request.params.id)),
  );
};

/** A product as the API shows it. */
export function toProductView(product: Product, variants: readonly Variant[] = product.variants) {
  return {
    id: product.id,
    title: product.title,
    description: product.description,
    category: product.category,
    brand: product.brand,
    tags: [...product.tags],
    attributes: { ...product.attributes },
    rating: product.rating,
    images: [...product.images],
    variants: variants.map(toVariantView),
    createdAt: new Date(product.createdAt).toISOString(),
    updatedAt: new Date(product.updatedAt).toISOString(),
  };
}

/** A variant as the API shows it. */
export function toVariantView(variant: Variant) {
  return {
    id: variant.id,
    sku: variant.sku,
    options: { ...variant.options },
    price: variant.price,
    stock: variant.stock,
    inStock: variant.stock > 0,
  };
}

function toFacetsView(facets: SearchFacets) {
  return {
    category: [...facets.category],
    brand: [...facets.brand],
    price: facets.price.map((bucket) => ({
      min: bucket.min,
      ...(bucket.max === undefined ? {} : { max: bucket.max }),
      count: bucket.count,
    })),
    options: Object.fromEntries(Object.entries(facets.options).map(([name, values]) => [name, [...values]])),
  };
}

function toSearchItem(hit: SearchHit) {
  return {
    ...toProductView(hit.product, hit.variants),
    matchedVariantIds: [...hit.matchedVariantIds],
    price: hit.price,
  };
}

/** A cursor is the next offset bound to the query it came from, so it cannot page another query. */
function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

function decodeCursor(cursor: string, fingerprint: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      o?: unknown;
      f?: unknown;
    };
    if (Number.isSafeInteger(decoded.o) && (decoded.o as number) >= 0 && decoded.f === fingerprint) {
      return decoded.o as number;
    }
  } catch {
    // Falls through to the error below: any undecodable cursor is the client's fault.
  }
  throw new AppError('INVALID_CURSOR');
}

function queryFingerprint(query: SearchQuery): string {
  const options = Object.entries(query.options ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const canonical = JSON.stringify([
    query.text ?? '',
    query.category ?? '',
    query.brand ?? '',
    query.minPrice ?? null,
    query.maxPrice ?? null,
    query.inStock ?? null,
    query.sort ?? 'relevance',
    options,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}
