import { type CartStore, MAX_CART_COUPONS } from '../../commerce/index.js';
import { MAX_LINE_UNITS, MAX_SESSION_LINES } from '../sessions/session-core.js';
import type { SessionState } from '../sessions/session-store.js';

/** A protocol error, answered in ACP's `Error` shape with its HTTP status. */
export class AcpError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'invalid_request' | 'processing_error' | 'service_unavailable',
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The fields of create and update requests this server reads (the routes validate the rest). */
export interface SessionInput {
  readonly line_items?: readonly { readonly id: string }[];
  readonly currency?: string;
  readonly buyer?: Record<string, unknown>;
  readonly fulfillment_details?: Record<string, unknown>;
  readonly selected_fulfillment_options?: readonly { readonly option_id: string }[];
  readonly discounts?: { readonly codes?: readonly string[] };
  readonly coupons?: readonly string[];
  readonly order_notes?: string;
  readonly locale?: string;
}

/** The fields of a complete request this server reads. */
export interface CompleteInput {
  readonly buyer?: Record<string, unknown>;
  readonly payment_data: { readonly handler_id?: string; readonly instrument?: Record<string, unknown> };
}

/** Applies a create or update request to a state; throws for items no variant has. */
export async function applyInput(
  store: Pick<CartStore, 'findVariant'>,
  state: SessionState,
  input: SessionInput,
): Promise<SessionState> {
  let items = state.items;
  if (input.line_items !== undefined) {
    const counts = new Map<string, number>();
    for (const item of input.line_items) counts.set(item.id, (counts.get(item.id) ?? 0) + 1);
    if (counts.size > MAX_SESSION_LINES) {
      throw new AcpError(
        400,
        'invalid_request',
        'invalid',
        `At most ${MAX_SESSION_LINES} distinct items.`,
        '$.line_items',
      );
    }
    for (const [index, item] of input.line_items.entries()) {
      if ((await store.findVariant(item.id)) === undefined) {
        throw new AcpError(
          400,
          'invalid_request',
          'invalid_item_id',
          `The item id '${item.id}' does not exist.`,
          `$.line_items[${index}].id`,
        );
      }
    }
    items = [...counts].map(([variantId, quantity]) => ({
      variantId,
      quantity: Math.min(quantity, MAX_LINE_UNITS),
    }));
  }
  for (const [index, option] of (input.selected_fulfillment_options ?? []).entries()) {
    if (option.option_id !== 'standard') {
      throw new AcpError(
        400,
        'invalid_request',
        'invalid',
        `No fulfillment option '${option.option_id}'; the one offered is 'standard'.`,
        `$.selected_fulfillment_options[${index}].option_id`,
      );
    }
  }
  const codes = input.discounts?.codes ?? input.coupons;
  if (codes !== undefined && new Set(codes).size > MAX_CART_COUPONS) {
    throw new AcpError(
      400,
      'invalid_request',
      'invalid',
      `At most ${MAX_CART_COUPONS} discount codes apply to one checkout.`,
      '$.discounts.codes',
    );
  }
  return {
    items,
    codes: codes === undefined ? state.codes : [...new Set(codes.map((code) => code.trim()))],
    buyer: input.buyer ?? state.buyer,
    fulfillmentDetails: input.fulfillment_details ?? state.fulfillmentDetails,
    orderNotes: input.order_notes ?? state.orderNotes,
    locale: input.locale ?? state.locale,
  };
}
