import { cleanText } from '../../assistant/index.js';
import type { CatalogService, Product, Variant } from '../../catalog/index.js';
import { UcpError, ucpMember } from './ucp-view.js';

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
