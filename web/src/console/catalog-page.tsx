import { useCallback, useEffect, useId, useState } from 'react';
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
        const label = Object.values(variant.options).join(' / ') || `variant ${index + 1}`;
        if (price === undefined) problems.push(`${label}: the price is an amount such as 12.99.`);
        if (stock === undefined) problems.push(`${label}: stock is a whole number of units, 0 or more.`);
        return {
          id: variant.id,
          ...(variant.sku ? { sku: variant.sku } : {}),
          options: variant.options,
          price: { amount: price ?? 0, currency: variant.currency },
          stock: stock ?? 0,
        };
      }),
    };
    if (body.title === '') problems.push('The title cannot be empty.');
    setIssues(problems);
    if (problems.length > 0) {
      setError('Some fields need attention.');
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
        <h2 id={`${id}-heading`}>Edit {product.title}</h2>
        <button type="button" onClick={onClose}>
          Close
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
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          maxLength={300}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-category`}>Category</label>
        <input
          id={`${id}-category`}
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          maxLength={120}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea
          id={`${id}-description`}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <div className="table-scroll">
        <table>
          <caption>Variants: price and stock</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
            </tr>
          </thead>
          <tbody>
            {variants.map((variant, index) => {
              const label =
                Object.entries(variant.options)
                  .map(([name, value]) => `${name}: ${value}`)
                  .join(', ') || 'Default';
              return (
                <tr key={variant.id}>
                  <th scope="row">{label}</th>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-price-${index}`}>
                      Price of {label} ({variant.currency})
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
                      Stock of {label}
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
        Save product
      </button>
    </form>
  );
}

/** Catalog: import files with progress, find products, edit their text, prices and stock. */
export function CatalogPage() {
  const [query, setQuery] = useState('');
  const [products, setProducts] = useState<Product[]>();
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<Product>();
  const [notice, setNotice] = useState<string>();
  const canEdit = useRouteAvailable('PATCH /api/v1/admin/products/{id}');
  const id = useId();

  const search = useCallback(async (text: string) => {
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
          ? 'Product search is not available on this server yet.'
          : describeError(caught),
      );
    }
  }, []);

  useEffect(() => {
    void search('');
  }, [search]);

  return (
    <section aria-labelledby="catalog-heading" className="stack">
      <h1 id="catalog-heading">Catalog</h1>
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
            setNotice(`${saved.title ?? 'Product'} saved.`);
            void search(query);
          }}
        />
      )}
      <form
        aria-label="Find products"
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void search(query);
        }}
      >
        <label htmlFor={`${id}-q`} className="visually-hidden">
          Find products
        </label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder="Find products"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          className="grow"
        />
        <button type="submit">Find</button>
      </form>
      {error === undefined ? null : <p className="notice notice--error">{error}</p>}
      {total === undefined ? null : (
        <p className="small muted">{total.toLocaleString()} products match; showing up to 50.</p>
      )}
      {canEdit === false ? (
        <NotAvailable what="Product editing" route="PATCH /api/v1/admin/products/{id}" />
      ) : null}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Products</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Photo</span>
              </th>
              <th scope="col">Product</th>
              <th scope="col">Category</th>
              <th scope="col">Variants</th>
              <th scope="col">Stock</th>
              <th scope="col">Price</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
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
                        Edit<span className="visually-hidden"> {product.title}</span>
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
