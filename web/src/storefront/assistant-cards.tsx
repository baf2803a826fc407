import { formatMoney, type Money } from '../shared/money.js';
import type { AssistantCard, PendingConfirmation, Product } from '../shared/types.js';
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
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
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
        <caption>{typeof card.title === 'string' ? card.title : 'Comparison'}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Attribute</span>
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

/** Renders one assistant card: products, a comparison, or a generic fact list for kinds it does not know. */
export function AssistantCardView({ card }: { card: AssistantCard }) {
  if (card.type === 'product' && typeof card.product === 'object' && card.product !== null) {
    return <ProductCard product={card.product as Product} compact />;
  }
  if (card.type === 'product' && typeof card.id === 'string' && typeof card.title === 'string') {
    return <ProductCard product={card as unknown as Product} compact />;
  }
  if (
    (card.type === 'products' || card.type === 'product_list' || card.type === 'search_results') &&
    Array.isArray(card.products ?? card.items)
  ) {
    return (
      <div className="assistant-products">
        {((card.products ?? card.items) as Product[]).map((product) => (
          <ProductCard key={product.id} product={product} compact />
        ))}
      </div>
    );
  }
  if (card.type === 'comparison' || card.type === 'compare') return <ComparisonTable card={card} />;
  const { type, ...facts } = card;
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
  const action = confirmation.action ?? confirmation.kind ?? 'action';
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
      <legend className="confirmation__title">Please confirm: {String(action).replace(/[_-]/g, ' ')}</legend>
      {summary === undefined ? null : <p>{summary}</p>}
      {total === undefined ? null : (
        <p>
          Total: <span className="price">{formatMoney(total)}</span>
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={() => onAnswer(true)} disabled={busy}>
          Confirm
        </button>
        <button type="button" onClick={() => onAnswer(false)} disabled={busy}>
          Decline
        </button>
      </div>
    </fieldset>
  );
}
