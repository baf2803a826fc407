import type { ItemQuote, OrderView } from '../../commerce/index.js';
import type { ErrorCode } from '../../shared/error-catalog.js';
import { discountReason } from '../acp/acp-view.js';
import type { SessionProblem } from '../sessions/session-core.js';
import type { SessionRecord, SessionState } from '../sessions/session-store.js';

/**
 * The UCP version this server speaks: the newest the vendored draft's schemas name (see
 * `spec/README.md`; the draft itself carries no version of its own).
 */
export const UCP_VERSION = '2026-04-08';

/** The one payment handler: the built-in test provider's cards (docs/payments.md). */
export const TEST_CARD_HANDLER_ID = 'test_card';
export const TEST_CARD_HANDLER = 'dev.rushcart.test_card';

/** The capabilities this server implements, by their reverse-domain names. */
export const CAPABILITIES = {
  checkout: 'dev.ucp.shopping.checkout',
  cart: 'dev.ucp.shopping.cart',
  discount: 'dev.ucp.shopping.discount',
  fulfillment: 'dev.ucp.shopping.fulfillment',
  order: 'dev.ucp.shopping.order',
  search: 'dev.ucp.shopping.catalog.search',
  lookup: 'dev.ucp.shopping.catalog.lookup',
} as const;

/** A message in an answer's `messages[]`: business outcomes travel here, in a 2xx answer. */
export type UcpMessage =
  | { type: 'info'; code?: string; content: string; path?: string }
  | { type: 'warning'; code: string; content: string; path?: string }
  | {
      type: 'error';
      code: string;
      content: string;
      severity: 'recoverable' | 'requires_buyer_input' | 'requires_buyer_review' | 'unrecoverable';
      path?: string;
    };

/** A refusal answered with UCP's error response and an HTTP status. */
export class UcpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** UCP's error response for a refusal. */
export function errorBody(error: UcpError): Record<string, unknown> {
  return {
    ucp: { version: UCP_VERSION, status: 'error' },
    messages: [
      {
        type: 'error',
        code: error.code,
        content: error.message,
        // A client error is fixed by changing the request; the rest are not the agent's to fix.
        severity: error.status < 500 && error.status !== 404 ? 'recoverable' : 'unrecoverable',
        ...(error.path === undefined ? {} : { path: error.path }),
      },
    ],
  };
}

/** Where links in an answer point, and when it is. */
export interface ViewContext {
  readonly origin: string;
  readonly now: number;
  readonly problems: readonly SessionProblem[];
  /** Messages of this answer only (a declined payment, a total that moved). */
  readonly extraMessages?: readonly UcpMessage[];
}

/** A UCP postal address as this server stores a session's shipping destination. */
export interface UcpPostalAddress {
  readonly first_name?: string;
  readonly last_name?: string;
  readonly street_address?: string;
  readonly extended_address?: string;
  readonly address_locality?: string;
  readonly address_region?: string;
  readonly postal_code?: string;
  readonly address_country?: string;
  readonly phone_number?: string;
}

/** Our address fields by their UCP names. */
const ADDRESS_FIELDS: Record<string, keyof UcpPostalAddress> = {
  name: 'first_name',
  line1: 'street_address',
  line2: 'extended_address',
  city: 'address_locality',
  region: 'address_region',
  postalCode: 'postal_code',
  country: 'address_country',
  phone: 'phone_number',
};

/** The session's destination, as given. */
export function destinationOf(state: SessionState): UcpPostalAddress | undefined {
  return state.fulfillmentDetails?.destination as UcpPostalAddress | undefined;
}

/** Our shipping address from the session's destination, or undefined while there is none. */
export function shippingAddressOf(state: SessionState): Record<string, unknown> | undefined {
  const address = destinationOf(state);
  if (address === undefined) return undefined;
  const name = [address.first_name, address.last_name].filter((part) => part?.trim()).join(' ');
  return {
    name,
    line1: address.street_address ?? '',
    ...(address.extended_address ? { line2: address.extended_address } : {}),
    city: address.address_locality ?? '',
    ...(address.address_region ? { region: address.address_region } : {}),
    postalCode: address.postal_code ?? '',
    country: address.address_country ?? '',
    ...(address.phone_number ? { phone: address.phone_number } : {}),
  };
}

/** Our postal address in UCP's words, for an order's destination. */
export function postalAddressOf(address: Readonly<Record<string, string>>): UcpPostalAddress {
  return Object.fromEntries(
    Object.entries(ADDRESS_FIELDS)
      .filter(([ours]) => typeof address[ours] === 'string' && address[ours] !== '')
      .map(([ours, theirs]) => [theirs, address[ours]]),
  );
}

