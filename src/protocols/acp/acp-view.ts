import type { ItemQuote } from '../../commerce/index.js';
import type { ErrorCode } from '../../shared/error-catalog.js';
import { formatMoney } from '../../shared/money.js';
import type { SessionProblem } from '../sessions/session-core.js';
import type { SessionRecord, SessionState } from '../sessions/session-store.js';

/** The ACP version this server implements. */
export const ACP_VERSION = '2026-04-17';

/** The one payment handler: the built-in test provider's cards (docs/payments.md). */
export const TEST_CARD_HANDLER_ID = 'test_card';

/** A message in a session's `messages[]`: business problems travel here, in a 2xx answer. */
export type AcpMessage =
  | { type: 'info'; content_type: 'plain'; content: string; param?: string }
  | { type: 'warning'; code: string; content_type: 'plain'; content: string; param?: string }
  | {
      type: 'error';
      code: string;
      content_type: 'plain';
      content: string;
      param?: string;
      severity?: string;
    };

/** Our coupon refusals in the discount extension's words; a spent budget is the usage limit. */
const DISCOUNT_REASONS: Partial<Record<ErrorCode, string>> = {
  COUPON_NOT_FOUND: 'discount_code_invalid',
  COUPON_EXPIRED: 'discount_code_expired',
  COUPON_ALREADY_USED: 'discount_code_usage_limit_reached',
  DISCOUNT_BUDGET_EXHAUSTED: 'discount_code_usage_limit_reached',
  CAMPAIGN_EXHAUSTED: 'discount_code_usage_limit_reached',
  COUPON_NOT_COMBINABLE: 'discount_code_combination_disallowed',
  NOT_ELIGIBLE: 'discount_code_user_ineligible',
};

/** The discount extension's reason for one of our coupon refusals. */
export function discountReason(error: ErrorCode, message: string): string {
  if (error === 'COUPON_NOT_APPLICABLE' && /subtotal must reach/.test(message)) {
    return 'discount_code_minimum_not_met';
  }
  return DISCOUNT_REASONS[error] ?? 'discount_code_invalid';
}

/** The parts of a session view that come from where the server runs. */
export interface ViewContext {
  /** The server's origin, for the payment handler's documents and order links. */
  readonly origin: string;
  readonly now: number;
  /** What blocks payment now. */
  readonly problems: readonly SessionProblem[];
  /** Messages of this answer only (a declined payment, a refused code at complete). */
  readonly extraMessages?: readonly AcpMessage[];
}

/** The session's ACP status, from its lifecycle, its expiry and whether it can be paid now. */
export function sessionStatus(session: SessionRecord, blocking: boolean, now: number): string {
  switch (session.lifecycle) {
    case 'completed':
      return 'completed';
    case 'canceled':
      return 'canceled';
    case 'completing':
      return 'complete_in_progress';
    default:
      if (now >= session.expiresAt) return 'expired';
      return blocking ? 'not_ready_for_payment' : 'ready_for_payment';
  }
}

/** What stands between the session and payment, as error messages; empty when it can be paid. */
export function blockingMessages(problems: readonly SessionProblem[]): AcpMessage[] {
  return problems.map(problemMessage);
}

function problemMessage(problem: SessionProblem): AcpMessage {
  switch (problem.kind) {
    case 'mixed_currencies':
      return error(
        'invalid',
        'These items are priced in different currencies and cannot be bought together.',
        '$.line_items',
      );
    case 'short':
      return problem.stock === 0
        ? error('out_of_stock', `${problem.title} is out of stock.`, `$.line_items[${problem.index}]`)
        : error(
            'quantity_exceeded',
            `Only ${problem.stock} of ${problem.title} are in stock.`,
            `$.line_items[${problem.index}]`,
          );
    case 'address_missing':
      return error('missing', 'A shipping address is needed.', '$.fulfillment_details.address');
    case 'address_invalid': {
      const field = ACP_ADDRESS_FIELDS[problem.field] ?? problem.field;
      return error(
        'invalid',
        `The shipping address's ${field}: ${problem.message}.`,
        `$.fulfillment_details.address.${field}`,
      );
    }
  }
}

