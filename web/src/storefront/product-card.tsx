import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../shared/api.js';
import { formatMoney, type Money } from '../shared/money.js';
import { ProductImage } from '../shared/product-image.js';
import { linkProps } from '../shared/router.js';
import type { Product, Variant } from '../shared/types.js';
import { useShop } from './shop-state.js';

/** The lowest variant price of a product, or the summary price a listing carries. */
export function productPrice(product: Product): Money | undefined {
  const prices = (product.variants ?? []).map((variant) => variant.price);
  if (prices.length === 0) return product.minPrice ?? product.price;
  return prices.reduce((low, price) => (price.amount < low.amount ? price : low));
}

/** Whether any variant of the product has stock. */
export function productInStock(product: Product): boolean {
  if (product.variants !== undefined && product.variants.length > 0)
    return product.variants.some((variant) => variant.stock > 0);
  return product.inStock ?? true;
}

/** The single variant to add from a card, when the product has exactly one buyable choice. */
function onlyVariant(product: Product): Variant | undefined {
  const variants = product.variants ?? [];
  return variants.length === 1 ? variants[0] : undefined;
}

/** A product tile with price, stock and add-to-cart (or a link to pick a variant). */
export function ProductCard({ product, compact = false }: { product: Product; compact?: boolean }) {
  const { t } = useTranslation('storefront');
  const { addToCart } = useShop();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const price = productPrice(product);
  const inStock = productInStock(product);
  const variant = onlyVariant(product);
  const variantCount = product.variants?.length ?? 0;
  const headingId = `product-${product.id}-title`;

  const add = async () => {
    if (variant === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await addToCart(variant.id, 1, product.title);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article
      className={`product-card${compact ? ' product-card--compact' : ''}`}
      aria-labelledby={headingId}
      data-testid="product-card"
    >
      <div className="product-card__image">
        <ProductImage src={product.images?.[0]} title={product.title} />
      </div>
      <div className="product-card__body">
        <h3 id={headingId} className="product-card__title">
          <a {...linkProps(`/products/${encodeURIComponent(product.id)}`)}>{product.title}</a>
        </h3>
        <p className="small muted">
          {[product.brand, product.category].filter(Boolean).join(' · ')}
          {product.rating !== undefined && product.rating !== null ? ` · ★ ${product.rating.toFixed(1)}` : ''}
        </p>
        <div className="spread">
          <span className="price">
            {variantCount > 1 ? t('card.from', { price: formatMoney(price) }) : formatMoney(price)}
          </span>
          {inStock ? (
            <span className="badge badge--success">{t('card.inStock')}</span>
          ) : (
            <span className="badge badge--danger">{t('card.outOfStock')}</span>
          )}
        </div>
        {variant !== undefined ? (
          <button
            type="button"
            className="primary"
            onClick={add}
            disabled={busy || !inStock}
            aria-describedby={headingId}
          >
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {t('card.add')}
          </button>
        ) : (
          <a
            className="button"
            {...linkProps(`/products/${encodeURIComponent(product.id)}`)}
            aria-describedby={headingId}
          >
            {variantCount > 1 ? t('card.choose') : t('card.view')}
          </a>
        )}
        {error === undefined ? null : (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </article>
  );
}