const DESTINATION_PATH = '$.fulfillment.methods[0].destinations[0]';

/** What stands between the session and payment, as error messages. */
export function problemMessages(problems: readonly SessionProblem[]): UcpMessage[] {
  return problems.map(problemMessage);
}

function problemMessage(problem: SessionProblem): UcpMessage {
  switch (problem.kind) {
    case 'mixed_currencies':
      return recoverable(
        'invalid',
        'These items are priced in different currencies and cannot be bought together.',
        '$.line_items',
      );
    case 'short':
      return problem.stock === 0
        ? recoverable('out_of_stock', `${problem.title} is out of stock.`, `$.line_items[${problem.index}]`)
        : recoverable(
            'quantity_exceeded',
            `Only ${problem.stock} of ${problem.title} are in stock.`,
            `$.line_items[${problem.index}].quantity`,
          );
    case 'address_missing':
      return recoverable('missing', 'A shipping address is needed.', '$.fulfillment.methods[0].destinations');
    case 'address_invalid': {
      const field = ADDRESS_FIELDS[problem.field] ?? problem.field;
      return recoverable(
        problem.field === 'country' ? 'address_undeliverable' : 'invalid',
        `The shipping address's ${field}: ${problem.message}.`,
        `${DESTINATION_PATH}.${field}`,
      );
    }
  }
}

function recoverable(code: string, content: string, path: string): UcpMessage {
  return { type: 'error', code, content, severity: 'recoverable', path };
}

/** A refusal of the checkout at complete, in `messages[]` words. */
export function refusalMessage(code: ErrorCode, content: string): UcpMessage {
  if (
    code.startsWith('COUPON') ||
    code.startsWith('DISCOUNT') ||
    code === 'CAMPAIGN_EXHAUSTED' ||
    code === 'NOT_ELIGIBLE'
  )
    return {
      type: 'error',
      code: discountReason(code, content),
      content,
      severity: 'recoverable',
      path: '$.discounts.codes',
    };
  const mapped: Partial<Record<ErrorCode, string>> = {
    PAYMENT_DECLINED: 'payment_failed',
    INSUFFICIENT_STOCK: 'out_of_stock',
    VARIANT_NOT_FOUND: 'item_unavailable',
    TOTAL_CHANGED: 'total_changed',
    CURRENCY_MISMATCH: 'invalid',
  };
  return { type: 'error', code: mapped[code] ?? code.toLowerCase(), content, severity: 'recoverable' };
}

/** The `ucp` member of an answer: the version and the capabilities in play. */
export function ucpMember(
  kind: 'checkout' | 'cart' | 'order' | 'search' | 'lookup',
): Record<string, unknown> {
  const version = { version: UCP_VERSION };
  const discount = { ...version, extends: [CAPABILITIES.checkout, CAPABILITIES.cart] };
  switch (kind) {
    case 'checkout':
      return {
        ...version,
        status: 'success',
        capabilities: {
          [CAPABILITIES.checkout]: [version],
          [CAPABILITIES.discount]: [discount],
          [CAPABILITIES.fulfillment]: [{ ...version, extends: CAPABILITIES.checkout }],
        },
        payment_handlers: { [TEST_CARD_HANDLER]: [{ id: TEST_CARD_HANDLER_ID, ...version }] },
      };
    case 'cart':
      return {
        ...version,
        status: 'success',
        capabilities: { [CAPABILITIES.cart]: [version], [CAPABILITIES.discount]: [discount] },
      };
    case 'order':
      return { ...version, status: 'success', capabilities: { [CAPABILITIES.order]: [version] } };
    case 'search':
      return { ...version, status: 'success', capabilities: { [CAPABILITIES.search]: [version] } };
    case 'lookup':
      return { ...version, status: 'success', capabilities: { [CAPABILITIES.lookup]: [version] } };
  }
}

/** A session's UCP status, from its lifecycle, its expiry and whether it can be paid now. */
export function checkoutStatus(session: SessionRecord, blocked: boolean, now: number): string {
  switch (session.lifecycle) {
    case 'completed':
      return 'completed';
    case 'canceled':
      return 'canceled';
    case 'completing':
      return 'complete_in_progress';
    default:
      // UCP has no `expired`: a session past its lifetime is no longer valid, which is canceled.
      if (now >= session.expiresAt) return 'canceled';
      return blocked ? 'incomplete' : 'ready_for_complete';
  }
}

type Total = { type: string; display_text: string; amount: number };