/** Our address fields by their ACP names. */
const ACP_ADDRESS_FIELDS: Record<string, string> = {
  name: 'name',
  line1: 'line_one',
  line2: 'line_two',
  city: 'city',
  region: 'state',
  postalCode: 'postal_code',
  country: 'country',
};

/** Our shipping address from the session's ACP address, or undefined while it is missing. */
export function shippingAddressOf(state: SessionState) {
  const details = state.fulfillmentDetails;
  const address = details?.address as Record<string, string> | undefined;
  if (address === undefined) return undefined;
  const phone = typeof details?.phone_number === 'string' ? details.phone_number : undefined;
  return {
    name: address.name ?? '',
    line1: address.line_one ?? '',
    ...(address.line_two ? { line2: address.line_two } : {}),
    city: address.city ?? '',
    ...(address.state ? { region: address.state } : {}),
    postalCode: address.postal_code ?? '',
    country: address.country ?? '',
    ...(phone ? { phone } : {}),
  };
}

/** Builds the ACP CheckoutSession for a session and its prices now. */
export function sessionView(
  session: SessionRecord,
  quote: ItemQuote,
  context: ViewContext,
): Record<string, unknown> {
  const blocking = blockingMessages(context.problems);
  const status = sessionStatus(session, blocking.length > 0, context.now);
  const currency = quote.currency.toLowerCase();
  const total = (type: string, display_text: string, amount: number) => ({ type, display_text, amount });
  const rejected = quote.problems.map((problem) => ({
    code: problem.code,
    reason: discountReason(problem.error, problem.message),
    message: problem.message,
  }));
  // A completed session shows its receipt; today's prices of its items are no news to anyone.
  const messages: AcpMessage[] =
    session.lifecycle === 'completed'
      ? [...(context.extraMessages ?? [])]
      : [
          ...(status === 'ready_for_payment' || status === 'not_ready_for_payment' ? blocking : []),
          ...rejected.map((item) => ({
            type: 'warning' as const,
            code: item.reason,
            content_type: 'plain' as const,
            content: `Code ${item.code} was not applied: ${item.message}`,
            param: `$.discounts.codes[${session.state.codes.indexOf(item.code)}]`,
          })),
          ...(context.extraMessages ?? []),
        ];
  const shipping = quote.price.shipping;
  const itemIds = quote.lines.map((line) => line.variant.variantId);
  return {
    id: session.id,
    protocol: { version: ACP_VERSION },
    capabilities: {
      payment: { handlers: [testCardHandler(context.origin), delegatedCardHandler(context.origin)] },
      extensions: [
        {
          name: 'discount',
          extends: [
            '$.CheckoutSessionCreateRequest.discounts',
            '$.CheckoutSessionUpdateRequest.discounts',
            '$.CheckoutSession.discounts',
          ],
        },
      ],
    },
    ...(session.state.buyer === undefined ? {} : { buyer: session.state.buyer }),
    status,
    currency,
    ...(session.state.locale === undefined ? {} : { locale: session.state.locale }),
    line_items: quote.lines.map((line) => {
      const base = line.variant.unitPrice * line.quantity;
      return {
        id: line.lineId,
        item: { id: line.variant.variantId },
        quantity: line.quantity,
        name: line.variant.title,
        unit_amount: line.variant.unitPrice,
        product_id: line.variant.productId,
        variant_id: line.variant.variantId,
        category: line.variant.category,
        variant_options: Object.entries(line.variant.options).map(([name, value]) => ({ name, value })),
        availability_status:
          line.variant.stock === 0 ? 'out_of_stock' : line.variant.stock < 5 ? 'low_stock' : 'in_stock',
        available_quantity: line.variant.stock,
        totals: [
          total('items_base_amount', 'Base amount', base),
          total('discount', 'Discount', line.discount),
          total('subtotal', 'Subtotal', base - line.discount),
          total('total', 'Total', base - line.discount),
        ],
      };
    }),
    ...(session.state.fulfillmentDetails === undefined
      ? {}
      : { fulfillment_details: session.state.fulfillmentDetails }),
    fulfillment_options:
      quote.lines.length === 0
        ? []
        : [
            {
              type: 'shipping',
              id: 'standard',
              title: 'Standard shipping',
              description:
                shipping === 0
                  ? 'Free on this order'
                  : `Flat ${formatMoney({ amount: shipping, currency: quote.currency })}`,
              totals: [total('fulfillment', 'Shipping', shipping)],
            },
          ],
    selected_fulfillment_options:
      quote.lines.length === 0 ? [] : [{ type: 'shipping', option_id: 'standard', item_ids: itemIds }],
    totals: [
      total('items_base_amount', 'Items', quote.price.subtotal),
      total('items_discount', 'Item discounts', quote.price.itemDiscount),
      total('subtotal', 'Subtotal', quote.price.subtotal - quote.price.itemDiscount),
      total('fulfillment', 'Shipping', shipping - quote.price.shippingDiscount),
      total('total', 'Total', quote.price.total),
    ],
    messages,
    links: [],
    created_at: new Date(session.createdAt).toISOString(),
    updated_at: new Date(session.updatedAt).toISOString(),
    expires_at: new Date(session.expiresAt).toISOString(),
    discounts: {
      codes: [...session.state.codes],
      applied: quote.coupons.map((coupon) => ({
        id: `${session.id}:${coupon.code}`,
        code: coupon.code,
        coupon: { id: coupon.campaignId, name: coupon.code },
        amount: coupon.discount + coupon.shippingDiscount,
      })),
      rejected,
    },
    ...(session.lifecycle === 'completed' ? (session.state.receipt ?? {}) : {}),
    ...(session.orderId === undefined
      ? {}
      : {
          order: {
            type: 'order',
            id: session.orderId,
            checkout_session_id: session.id,
            permalink_url: `${context.origin}/orders/${session.orderId}`,
            status: 'created',
          },
        }),
  };
}

