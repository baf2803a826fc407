import { cleanText } from '../../assistant/index.js';
import type { CatalogService, Product, Variant } from '../../catalog/index.js';
import { isAppError } from '../../shared/app-error.js';
import { UcpError } from './ucp-messages.js';
import { ucpMember } from './ucp-meta.js';

/** Most products one search page answers. */
const MAX_PAGE = 50;
const DEFAULT_PAGE = 10;

/** The fields of a catalog search request this server reads (the schema checked the rest). */
export interface SearchRequest {
  readonly query?: string;
  readonly filters?: {
    readonly categories?: readonly string[];
    readonly price?: { readonly min?: number; readonly max?: number };
  };
  readonly pagination?: { readonly cursor?: string; readonly limit?: number };
}

/**
 * UCP's catalog search over our own search index: the query, the first category, a price range in
 * minor units and cursor paging. Product text is untrusted: it is cleaned of markup and hidden
 * characters, as for every agent.
 */
export function searchCatalog(
  catalog: Pick<CatalogService, 'search'>,
  request: SearchRequest,
  origin: string,
) {
  const limit = Math.min(request.pagination?.limit ?? DEFAULT_PAGE, MAX_PAGE);
  const offset = offsetOf(request.pagination?.cursor);
  const query = request.query?.trim() ?? '';
  if (query.length > 200) throw new UcpError(400, 'invalid', 'At most 200 characters.', '$.query');
  const result = catalog.search({
    text: query,
    category: request.filters?.categories?.[0],
    minPrice: request.filters?.price?.min,
    maxPrice: request.filters?.price?.max,
    limit,
    offset,
    facets: false,
  });
  return {
    ucp: ucpMember('search'),
    products: result.hits.map((hit) => productView(hit.product, hit.variants, origin)),
    pagination: {
      has_next_page: result.nextOffset !== undefined,
      ...(result.nextOffset === undefined ? {} : { cursor: `o${result.nextOffset}` }),
      total_count: result.total,
    },
  };
}

/** The offset a cursor of ours names; a cursor we never gave is refused. */
function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o(\d{1,6})$/.exec(cursor);
  if (match === null)
    throw new UcpError(400, 'invalid', 'This cursor was not given by this server.', '$.pagination.cursor');
  return Number(match[1]);
}

