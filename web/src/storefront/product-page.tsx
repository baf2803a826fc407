import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest, describeError } from '../shared/api.js';
import { formatMoney } from '../shared/money.js';
import { ProductImage } from '../shared/product-image.js';
import { linkProps } from '../shared/router.js';
import type { Product, Variant } from '../shared/types.js';
import { useShop } from './shop-state.js';

/** Option names and their values in the order the variants list them. */
export function optionAxes(variants: readonly Variant[]): { name: string; values: string[] }[] {
  const axes = new Map<string, string[]>();
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.options)) {
      const values = axes.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      axes.set(name, values);
    }
  }
  return [...axes].map(([name, values]) => ({ name, values }));
}

/** The variant whose options equal the selection, if any. */
export function findVariant(
  variants: readonly Variant[],
  selection: Record<string, string>,
): Variant | undefined {
  return variants.find((variant) => {
    const entries = Object.entries(variant.options);
    return (
      entries.length === Object.keys(selection).length &&
      entries.every(([name, value]) => selection[name] === value)
    );
  });
}

/** A product page: photos, description, attributes, variant pickers and add to cart. */
export function ProductPage({ productId }: { productId: string }) {
  const { t } = useTranslation('storefront');
  const { addToCart } = useShop();
  const [product, setProduct] = useState<Product>();
  const [error, setError] = useState<string>();
  const [selection, setSelection] = useState<Record<string, string>>({});
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<string>();
  const [added, setAdded] = useState(false);
  const formId = useId();

  useEffect(() => {
    let live = true;
    setProduct(undefined);
    setError(undefined);
    apiRequest<Product>(`/api/v1/products/${encodeURIComponent(productId)}`).then(
      ({ data }) => {
        if (!live) return;
        setProduct(data);
        const first = data.variants?.find((variant) => variant.stock > 0) ?? data.variants?.[0];
        setSelection({ ...(first?.options ?? {}) });
      },
      (caught: unknown) => {
        if (!live) return;
        setError(
          caught instanceof ApiError && caught.code === 'PRODUCT_NOT_FOUND'
            ? t('product.gone')
            : describeError(caught),
        );
      },
    );
    return () => {
      live = false;
    };
  }, [productId, t]);

  const variants = product?.variants ?? [];
  const axes = useMemo(() => optionAxes(variants), [variants]);
  const variant = findVariant(variants, selection);

  if (error !== undefined) {
    return (
      <section>
        <div className="notice notice--error" role="alert">
          {error}
        </div>
        <a {...linkProps('/')}>{t('product.back')}</a>
      </section>
    );
  }
  if (product === undefined) return <p aria-live="polite">{t('product.loading')}</p>;

  const add = async () => {
    if (variant === undefined) return;
    setAdding(true);
    setAddError(undefined);
    setAdded(false);
    try {
      await addToCart(variant.id, quantity, product.title);
      setAdded(true);
    } catch (caught) {
      setAddError(describeError(caught));
    } finally {
      setAdding(false);
    }
  };

  return (
    <article className="product-page" aria-labelledby={`${formId}-title`}>
      <p>
        <a {...linkProps('/')}>{t('product.all')}</a>
      </p>
      <div className="product-page__layout">
        <div className="product-page__images">
          <ProductImage src={product.images?.[0]} title={product.title} size="hero" />
        </div>
        <div className="stack">
          <h1 id={`${formId}-title`}>{product.title}</h1>
          <p className="muted">{[product.brand, product.category].filter(Boolean).join(' · ')}</p>
          <p className="price product-page__price">
            {variant === undefined ? t('product.choose') : formatMoney(variant.price)}
          </p>
          {variant === undefined ? null : (
            <p className={variant.stock > 0 ? '' : 'field-error'}>
              {variant.stock > 0 ? t('product.inStock', { count: variant.stock }) : t('product.outOfStock')}
            </p>
          )}
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void add();
            }}
          >
            {axes.map((axis) => (
              <fieldset key={axis.name} className="option-picker">
                <legend>{axis.name}</legend>
                <div className="row">
                  {axis.values.map((value) => {
                    const candidate = findVariant(variants, { ...selection, [axis.name]: value });
                    const id = `${formId}-${axis.name}-${value}`;
                    return (
                      <span key={value} className="option-picker__choice">
                        <input
                          type="radio"
                          id={id}
                          name={`${formId}-${axis.name}`}
                          value={value}
                          checked={selection[axis.name] === value}
                          onChange={() => setSelection({ ...selection, [axis.name]: value })}
                        />
                        <label
                          htmlFor={id}
                          className={candidate === undefined || candidate.stock === 0 ? 'unavailable' : ''}
                        >
                          {value}
                          {candidate === undefined
                            ? t('product.na')
                            : candidate.stock === 0
                              ? t('product.soldOut')
                              : ''}
                        </label>
                      </span>
                    );
                  })}
                </div>
              </fieldset>
            ))}
            <div className="field quantity-field">
              <label htmlFor={`${formId}-quantity`}>{t('product.quantity')}</label>
              <input
                id={`${formId}-quantity`}
                type="number"
                min={1}
                max={Math.max(1, variant?.stock ?? 1)}
                value={quantity}
                onChange={(event) => setQuantity(Math.max(1, Math.floor(Number(event.target.value) || 1)))}
              />
            </div>
            <button
              type="submit"
              className="primary"
              disabled={adding || variant === undefined || variant.stock === 0}
            >
              {adding ? <span className="spinner" aria-hidden="true" /> : null}
              {t('product.add')}
            </button>
            <div aria-live="polite">
              {added ? <p className="notice notice--success">{t('product.added')}</p> : null}
              {addError === undefined ? null : <p className="notice notice--error">{addError}</p>}
            </div>
          </form>
          {product.description ? <p>{product.description}</p> : null}
          {product.attributes !== undefined && Object.keys(product.attributes).length > 0 ? (
            <table>
              <caption className="visually-hidden">{t('product.details')}</caption>
              <tbody>
                {Object.entries(product.attributes).map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>
    </article>
  );
}