function error(code: string, content: string, param: string): AcpMessage {
  return { type: 'error', code, content_type: 'plain', content, param };
}

/** The delegated card handler: the agent pays with a `vt_` token from delegated payment. */
export const DELEGATED_HANDLER_ID = 'delegated_card';

/** The test provider's delegated cards as an ACP payment handler (credential `{ type: 'spt', token: 'vt_...' }`). */
export function delegatedCardHandler(origin: string) {
  return {
    id: DELEGATED_HANDLER_ID,
    name: 'dev.acp.tokenized.card',
    display_name: 'Card (delegated payment)',
    version: ACP_VERSION,
    spec: `${origin}/acp/handlers/delegated_card`,
    requires_delegate_payment: true,
    requires_pci_compliance: false,
    psp: 'rushcart_test',
    config_schema: `${origin}/acp/handlers/delegated_card/config.json`,
    instrument_schemas: [`${origin}/acp/handlers/delegated_card/instrument.json`],
    config: { delegate_payment_url: `${origin}/acp/agentic_commerce/delegate_payment` },
  };
}

/** The test provider as an ACP payment handler; its documents are served beside the API. */
export function testCardHandler(origin: string) {
  return {
    id: TEST_CARD_HANDLER_ID,
    name: 'dev.rushcart.test_card',
    display_name: 'Test card',
    version: ACP_VERSION,
    spec: `${origin}/acp/handlers/test_card`,
    requires_delegate_payment: false,
    requires_pci_compliance: false,
    psp: 'rushcart_test',
    config_schema: `${origin}/acp/handlers/test_card/config.json`,
    instrument_schemas: [`${origin}/acp/handlers/test_card/instrument.json`],
    config: { test_cards_documented_at: `${origin}/acp/handlers/test_card` },
  };
}