/** A product in UCP's words, with its variants in the order the search ranked them. */
export function productView(product: Product, variants: readonly Variant[], origin: string) {
  const prices = variants.map((variant) => variant.price.amount);
  const currency = variants[0]?.price.currency ?? 'USD';
  const title = cleanText(product.title, 120);
  const description = { plain: cleanText(product.description, 1000) || title };
  return {
    id: product.id,
    title,
    description,
    url: `${origin}/products/${product.id}`,
    categories: [{ value: product.category }],
    price_range: {
      min: { amount: Math.min(...prices), currency },
      max: { amount: Math.max(...prices), currency },
    },
    media: product.images
      .filter((url) => /^https?:\/\//.test(url))
      .slice(0, 4)
      .map((url) => ({ type: 'image', url })),
    ...(product.rating === null ? {} : { rating: { value: product.rating, scale_min: 0, scale_max: 5 } }),
    variants: variants.slice(0, 40).map((variant) => {
      const options = Object.entries(variant.options).map(([name, value]) => ({
        name: cleanText(name, 40),
        label: cleanText(value, 60),
      }));
      const named = options.map((option) => option.label).join(', ');
      return {
        id: variant.id,
        ...(variant.sku === null ? {} : { sku: variant.sku }),
        title: named === '' ? title : `${title} (${named})`,
        description,
        price: { amount: variant.price.amount, currency: variant.price.currency },
        availability: {
          available: variant.stock > 0,
          status: variant.stock > 0 ? 'in_stock' : 'out_of_stock',
        },
        options,
      };
    }),
  };
}

/** Most ids one lookup resolves. */
const MAX_LOOKUP = 50;

/** The fields of a lookup request this server reads. */
export interface LookupRequest {
  readonly ids: readonly string[];
}

/** The fields of a get_product request this server reads. */
export interface ProductRequest {
  readonly id: string;
  readonly selected?: readonly { readonly name: string; readonly label: string }[];
}

/** What catalog lookups need: products by id, and which product a variant belongs to. */
export interface CatalogReader {
  getProduct(id: string): Promise<Product>;
  findVariant(variantId: string): Promise<{ readonly productId: string } | undefined>;
}

/** The product of an id, or undefined when there is none. */
async function productOf(catalog: CatalogReader, id: string): Promise<Product | undefined> {
  try {
    return await catalog.getProduct(id);
  } catch (error) {
    if (isAppError(error, 'PRODUCT_NOT_FOUND')) return undefined;
    throw error;
  }
}

/**
 * UCP's catalog lookup: each id is a product id (answered with its featured variant: the first in
 * stock) or a variant id (answered exactly). Ids that name nothing are reported in `messages[]`.
 * Every variant says which request ids resolved to it.
 */
export async function lookupCatalog(catalog: CatalogReader, request: LookupRequest, origin: string) {
  if (request.ids.length > MAX_LOOKUP)
    throw new UcpError(400, 'invalid', `At most ${MAX_LOOKUP} ids in one lookup.`, '$.ids');
  const found = new Map<string, { product: Product; inputs: Map<string, { id: string; match: string }[]> }>();
  const missing: { id: string; at: number }[] = [];
  for (const [at, id] of request.ids.entries()) {
    let product = await productOf(catalog, id);
    let variant = product?.variants.find((item) => item.stock > 0) ?? product?.variants[0];
    let match = 'featured';
    if (product === undefined) {
      const owner = await catalog.findVariant(id);
      product = owner === undefined ? undefined : await productOf(catalog, owner.productId);
      variant = product?.variants.find((item) => item.id === id);
      match = 'exact';
    }
    if (product === undefined || variant === undefined) {
      missing.push({ id, at });
      continue;
    }
    const entry = found.get(product.id) ?? { product, inputs: new Map() };
    entry.inputs.set(variant.id, [...(entry.inputs.get(variant.id) ?? []), { id, match }]);
    found.set(product.id, entry);
  }
  return {
    ucp: ucpMember('lookup'),
    products: [...found.values()].map(({ product, inputs }) => {
      const variants = product.variants.filter((variant) => inputs.has(variant.id));
      const view = productView(product, variants, origin);
      return {
        ...view,
        variants: view.variants.map((variant) => ({ ...variant, inputs: inputs.get(variant.id) ?? [] })),
      };
    }),
    messages: missing.map(({ id, at }) => ({
      type: 'info',
      code: 'not_found',
      content: `No product or variant has the id '${id}'.`,
      path: `$.ids[${at}]`,
    })),
  };
}

/**
 * UCP's get_product: the product with every variant, and each option's values marked as existing
 * and available given the options the agent selected (so it can offer only what can be bought).
 */
export async function getProduct(catalog: CatalogReader, request: ProductRequest, origin: string) {
  const product = await productOf(catalog, request.id);
  if (product === undefined) throw new UcpError(404, 'not_found', 'No product has that id.', '$.id');
  const selected = new Map((request.selected ?? []).map((option) => [option.name, option.label]));
  const matches = (options: Readonly<Record<string, string>>, except: string) =>
    [...selected].every(([name, label]) => name === except || options[name] === label);
  const names = [...new Set(product.variants.flatMap((variant) => Object.keys(variant.options)))];
  return {
    ucp: ucpMember('lookup'),
    product: {
      ...productView(product, product.variants, origin),
      ...(selected.size === 0 ? {} : { selected: [...selected].map(([name, label]) => ({ name, label })) }),
      options: names.map((name) => ({
        name: cleanText(name, 40),
        values: [
          ...new Set(
            product.variants.map((variant) => variant.options[name]).filter((value) => value !== undefined),
          ),
        ].map((label) => {
          const candidates = product.variants.filter(
            (variant) => variant.options[name] === label && matches(variant.options, name),
          );
          return {
            label: cleanText(label, 60),
            exists: candidates.length > 0,
            available: candidates.some((variant) => variant.stock > 0),
          };
        }),
      })),
    },
  };
}
