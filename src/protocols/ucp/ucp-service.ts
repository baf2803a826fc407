import { type CartStore, MAX_CART_COUPONS, type OrderService, type OrderView } from '../../commerce/index.js';
import { isAppError } from '../../shared/app-error.js';
import { formatMoney } from '../../shared/money.js';
import {
  createSessionCore,
  MAX_LINE_UNITS,
  MAX_SESSION_LINES,
  type SessionCoreDeps,
  SessionRefusal,
  testCardToken,
} from '../sessions/session-core.js';
import type { SessionRecord, SessionState } from '../sessions/session-store.js';
import { shippingAddressOf, type UcpPostalAddress } from './ucp-address.js';
import { refusalMessage, UcpError, type UcpMessage } from './ucp-messages.js';
import { TEST_CARD_HANDLER_ID } from './ucp-meta.js';
import { orderView } from './ucp-order-view.js';
import { cartView, checkoutView, pricedParts } from './ucp-view.js';

/** UCP's default lifetime of a checkout session, when the agent sends none. */
export const CHECKOUT_LIFETIME_MS = 6 * 60 * 60 * 1000;
/** How long an agent's cart is kept. */
export const CART_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** A body and the HTTP status it is answered with. */
export interface UcpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The fields of checkout and cart requests this server reads (the schemas checked the rest). */
export interface UcpBody {
  readonly line_items?: readonly { readonly item: { readonly id: string }; readonly quantity: number }[];
  readonly buyer?: Record<string, unknown>;
  readonly discounts?: { readonly codes?: readonly string[] };
  readonly fulfillment?: {
    readonly methods?: readonly {
      readonly type?: string;
      readonly destinations?: readonly (UcpPostalAddress & { id?: string; type?: string })[];
      readonly selected_destination_id?: string | null;
      readonly groups?: readonly { readonly selected_option_id?: string | null }[];
    }[];
  };
  readonly cart_id?: string;
  readonly payment?: {
    readonly instruments?: readonly {
      readonly handler_id: string;
      readonly selected?: boolean;
      readonly credential?: unknown;
    }[];
  };
}

/** Dependencies of the UCP shopping service. */
export interface UcpServiceDeps extends SessionCoreDeps {
  readonly store: Pick<CartStore, 'findVariant'>;
  readonly orders: Pick<OrderService, 'getOrder'>;
}

/**
 * UCP's checkout, cart and order capabilities over the same session core as ACP: a checkout is
 * an agent session (it completes at most once, at the total it showed), and a cart is one that
 * never completes. Carts and checkouts carry their own items and never touch the shopper's cart.
 */
