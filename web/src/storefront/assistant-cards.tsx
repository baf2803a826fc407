import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatMoney, type Money } from '../shared/money.js';
import { describeReward } from '../shared/reward.js';
import { linkProps } from '../shared/router.js';
import { couponStatusText, orderStatusText } from '../shared/status-text.js';
import type { AssistantCard, PendingConfirmation, Product, Reward } from '../shared/types.js';
import { ProductCard } from './product-card.js';

function isMoney(value: unknown): value is Money {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Money).amount === 'number' &&
    typeof (value as Money).currency === 'string'
  );
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (isMoney(value)) return formatMoney(value);
  if (typeof value === 'boolean') return i18next.t(value ? 'storefront:cards.yes' : 'storefront:cards.no');
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${key}: ${cell(inner)}`)
      .join('; ');
  return String(value);
}

/** A comparison: products as columns, attributes as rows. Accepts `{products, rows}` or `{columns, rows}` shapes. */
function ComparisonTable({ card }: { card: AssistantCard }) {
  const products = (
    Array.isArray(card.products) ? card.products : Array.isArray(card.items) ? card.items : []
  ) as Product[];
  type Row = { label?: string; attribute?: string; name?: string; values?: unknown[] };
  const rows = Array.isArray(card.rows) ? (card.rows as Row[]) : undefined;
  const headers =
    products.length > 0
      ? products.map((product) => product.title)
      : Array.isArray(card.columns)
        ? (card.columns as unknown[]).map(cell)
        : [];
  const derivedRows: Row[] =
    rows ??
    (() => {
      const names = new Set<string>(['price', 'brand', 'rating']);
      for (const product of products)
        for (const name of Object.keys(product.attributes ?? {})) names.add(name);
      return [...names].map((name) => ({
        label: name,
        values: products.map((product) => {
          if (name === 'price') return product.variants?.[0]?.price ?? product.price ?? product.minPrice;
          if (name === 'brand') return product.brand;
          if (name === 'rating') return product.rating;
          return product.attributes?.[name];
        }),
      }));
    })();
  return (
    <div className="table-scroll assistant-card" data-testid="comparison-table">
      <table>
        <caption>
          {typeof card.title === 'string' ? card.title : i18next.t('storefront:cards.comparison')}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{i18next.t('storefront:cards.attribute')}</span>
            </th>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {derivedRows.map((row) => (
            <tr key={row.label ?? row.attribute ?? row.name}>
              <th scope="row">{row.label ?? row.attribute ?? row.name}</th>
              {(row.values ?? []).map((value, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <td key={index}>{cell(value)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A product as the assistant's tools report it (a search row or a product detail), in the storefront's shape. */
export function productFromTool(raw: unknown): Product | undefined {
  const row = asRecord(raw);
  if (row === undefined) return undefined;
  const id =
    typeof row.productId === 'string' ? row.productId : typeof row.id === 'string' ? row.id : undefined;
  if (id === undefined || typeof row.title !== 'string') return undefined;
  const price = isMoney(row.price) ? row.price : undefined;
  let variants: Product['variants'];
  if (Array.isArray(row.variants)) {
    variants = (row.variants as Json[]).flatMap((variant) => {
      const variantId =
        typeof variant.variantId === 'string'
          ? variant.variantId
          : typeof variant.id === 'string'
            ? variant.id
            : undefined;
      if (variantId === undefined || !isMoney(variant.price)) return [];
      return [
        {
          id: variantId,
          options: (asRecord(variant.options) ?? {}) as Record<string, string>,
          price: variant.price,
          stock: Number(variant.stock ?? 0),
        },
      ];
    });
  } else if (typeof row.variantId === 'string' && price !== undefined) {
    // A search row names its best-matching variant; options listing several values means several variants.
    const options = asRecord(row.options) ?? {};
    const several = Object.values(options).some((values) => Array.isArray(values) && values.length > 1);
    variants = several
      ? undefined
      : [{ id: row.variantId, options: {}, price, stock: row.inStock === false ? 0 : 1 }];
  }
  return {
    id,
    title: row.title,
    brand: typeof row.brand === 'string' ? row.brand : null,
    category: typeof row.category === 'string' ? row.category : undefined,
    rating: typeof row.rating === 'number' ? row.rating : null,
    description: typeof row.description === 'string' ? row.description : undefined,
    images: Array.isArray(row.images) ? (row.images as string[]) : [],
    price,
    minPrice: price,
    inStock: row.inStock !== false,
    variants,
  };
}

function productsOf(data: unknown, key: 'items' | 'products'): Product[] {
  const list = asRecord(data)?.[key];
  return Array.isArray(list) ? list.flatMap((entry) => productFromTool(entry) ?? []) : [];
}

function MiniList({
  title,
  rows,
  link,
}: {
  title: string;
  rows: string[];
  link?: { href: string; label: string };
}) {
  const { t } = useTranslation('storefront');
  return (
    <div className="assistant-card card small">
      <p className="assistant-card__title">{title}</p>
      {rows.length === 0 ? (
        <p className="muted">{t('cards.none')}</p>
      ) : (
        <ul className="plain-list">
          {rows.map((row) => (
            <li key={row}>{row}</li>
          ))}
        </ul>
      )}
      {link === undefined ? null : <a {...linkProps(link.href)}>{link.label}</a>}
    </div>
  );
}

/** Renders one assistant card (`{type, data}` from the tools): products, comparisons, cart, offers, orders and the rest. */
export function AssistantCardView({ card }: { card: AssistantCard }) {
  const { t } = useTranslation('storefront');
  const data = card.data;
  const record = asRecord(data) ?? {};
  switch (card.type) {
    case 'products': {
      const products = productsOf(data, 'items');
      return (
        <div className="assistant-products">
          {products.map((product) => (
            <ProductCard key={product.id} product={product} compact />
          ))}
        </div>
      );
    }
    case 'product': {
      const product = productFromTool(data);
      return product === undefined ? null : <ProductCard product={product} compact />;
    }
    case 'comparison':
      return <ComparisonTable card={{ type: 'comparison', products: productsOf(data, 'products') }} />;
    case 'cart': {
      const lines = Array.isArray(record.lines) ? (record.lines as Json[]) : [];
      return (
        <MiniList
          title={t('cards.cart', { total: isMoney(record.total) ? formatMoney(record.total) : '' })}
          rows={lines.map(
            (line) =>
              `${String(line.quantity)} × ${String(line.title)}${isMoney(line.lineTotal) ? ` · ${formatMoney(line.lineTotal)}` : ''}`,
          )}
          link={{ href: '/checkout', label: t('cards.goToCheckout') }}
        />
      );
    }
    case 'offers': {
      const offers = Array.isArray(record.offers) ? (record.offers as Json[]) : [];
      return (
        <MiniList
          title={t('cards.offers')}
          rows={offers.map(
            (offer) =>
              `${String(offer.name)}: ${describeReward(offer.reward as Reward)}${typeof offer.remaining === 'number' ? `${t('cards.offerLeft', { count: offer.remaining })}` : ''}`,
          )}
          link={{ href: '/offers', label: t('cards.allOffers') }}
        />
      );
    }
    case 'wallet': {
      const coupons = Array.isArray(record.coupons) ? (record.coupons as Json[]) : [];
      return (
        <MiniList
          title={t('cards.coupons')}
          rows={coupons.map(
            (coupon) =>
              `${String(coupon.code)}: ${describeReward(coupon.reward as Reward)} (${couponStatusText(String(coupon.status ?? ''))})`,
          )}
          link={{ href: '/offers', label: t('cards.openWallet') }}
        />
      );
    }
    case 'coupon':
      return (
        <MiniList
          title={t('cards.newCoupon')}
          rows={[`${String(record.code)}: ${describeReward(record.reward as Reward)}`]}
          link={{ href: '/offers', label: t('cards.openWallet') }}
        />
      );
    case 'orders': {
      const orders = Array.isArray(record.orders) ? (record.orders as Json[]) : [];
      return (
        <MiniList
          title={t('cards.orders')}
          rows={orders.map(
            (order) =>
              `${String(order.orderId)}: ${orderStatusText(String(order.status))}${isMoney(order.total) ? ` · ${formatMoney(order.total)}` : ''}`,
          )}
          link={{ href: '/orders', label: t('cards.allOrders') }}
        />
      );
    }
    case 'order':
      return (
        <MiniList
          title={t('cards.order', {
            id: String(record.orderId ?? ''),
            status: orderStatusText(String(record.status ?? '')),
          })}
          rows={(Array.isArray(record.lines) ? (record.lines as Json[]) : []).map(
            (line) => `${String(line.quantity)} × ${String(line.title)}`,
          )}
          link={
            typeof record.orderId === 'string'
              ? { href: `/orders/${encodeURIComponent(record.orderId)}`, label: t('cards.openOrder') }
              : undefined
          }
        />
      );
    case 'handoff':
      return <p className="notice notice--info small">{t('cards.handoff')}</p>;
    case 'confirmation':
      // The confirmation itself is shown once, with its buttons, below the conversation.
      return null;
    default:
      return <FactsCard card={card} />;
  }
}

function FactsCard({ card }: { card: AssistantCard }) {
  const { type, ...rest } = card;
  const facts = asRecord(rest.data) ?? rest;
  return (
    <div className="assistant-card card small" data-card-type={type}>
      <p className="muted">{type.replace(/[_-]/g, ' ')}</p>
      <dl className="facts">
        {Object.entries(facts).map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{cell(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** A money action the assistant proposes; nothing happens until the shopper presses Confirm. */
export function ConfirmationCard({
  confirmation,
  onAnswer,
  busy,
}: {
  confirmation: PendingConfirmation;
  onAnswer: (confirmed: boolean) => void;
  busy: boolean;
}) {
  const { t } = useTranslation('storefront');
  const action = String(confirmation.action ?? confirmation.kind ?? 'action');
  const actionKey = `storefront:cards.action.${action}`;
  const actionText = i18next.exists(actionKey)
    ? i18next.t(actionKey as 'storefront:cards.action.checkout')
    : action.replace(/[_-]/g, ' ');
  const summary =
    confirmation.summary ??
    confirmation.description ??
    (typeof confirmation.message === 'string' ? confirmation.message : undefined);
  const total = isMoney(confirmation.total)
    ? confirmation.total
    : isMoney(confirmation.amount)
      ? confirmation.amount
      : undefined;
  return (
    <fieldset className="confirmation card" data-testid="confirmation-card">
      <legend className="confirmation__title">{t('cards.confirm', { action: actionText })}</legend>
      {summary === undefined ? null : <p>{summary}</p>}
      {total === undefined ? null : (
        <p>
          {t('cards.total')} <span className="price">{formatMoney(total)}</span>
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={() => onAnswer(true)} disabled={busy}>
          {t('cards.confirmButton')}
        </button>
        <button type="button" onClick={() => onAnswer(false)} disabled={busy}>
          {t('cards.decline')}
        </button>
      </div>
    </fieldset>
  );
}
