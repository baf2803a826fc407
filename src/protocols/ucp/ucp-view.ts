import type { ItemQuote } from '../../commerce/index.js';
import { discountReason } from '../acp/acp-view.js';
import type { SessionProblem } from '../sessions/session-core.js';
import type { SessionRecord, SessionState } from '../sessions/session-store.js';
import { destinationOf } from './ucp-address.js';
import { problemMessages, type UcpMessage } from './ucp-messages.js';
import { ucpMember } from './ucp-meta.js';

/** Where links in an answer point, and when it is. */
export interface ViewContext {
  readonly origin: string;
  readonly now: number;
  readonly problems: readonly SessionProblem[];
  /** Messages of this answer only (a declined payment, a total that moved). */
  readonly extraMessages?: readonly UcpMessage[];
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