/** The totals of priced items: exactly one subtotal and one total, discounts negative. */
function totalsOf(quote: ItemQuote): Total[] {
  const { subtotal, itemDiscount, shipping, shippingDiscount, total } = quote.price;
  return [
    { type: 'subtotal', display_text: 'Subtotal', amount: subtotal },
    ...(itemDiscount > 0
      ? [{ type: 'items_discount', display_text: 'Item discounts', amount: -itemDiscount }]
      : []),
    ...(quote.lines.length === 0
      ? []
      : [{ type: 'fulfillment', display_text: 'Shipping', amount: shipping }]),
    ...(shippingDiscount > 0
      ? [{ type: 'discount', display_text: 'Shipping discount', amount: -shippingDiscount }]
      : []),
    { type: 'total', display_text: 'Total', amount: total },
  ];
}

/** Line items of priced items. */
function lineItemsOf(quote: ItemQuote) {
  return quote.lines.map((line) => {
    const base = line.variant.unitPrice * line.quantity;
    return {
      id: line.lineId,
      item: { id: line.variant.variantId, title: line.variant.title, price: line.variant.unitPrice },
      quantity: line.quantity,
      totals: [
        { type: 'subtotal', display_text: 'Subtotal', amount: base },
        ...(line.discount > 0
          ? [{ type: 'items_discount', display_text: 'Discount', amount: -line.discount }]
          : []),
        { type: 'total', display_text: 'Total', amount: base - line.discount },
      ],
    };
  });
}

/** The discount extension's member: the codes as given, and what each applied. */
function discountsOf(state: SessionState, quote: ItemQuote) {
  return {
    codes: [...state.codes],
    applied: quote.coupons.map((coupon) => ({
      code: coupon.code,
      title: coupon.code,
      amount: coupon.discount + coupon.shippingDiscount,
      method: 'across',
    })),
  };
}

/** Codes that did not apply, as warnings on the codes the agent sent. */
function rejectedCodes(state: SessionState, quote: ItemQuote): UcpMessage[] {
  return quote.problems.map((problem) => ({
    type: 'warning' as const,
    code: discountReason(problem.error, problem.message),
    content: `Code ${problem.code} was not applied: ${problem.message}`,
    path: `$.discounts.codes[${Math.max(0, state.codes.indexOf(problem.code))}]`,
  }));
}

/** The priced parts a checkout shows, kept as its receipt once it completes. */
export function pricedParts(session: SessionRecord, quote: ItemQuote): Record<string, unknown> {
  const lineIds = quote.lines.map((line) => line.lineId);
  const destination = destinationOf(session.state);
  const shipping = quote.price.shipping - quote.price.shippingDiscount;
  return {
    currency: quote.currency,
    line_items: lineItemsOf(quote),
    totals: totalsOf(quote),
    discounts: discountsOf(session.state, quote),
    fulfillment: {
      methods:
        quote.lines.length === 0
          ? []
          : [
              {
                id: 'shipping',
                type: 'shipping',
                line_item_ids: lineIds,
                destinations:
                  destination === undefined
                    ? []
                    : [{ id: 'dest_1', type: 'shipping_address', ...destination }],
                selected_destination_id: destination === undefined ? null : 'dest_1',
                groups: [
                  {
                    id: 'group_1',
                    line_item_ids: lineIds,
                    options: [
                      {
                        id: 'standard',
                        title: 'Standard shipping',
                        totals: [{ type: 'total', display_text: 'Shipping', amount: shipping }],
                      },
                    ],
                    selected_option_id: 'standard',
                  },
                ],
              },
            ],
    },
  };
}

/** A checkout session in UCP's words, with its prices now (or its receipt once completed). */
export function checkoutView(session: SessionRecord, quote: ItemQuote, context: ViewContext) {
  const blocking = problemMessages(context.problems);
  const status = checkoutStatus(session, blocking.length > 0, context.now);
  const open = status === 'incomplete' || status === 'ready_for_complete';
  const messages: UcpMessage[] = [
    ...(open ? [...blocking, ...rejectedCodes(session.state, quote)] : []),
    ...(session.lifecycle === 'open' && status === 'canceled'
      ? [{ type: 'info' as const, code: 'expired', content: 'The checkout session expired.' }]
      : []),
    ...(context.extraMessages ?? []),
  ];
  return {
    ucp: ucpMember('checkout'),
    id: session.id,
    status,
    ...pricedParts(session, quote),
    ...(session.lifecycle === 'completed' ? (session.state.receipt ?? {}) : {}),
    ...(session.state.buyer === undefined ? {} : { buyer: session.state.buyer }),
    ...(session.state.cartId === undefined ? {} : { cart_id: session.state.cartId }),
    messages,
    links: [],
    expires_at: new Date(session.expiresAt).toISOString(),
    ...(session.orderId === undefined
      ? {}
      : {
          order: {
            id: session.orderId,
            label: session.orderId,
            permalink_url: `${context.origin}/orders/${session.orderId}`,
          },
        }),
  };
}