export function createUcpService(deps: UcpServiceDeps) {
  const now = deps.now ?? Date.now;
  const checkouts = createSessionCore(deps, {
    idPrefix: 'chk_',
    channel: 'ucp',
    lifetimeMs: CHECKOUT_LIFETIME_MS,
    addressOf: shippingAddressOf,
    receipt: pricedParts,
  });
  const carts = createSessionCore(deps, {
    idPrefix: 'cart_',
    channel: 'ucp',
    lifetimeMs: CART_LIFETIME_MS,
    addressOf: () => undefined,
    receipt: pricedParts,
  });

  async function checkoutAnswer(
    session: SessionRecord,
    origin: string,
    status = 200,
    extraMessages: UcpMessage[] = [],
  ): Promise<UcpAnswer> {
    const quote = await checkouts.price(session);
    const problems = checkouts.problems(session, quote);
    return { status, body: checkoutView(session, quote, { origin, now: now(), problems, extraMessages }) };
  }
  async function cartAnswer(cart: SessionRecord, origin: string, status = 200): Promise<UcpAnswer> {
    const quote = await carts.price(cart);
    const problems = carts.problems(cart, quote);
    return { status, body: cartView(cart, quote, { origin, now: now(), problems }) };
  }
  async function openCart(shopperId: string, id: string): Promise<SessionRecord> {
    const cart = await ucpRefusals(carts.load(shopperId, id), 'cart');
    if (carts.openState(cart) !== 'open') throw new UcpError(404, 'not_found', 'No cart has that id.');
    return cart;
  }

  return {
    async createCheckout(
      shopperId: string,
      body: UcpBody,
      origin: string,
      agentId?: string,
    ): Promise<UcpAnswer> {
      let state: SessionState = { ...(await applyBody(deps.store, { items: [], codes: [] }, body)), agentId };
      if (body.cart_id !== undefined) {
        // The cart's contents win over the same fields of the request, as the cart capability says.
        const cart = await openCart(shopperId, body.cart_id).catch((error: unknown) => {
          if (error instanceof UcpError && error.status === 404)
            throw new UcpError(404, 'not_found', 'No open cart has that id.', '$.cart_id');
          throw error;
        });
        state = {
          ...state,
          items: cart.state.items,
          codes: cart.state.codes,
          buyer: cart.state.buyer ?? state.buyer,
          cartId: cart.id,
        };
      }
      const opened = await checkouts.open(shopperId, state);
      return checkoutAnswer(opened.session, origin, 201);
    },

    async getCheckout(shopperId: string, id: string, origin: string): Promise<UcpAnswer> {
      return checkoutAnswer(await ucpRefusals(checkouts.load(shopperId, id)), origin);
    },

    async updateCheckout(shopperId: string, id: string, body: UcpBody, origin: string): Promise<UcpAnswer> {
      const session = await ucpRefusals(
        checkouts.update(shopperId, id, (state) => applyBody(deps.store, state, body)),
      );
      return checkoutAnswer(session, origin);
    },

    async completeCheckout(shopperId: string, id: string, body: UcpBody, origin: string): Promise<UcpAnswer> {
      const outcome = await ucpRefusals(
        checkouts.complete(shopperId, id, async () => ({
          cardToken: await cardTokenOf(deps, shopperId, body),
        })),
      );
      switch (outcome.kind) {
        case 'completed':
        case 'not_ready':
          return checkoutAnswer(outcome.session, origin);
        case 'total_changed': {
          const { currency } = await checkouts.price(outcome.session);
          const money = (amount: number) => formatMoney({ amount, currency });
          return checkoutAnswer(outcome.session, origin, 200, [
            {
              type: 'warning',
              code: 'total_changed',
              content: `The total changed from ${money(outcome.from)} to ${money(outcome.to)}; nothing was charged. Review it and complete again.`,
              path: '$.totals',
            },
          ]);
        }
        case 'refused':
          return checkoutAnswer(outcome.session, origin, 200, [
            refusalMessage(outcome.code, outcome.message),
          ]);
      }
    },

    async cancelCheckout(shopperId: string, id: string, origin: string): Promise<UcpAnswer> {
      const session = await ucpRefusals(checkouts.cancel(shopperId, id));
      return checkoutAnswer(session, origin, 200, [
        { type: 'info', code: 'canceled', content: 'The checkout session has been canceled.' },
      ]);
    },

    async createCart(shopperId: string, body: UcpBody, origin: string): Promise<UcpAnswer> {
      const state = await applyBody(deps.store, { items: [], codes: [] }, body);
      const opened = await carts.open(shopperId, state);
      return cartAnswer(opened.session, origin, 201);
    },

    async getCart(shopperId: string, id: string, origin: string): Promise<UcpAnswer> {
      return cartAnswer(await openCart(shopperId, id), origin);
    },

    async updateCart(shopperId: string, id: string, body: UcpBody, origin: string): Promise<UcpAnswer> {
      await openCart(shopperId, id);
      const cart = await ucpRefusals(
        carts.update(shopperId, id, (state) => applyBody(deps.store, state, body)),
        'cart',
      );
      return cartAnswer(cart, origin);
    },

    async cancelCart(shopperId: string, id: string, origin: string): Promise<UcpAnswer> {
      await openCart(shopperId, id);
      const cart = await ucpRefusals(carts.cancel(shopperId, id), 'cart');
      const answer = await cartAnswer(cart, origin);
      const messages = [
        ...((answer.body.messages as UcpMessage[]) ?? []),
        { type: 'info', code: 'canceled', content: 'The cart has been canceled.' },
      ];
      return { ...answer, body: { ...answer.body, messages } };
    },

    async getOrder(shopperId: string, id: string, origin: string): Promise<UcpAnswer> {
      let order: OrderView;
      try {
        order = await deps.orders.getOrder(shopperId, id);
      } catch (error) {
        if (isAppError(error, 'ORDER_NOT_FOUND'))
          throw new UcpError(404, 'not_found', 'No order has that id.');
        throw error;
      }
      // The agent session (UCP or ACP) that placed it; an order of the web or the assistant has none,
      // and is its own reference.
      const session = await deps.sessions.findByOrder(order.id);
      return { status: 200, body: orderView(order, session?.id ?? order.id, origin) };
    },
  };
}

/** The UCP shopping service. */
export type UcpService = ReturnType<typeof createUcpService>;

