import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest, describeError, validationIssues } from '../shared/api.js';
import { formatMoney, parseMajorUnits, toMajorUnits } from '../shared/money.js';
import { ProductImage } from '../shared/product-image.js';
import type { Product, ProductList } from '../shared/types.js';
import { adminRequest, NotAvailable, useRouteAvailable } from './admin-session.js';
import { ImportForm } from './catalog-import-form.js';

interface VariantDraft {
  id: string;
  sku: string | null | undefined;
  options: Readonly<Record<string, string>>;
  price: string;
  currency: string;
  stock: string;
}

function ProductEditor({
  product,
  onSaved,
  onClose,
}: {
  product: Product;
  onSaved: (product: Product) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('console');
  const [title, setTitle] = useState(product.title);
  const [description, setDescription] = useState(product.description ?? '');
  const [category, setCategory] = useState(product.category ?? '');
  const [variants, setVariants] = useState<VariantDraft[]>(
    (product.variants ?? []).map((variant) => ({
      id: variant.id,
      sku: variant.sku,
      options: variant.options,
      price: toMajorUnits(variant.price.amount, variant.price.currency),
      currency: variant.price.currency,
      stock: String(variant.stock),
    })),
  );
  const [error, setError] = useState<string>();
  const [issues, setIssues] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const problems: string[] = [];
    const body = {
      title: title.trim(),
      description,
      category: category.trim() === '' ? undefined : category.trim(),
      variants: variants.map((variant, index) => {
        const price = parseMajorUnits(variant.price, variant.currency);
        const stock = /^\d+$/.test(variant.stock.trim()) ? Number(variant.stock) : undefined;
        const label = Object.values(variant.options).join(' / ') || t('catalog.variantN', { n: index + 1 });
        if (price === undefined) problems.push(t('catalog.badPrice', { label }));
        if (stock === undefined) problems.push(t('catalog.badStock', { label }));
        return {
          id: variant.id,
          ...(variant.sku ? { sku: variant.sku } : {}),
          options: variant.options,
          price: { amount: price ?? 0, currency: variant.currency },
          stock: stock ?? 0,
        };
      }),
    };
    if (body.title === '') problems.push(t('catalog.noTitle'));
    setIssues(problems);
    if (problems.length > 0) {
      setError(t('catalog.attention'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await adminRequest<Product>(
        `/api/v1/admin/products/${encodeURIComponent(product.id)}`,
        { method: 'PATCH', body },
      );
      onSaved(data);
    } catch (caught) {
      setError(describeError(caught));
      setIssues(validationIssues(caught).map((issue) => `${issue.path}: ${issue.message}`));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={save} aria-labelledby={`${id}-heading`}>
      <div className="spread">
        <h2 id={`${id}-heading`}>{t('catalog.editHeading', { title: product.title })}</h2>
        <button type="button" onClick={onClose}>
          {t('catalog.close')}
        </button>
      </div>
      <div aria-live="assertive">
        {error === undefined ? null : (
          <div className="notice notice--error">
            <p>{error}</p>
            {issues.length > 0 ? (
              <ul>
                {issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('catalog.title')}</label>
        <input
          id={`${id}-title`}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          maxLength={300}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t('catalog.category')}</label>
        <input
          id={`${id}-category`}
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          maxLength={120}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('catalog.description')}</label>
        <textarea
          id={`${id}-description`}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <div className="table-scroll">
        <table>
          <caption>{t('catalog.variantsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalog.variant')}</th>
              <th scope="col">{t('catalog.price')}</th>
              <th scope="col">{t('catalog.stock')}</th>
            </tr>
          </thead>
          <tbody>
            {variants.map((variant, index) => {
              const label =
                Object.entries(variant.options)
                  .map(([name, value]) => `${name}: ${value}`)
                  .join(', ') || t('catalog.default');
              return (
                <tr key={variant.id}>
                  <th scope="row">{label}</th>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-price-${index}`}>
                      {t('catalog.priceOf', { label, currency: variant.currency })}
                    </label>
                    <input
                      id={`${id}-price-${index}`}
                      inputMode="decimal"
                      value={variant.price}
                      onChange={(event) =>
                        setVariants(
                          variants.map((entry, at) =>
                            at === index ? { ...entry, price: event.target.value } : entry,
                          ),
                        )
                      }
                    />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-stock-${index}`}>
                      {t('catalog.stockOf', { label })}
                    </label>
                    <input
                      id={`${id}-stock-${index}`}
                      inputMode="numeric"
                      value={variant.stock}
                      onChange={(event) =>
                        setVariants(
                          variants.map((entry, at) =>
                            at === index ? { ...entry, stock: event.target.value } : entry,
                          ),
                        )
                      }
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('catalog.save')}
      </button>
    </form>
  );
}

/** Catalog: import files with progress, find products, edit their text, prices and stock. */
export function CatalogPage() {
  const { t, i18n } = useTranslation('console');
  const [query, setQuery] = useState('');
  const [products, setProducts] = useState<Product[]>();
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<Product>();
  const [notice, setNotice] = useState<string>();
  const canEdit = useRouteAvailable('PATCH /api/v1/admin/products/{id}');
  const id = useId();

  const search = useCallback(
    async (text: string) => {
      try {
        const params = new URLSearchParams({ limit: '50' });
        if (text.trim() !== '') params.set('q', text.trim());
        const { data } = await apiRequest<ProductList>(`/api/v1/products?${params.toString()}`);
        setProducts([...data.items]);
        setTotal(data.total);
        setError(undefined);
      } catch (caught) {
        setError(
          caught instanceof ApiError && caught.code === 'ROUTE_NOT_FOUND'
            ? t('catalog.searchUnavailable')
            : describeError(caught),
        );
      }
    },
    [t],
  );

  useEffect(() => {
    void search('');
  }, [search]);

  return (
    <section aria-labelledby="catalog-heading" className="stack">
      <h1 id="catalog-heading">{t('catalog.heading')}</h1>
      <ImportForm />
      <div aria-live="polite">
        {notice === undefined ? null : <p className="notice notice--success">{notice}</p>}
      </div>
      {editing === undefined ? null : (
        <ProductEditor
          product={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            setNotice(t('catalog.saved', { title: saved.title ?? t('catalog.product') }));
            void search(query);
          }}
        />
      )}
      <form
        aria-label={t('catalog.find')}
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void search(query);
        }}
      >
        <label htmlFor={`${id}-q`} className="visually-hidden">
          {t('catalog.find')}
        </label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder={t('catalog.find')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          className="grow"
        />
        <button type="submit">{t('catalog.findButton')}</button>
      </form>
      {error === undefined ? null : <p className="notice notice--error">{error}</p>}
      {total === undefined ? null : (
        <p className="small muted">{t('catalog.matches', { total: total.toLocaleString(i18n.language) })}</p>
      )}
      {canEdit === false ? (
        <NotAvailable what={t('catalog.editingWhat')} route="PATCH /api/v1/admin/products/{id}" />
      ) : null}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('catalog.products')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('catalog.photo')}</span>
              </th>
              <th scope="col">{t('catalog.product')}</th>
              <th scope="col">{t('catalog.category')}</th>
              <th scope="col">{t('catalog.variants')}</th>
              <th scope="col">{t('catalog.stock')}</th>
              <th scope="col">{t('catalog.price')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('catalog.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(products ?? []).map((product) => {
              const variants = product.variants ?? [];
              const stock = variants.reduce((sum, variant) => sum + variant.stock, 0);
              return (
                <tr key={product.id}>
                  <td>
                    <ProductImage src={product.images?.[0]} title={product.title} size="thumb" />
                  </td>
                  <td>
                    {product.title}
                    <div className="small muted">
                      <code>{product.id}</code>
                    </div>
                  </td>
                  <td>{product.category}</td>
                  <td>{variants.length}</td>
                  <td className={stock === 0 ? 'field-error' : ''}>{stock}</td>
                  <td>{formatMoney(product.price ?? variants[0]?.price)}</td>
                  <td>
                    {canEdit ? (
                      <button type="button" onClick={() => setEditing(product)}>
                        {t('catalog.edit')}
                        <span className="visually-hidden"> {product.title}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