/** A cart in UCP's words. */
export function cartView(cart: SessionRecord, quote: ItemQuote, context: ViewContext) {
  const { line_items, totals, discounts, currency } = pricedParts(cart, quote);
  const stock = problemMessages(context.problems.filter((problem) => problem.kind === 'short'));
  return {
    ucp: ucpMember('cart'),
    id: cart.id,
    line_items,
    currency,
    totals,
    discounts,
    ...(cart.state.buyer === undefined ? {} : { buyer: cart.state.buyer }),
    messages: [...stock, ...rejectedCodes(cart.state, quote), ...(context.extraMessages ?? [])],
    links: [],
    expires_at: new Date(cart.expiresAt).toISOString(),
  };
}

/** How far a line has got, as an order line's status. */
function lineStatus(order: OrderView, line: OrderView['lines'][number]): string {
  if (order.status === 'cancelled' || line.returnId !== undefined) return 'removed';
  if (order.fulfilledAt !== undefined || order.deliveredAt !== undefined) return 'fulfilled';
  return 'processing';
}

/** An order in UCP's words: lines, where they go, what happened to them, and the money. */
export function orderView(order: OrderView, checkoutId: string, origin: string) {
  const shipped = order.fulfilledAt ?? order.deliveredAt;
  const amount = (money: { amount: number }) => money.amount;
  const refundState = order.refunded.amount >= order.total.amount ? 'completed' : 'pending';
  const adjustments = [
    ...(order.cancelledAt === undefined
      ? []
      : [
          {
            id: `${order.id}:cancel`,
            type: 'cancellation',
            occurred_at: order.cancelledAt,
            status: 'completed',
            line_items: order.lines.map((line) => ({ id: line.id, quantity: -line.quantity })),
          },
          {
            id: `${order.id}:refund`,
            type: 'refund',
            occurred_at: order.cancelledAt,
            status: order.total.amount === 0 ? 'completed' : refundState,
            totals: [{ type: 'total', display_text: 'Refunded', amount: amount(order.refunded) }],
          },
        ]),
    ...order.returns.map((item) => ({
      id: item.id,
      type: 'return',
      occurred_at: item.createdAt,
      status: item.refundedAt === undefined ? 'pending' : 'completed',
      line_items: item.lineIds.map((id) => ({
        id,
        quantity: -(order.lines.find((line) => line.id === id)?.quantity ?? 0),
      })),
      totals: [{ type: 'total', display_text: 'Refund', amount: amount(item.refund) }],
    })),
  ];
  return {
    ucp: ucpMember('order'),
    id: order.id,
    label: order.id,
    checkout_id: checkoutId,
    permalink_url: `${origin}/orders/${order.id}`,
    currency: order.total.currency,
    line_items: order.lines.map((line) => ({
      id: line.id,
      item: { id: line.variantId, title: line.title, price: line.unitPrice.amount },
      quantity: {
        original: line.quantity,
        total: lineStatus(order, line) === 'removed' ? 0 : line.quantity,
        fulfilled: shipped === undefined ? 0 : line.quantity,
      },
      totals: [
        { type: 'subtotal', display_text: 'Subtotal', amount: line.unitPrice.amount * line.quantity },
        ...(line.discount.amount > 0
          ? [{ type: 'items_discount', display_text: 'Discount', amount: -line.discount.amount }]
          : []),
        { type: 'total', display_text: 'Total', amount: line.paid.amount },
      ],
      status: lineStatus(order, line),
    })),
    fulfillment: {
      expectations: [
        {
          id: `${order.id}:shipping`,
          line_items: order.lines.map((line) => ({ id: line.id, quantity: line.quantity })),
          method_type: 'shipping',
          destination: postalAddressOf(order.shippingAddress),
        },
      ],
      events:
        shipped === undefined
          ? []
          : [
              {
                id: `${order.id}:shipped`,
                occurred_at: shipped,
                type: order.deliveredAt === undefined ? 'shipped' : 'delivered',
                line_items: order.lines.map((line) => ({ id: line.id, quantity: line.quantity })),
              },
            ],
    },
    adjustments,
    totals: [
      { type: 'subtotal', display_text: 'Subtotal', amount: amount(order.subtotal) },
      ...(order.discount.amount > 0
        ? [{ type: 'discount', display_text: 'Discount', amount: -order.discount.amount }]
        : []),
      { type: 'fulfillment', display_text: 'Shipping', amount: amount(order.shipping) },
      { type: 'total', display_text: 'Total', amount: amount(order.total) },
    ],
    messages: [{ type: 'info', code: 'order_status', content: `The order is ${order.status}.` }],
  };
}