/** The saved card a complete pays with: the selected instrument of the test-card handler. */
async function cardTokenOf(deps: UcpServiceDeps, shopperId: string, body: UcpBody): Promise<string> {
  const instruments = body.payment?.instruments ?? [];
  const index = Math.max(
    0,
    instruments.findIndex((instrument) => instrument.selected === true),
  );
  const instrument = instruments[index];
  const path = `$.payment.instruments[${index}]`;
  if (instrument === undefined)
    throw new UcpError(400, 'missing', 'A payment instrument is needed.', '$.payment.instruments');
  if (instrument.handler_id !== TEST_CARD_HANDLER_ID) {
    throw new UcpError(
      400,
      'invalid',
      `Unknown payment handler; this business offers '${TEST_CARD_HANDLER_ID}'.`,
      `${path}.handler_id`,
    );
  }
  const token = await testCardToken(deps.checkout, shopperId, instrument.credential);
  if (token === undefined) {
    throw new UcpError(
      400,
      'invalid',
      "This handler takes a credential { type: 'test_card', token: <a saved card token tok_..., or a test card number of 12 to 19 digits> }.",
      `${path}.credential`,
    );
  }
  return token;
}

/** Applies a create or update body to a state; throws for items no variant has. */
export async function applyBody(
  store: Pick<CartStore, 'findVariant'>,
  state: SessionState,
  body: UcpBody,
): Promise<SessionState> {
  let items = state.items;
  if (body.line_items !== undefined) {
    const counts = new Map<string, number>();
    for (const [index, line] of body.line_items.entries()) {
      const total = (counts.get(line.item.id) ?? 0) + line.quantity;
      if (total > MAX_LINE_UNITS) {
        throw new UcpError(
          400,
          'invalid',
          `At most ${MAX_LINE_UNITS} units of one item.`,
          `$.line_items[${index}].quantity`,
        );
      }
      counts.set(line.item.id, total);
    }
    if (counts.size > MAX_SESSION_LINES)
      throw new UcpError(400, 'invalid', `At most ${MAX_SESSION_LINES} distinct items.`, '$.line_items');
    for (const [index, line] of body.line_items.entries()) {
      if ((await store.findVariant(line.item.id)) === undefined) {
        throw new UcpError(
          400,
          'item_unavailable',
          `The item id '${line.item.id}' does not exist.`,
          `$.line_items[${index}].item.id`,
        );
      }
    }
    items = [...counts].map(([variantId, quantity]) => ({ variantId, quantity }));
  }
  const codes = body.discounts?.codes;
  if (codes !== undefined && new Set(codes).size > MAX_CART_COUPONS) {
    throw new UcpError(
      400,
      'invalid',
      `At most ${MAX_CART_COUPONS} discount codes apply to one checkout.`,
      '$.discounts.codes',
    );
  }
  return {
    ...state,
    items,
    codes: codes === undefined ? state.codes : [...new Set(codes.map((code) => code.trim()))],
    buyer: body.buyer ?? state.buyer,
    fulfillmentDetails: destinationIn(body) ?? state.fulfillmentDetails,
  };
}

/** The shipping destination a request chose, as stored; undefined when it names none. */
function destinationIn(body: UcpBody): SessionState['fulfillmentDetails'] {
  const methods = body.fulfillment?.methods ?? [];
  for (const [index, method] of methods.entries()) {
    if (method.type !== undefined && method.type !== 'shipping') {
      throw new UcpError(
        400,
        'invalid',
        `No fulfillment method '${method.type}'; this business ships.`,
        `$.fulfillment.methods[${index}].type`,
      );
    }
    for (const [group, chosen] of (method.groups ?? []).entries()) {
      const option = chosen.selected_option_id;
      if (option !== undefined && option !== null && option !== 'standard') {
        throw new UcpError(
          400,
          'invalid',
          `No fulfillment option '${option}'; the one offered is 'standard'.`,
          `$.fulfillment.methods[${index}].groups[${group}].selected_option_id`,
        );
      }
    }
  }
  const method = methods[0];
  const destinations = method?.destinations;
  if (destinations === undefined || destinations.length === 0) return undefined;
  const chosen =
    destinations.find((destination) => destination.id === method?.selected_destination_id) ?? destinations[0];
  const { id: _id, type: _type, ...address } = chosen ?? {};
  return { destination: address };
}

/** The session core's refusals in UCP's words. */
async function ucpRefusals<T>(work: Promise<T>, what: 'checkout' | 'cart' = 'checkout'): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof SessionRefusal)) throw error;
    switch (error.reason) {
      case 'not_found':
        throw new UcpError(
          404,
          'not_found',
          what === 'cart' ? 'No cart has that id.' : 'No checkout session has that id.',
        );
      case 'not_open':
        throw new UcpError(409, 'invalid_state', error.message);
      case 'in_progress':
        throw new UcpError(409, 'complete_in_progress', error.message, undefined, 1);
      case 'payment_failed':
        throw new UcpError(502, 'payment_failed', error.message, undefined, 1);
    }
  }
}
