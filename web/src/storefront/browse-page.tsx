import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest, describeError } from '../shared/api.js';
import { SearchIcon } from '../shared/icons.js';
import { parseMajorUnits } from '../shared/money.js';
import type { FacetValue, Product, ProductList } from '../shared/types.js';
import { ProductCard, productPrice } from './product-card.js';

/** Search filters as they appear in the URL query. */
interface Filters {
  q: string;
  category: string;
  minPrice: string;
  maxPrice: string;
  inStock: boolean;
}

function readFilters(): Filters {
  const params = new URLSearchParams(window.location.search);
  return {
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    minPrice: params.get('minPrice') ?? '',
    maxPrice: params.get('maxPrice') ?? '',
    inStock: params.get('inStock') === 'true',
  };
}

/** Normalises the two facet shapes a server may send: a list of {value,count} or a value-to-count map. */
export function facetValues(
  raw: readonly FacetValue[] | Readonly<Record<string, number>> | undefined,
): FacetValue[] {
  if (raw === undefined) return [];
  if (Array.isArray(raw)) return [...(raw as readonly FacetValue[])];
  return Object.entries(raw as Record<string, number>).map(([value, count]) => ({ value, count }));
}

/**
 * The query string for GET /api/v1/products; prices typed in major units go out in minor units of
 * the catalog's currency ("1200" is 1200 yen, but 120000 cents).
 */
function productQuery(filters: Filters, currency: string, cursor?: string): string {
  const params = new URLSearchParams();
  if (filters.q.trim() !== '') params.set('q', filters.q.trim());
  if (filters.category !== '') params.set('category', filters.category);
  const min = parseMajorUnits(filters.minPrice, currency);
  const max = parseMajorUnits(filters.maxPrice, currency);
  if (min !== undefined) params.set('minPrice', String(min));
  if (max !== undefined) params.set('maxPrice', String(max));
  if (filters.inStock) params.set('inStock', 'true');
  params.set('limit', '24');
  if (cursor !== undefined) params.set('cursor', cursor);
  return params.toString();
}

/** Search and browse without chat: search box, filters, facets and a product grid. */
export function BrowsePage() {
  const { t } = useTranslation('storefront');
  const [filters, setFilters] = useState<Filters>(readFilters);
  const [draft, setDraft] = useState<Filters>(filters);
  const [items, setItems] = useState<Product[]>([]);
  const [facets, setFacets] = useState<ProductList['facets']>();
  const [nextCursor, setNextCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const searchId = useId();
  const currency = useRef('USD');

  const load = useCallback(
    async (applied: Filters, cursor?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const { data } = await apiRequest<ProductList>(
          `/api/v1/products?${productQuery(applied, currency.current, cursor)}`,
        );
        setItems((previous) => (cursor === undefined ? [...data.items] : [...previous, ...data.items]));
        // The currency the shop prices in, for reading the price filter the shopper types next.
        const first = data.items[0];
        if (first !== undefined) currency.current = productPrice(first)?.currency ?? currency.current;
        if (cursor === undefined) setFacets(data.facets);
        setNextCursor(data.nextCursor ?? undefined);
      } catch (caught) {
        setError(
          caught instanceof ApiError && caught.code === 'ROUTE_NOT_FOUND'
            ? t('browse.unavailable')
            : describeError(caught),
        );
      } finally {
        setLoading(false);
      }
    },
    [t],
  );

  useEffect(() => {
    void load(filters);
  }, [filters, load]);

  const apply = (next: Filters) => {
    setFilters(next);
    setDraft(next);
    const query = new URLSearchParams();
    if (next.q !== '') query.set('q', next.q);
    if (next.category !== '') query.set('category', next.category);
    if (next.minPrice !== '') query.set('minPrice', next.minPrice);
    if (next.maxPrice !== '') query.set('maxPrice', next.maxPrice);
    if (next.inStock) query.set('inStock', 'true');
    const search = query.toString();
    window.history.replaceState(null, '', search === '' ? window.location.pathname : `?${search}`);
  };

  const categories = facetValues(facets?.category ?? facets?.categories);
  const brands = facetValues(facets?.brand ?? facets?.brands);
  const priceError =
    (draft.minPrice !== '' && parseMajorUnits(draft.minPrice, currency.current) === undefined) ||
    (draft.maxPrice !== '' && parseMajorUnits(draft.maxPrice, currency.current) === undefined)
      ? t('browse.priceFormat')
      : undefined;

  return (
    <section aria-labelledby="browse-heading" className="browse">
      <h1 id="browse-heading" className="visually-hidden">
        {t('shell.shop')}
      </h1>
      <form
        aria-label={t('browse.formLabel')}
        className="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (priceError === undefined) apply(draft);
        }}
      >
        <label htmlFor={`${searchId}-q`} className="visually-hidden">
          {t('browse.searchLabel')}
        </label>
        <div className="search-box">
          <SearchIcon />
          <input
            id={`${searchId}-q`}
            type="search"
            placeholder={t('browse.placeholder')}
            value={draft.q}
            onChange={(event) => setDraft({ ...draft, q: event.target.value })}
          />
          <button type="submit" className="primary">
            {t('browse.search')}
          </button>
        </div>
        <details className="filters" open={window.innerWidth > 700}>
          <summary>{t('browse.filters')}</summary>
          <div className="filters__grid">
            <div className="field">
              <label htmlFor={`${searchId}-category`}>{t('browse.category')}</label>
              <select
                id={`${searchId}-category`}
                value={draft.category}
                onChange={(event) => apply({ ...draft, category: event.target.value })}
              >
                <option value="">{t('browse.allCategories')}</option>
                {categories.map((facet) => (
                  <option key={facet.value} value={facet.value}>
                    {facet.value} ({facet.count})
                  </option>
                ))}
                {draft.category !== '' && !categories.some((facet) => facet.value === draft.category) ? (
                  <option value={draft.category}>{draft.category}</option>
                ) : null}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${searchId}-min`}>{t('browse.minPrice')}</label>
              <input
                id={`${searchId}-min`}
                inputMode="decimal"
                value={draft.minPrice}
                onChange={(event) => setDraft({ ...draft, minPrice: event.target.value })}
                aria-invalid={priceError !== undefined}
                aria-describedby={`${searchId}-price-error`}
              />
            </div>
            <div className="field">
              <label htmlFor={`${searchId}-max`}>{t('browse.maxPrice')}</label>
              <input
                id={`${searchId}-max`}
                inputMode="decimal"
                value={draft.maxPrice}
                onChange={(event) => setDraft({ ...draft, maxPrice: event.target.value })}
                aria-invalid={priceError !== undefined}
                aria-describedby={`${searchId}-price-error`}
              />
            </div>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={draft.inStock}
                onChange={(event) => apply({ ...draft, inStock: event.target.checked })}
              />
              {t('browse.inStockOnly')}
            </label>
          </div>
          <p
            id={`${searchId}-price-error`}
            className="field-error"
            role={priceError === undefined ? undefined : 'alert'}
          >
            {priceError ?? ''}
          </p>
          {brands.length > 0 ? (
            <fieldset className="facet-chips inline-group">
              <legend className="visually-hidden">{t('browse.brands')}</legend>
              {brands.slice(0, 12).map((facet) => (
                <button
                  key={facet.value}
                  type="button"
                  className="chip"
                  onClick={() => apply({ ...draft, q: `${draft.q} ${facet.value}`.trim() })}
                >
                  {facet.value} <span className="muted">({facet.count})</span>
                </button>
              ))}
            </fieldset>
          ) : null}
        </details>
      </form>

      {error === undefined ? null : (
        <div className="notice notice--error" role="alert">
          {error}
        </div>
      )}
      <p className="muted small" aria-live="polite">
        {loading
          ? t('browse.loading')
          : error === undefined
            ? t('browse.shown', { count: items.length })
            : ''}
      </p>
      <div className="product-grid">
        {items.map((product) => (
          <ProductCard key={product.id} product={product} />
        ))}
      </div>
      {!loading && error === undefined && items.length === 0 ? <p>{t('browse.none')}</p> : null}
      {nextCursor === undefined ? null : (
        <button type="button" onClick={() => void load(filters, nextCursor)} disabled={loading}>
          {t('browse.more')}
        </button>
      )}
    </section>
  );
}
