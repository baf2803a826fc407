import type {
  CartStore,
  CheckoutInput,
  CheckoutService,
  CouponHook,
  ItemQuote,
  OrderView,
} from '../../commerce/index.js';
import { PAYMENT_TOKEN_PATTERN, quoteItems, ShippingAddress } from '../../commerce/index.js';
import { isAppError } from '../../shared/app-error.js';
import { isRefusal } from '../../shared/error-catalog.js';
import { newId } from '../../shared/ids.js';
import { formatMoney } from '../../shared/money.js';
import {
  type AcpMessage,
  blockingMessages,
  sessionView,
  shippingAddressOf,
  TEST_CARD_HANDLER_ID,
} from './acp-view.js';
import type { OrderWebhooks } from './order-webhooks.js';
import { AcpError, applyInput, type CompleteInput, type SessionInput } from './session-input.js';
import type { SessionRecord, SessionStore } from './session-store.js';

/** How long an agent has to complete a session it opened. */
export const SESSION_LIFETIME_MS = 30 * 60 * 1000;
/** A `complete` that has held its session this long without finishing is taken to have crashed. */
export const ATTEMPT_STALE_MS = 2 * 60 * 1000;
/** A session view and the HTTP status it is answered with. */
export interface AcpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Dependencies of the ACP checkout sessions. */
export interface AcpServiceDeps {
  readonly sessions: SessionStore;
  readonly store: Pick<CartStore, 'findVariant'>;
  readonly coupons: CouponHook;
  readonly checkout: CheckoutService;
  /** Where order events for the agent platform go; none sends none. */
  readonly webhooks?: OrderWebhooks | undefined;
  readonly now?: () => number;
}

/**
 * ACP checkout sessions over the commerce core: a session prices its own items and codes as an
 * express checkout would, and `complete` runs exactly that express checkout with the total the
 * session showed (`expectedTotal`). A session completes at most once: `complete` takes the session
 * with a conditional update before it charges, and an attempt that crashed is finished by
 * replaying its stored checkout under its own key, never by starting another.
 */
export function createAcpService(deps: AcpServiceDeps) {
  const now = deps.now ?? Date.now;

  async function price(session: SessionRecord): Promise<ItemQuote> {
    return quoteItems(deps, session.shopperId, session.state.items, session.state.codes);
  }
  async function answer(
    session: SessionRecord,
    origin: string,
    status = 200,
    extraMessages: AcpMessage[] = [],
  ): Promise<AcpAnswer> {
    const quote = await price(session);
    return { status, body: sessionView(session, quote, { origin, now: now(), extraMessages }) };
  }
  async function load(shopperId: string, id: string): Promise<SessionRecord> {
    const session = await deps.sessions.find(shopperId, id);
    if (session === undefined)
      throw new AcpError(404, 'invalid_request', 'not_found', 'No checkout session has that id.');
    return session;
  }
  function assertOpen(session: SessionRecord, action: string): void {
    if (session.lifecycle === 'completing') {
      throw inProgress();
    }
    if (session.lifecycle !== 'open' || now() >= session.expiresAt) {
      const state = session.lifecycle === 'open' ? 'expired' : session.lifecycle;
      throw new AcpError(
        405,
        'invalid_request',
        'session_not_open',
        `The session is ${state} and cannot be ${action}.`,
      );
    }
  }

  /** Another complete took the session first: its outcome if it finished, else the refusal. */
  async function lostRace(shopperId: string, id: string, origin: string): Promise<AcpAnswer> {
    const current = await load(shopperId, id);
    if (current.lifecycle === 'completed') return answer(current, origin);
    assertOpen(current, 'completed');
    throw inProgress();
  }

  /** Runs the attempt's checkout and records how it ended; business refusals become messages. */
  async function runAttempt(session: SessionRecord, key: string, input: CheckoutInput, origin: string) {
    // What the session shows once completed: its prices as this checkout charges them.
    const charged = await quoteItems(deps, session.shopperId, input.items ?? [], input.couponCodes ?? []);
    const receipt = receiptOf(sessionView(session, charged, { origin, now: now() }));
    try {
      const placed = await deps.checkout.checkout(session.shopperId, input, key, 'acp');
      await deps.sessions.finishAttempt(
        session.id,
        key,
        { orderId: placed.value.id, state: { ...session.state, receipt } },
        now(),
      );
      // The order is placed whatever happens to its event; a failed enqueue is the one event lost.
      await deps.webhooks?.enqueue('order_create', session.id, placed.value).catch(() => undefined);
      return answer(await load(session.shopperId, session.id), origin);
    } catch (error) {
      await deps.sessions.finishAttempt(session.id, key, undefined, now());
      // A refusal, or the refusal a replay of the key throws again: the session says why.
      if (isAppError(error) && isRefusal(error.code)) {
        return answer(await load(session.shopperId, session.id), origin, 200, [
          refusalMessage(error.code, error.message),
        ]);
      }
      if (isAppError(error, 'PAYMENT_FAILED')) {
        throw new AcpError(502, 'processing_error', 'payment_failed', error.message, undefined, 1);
      }
      throw error;
    }
  }

  return {
    async create(shopperId: string, input: SessionInput, origin: string): Promise<AcpAnswer> {
      const at = now();
      const state = await applyInput(deps.store, { items: [], codes: [] }, input);
      let session: SessionRecord = {
        id: newId('cs'),
        shopperId,
        lifecycle: 'open',
        state,
        orderId: undefined,
        attempt: undefined,
        createdAt: at,
        updatedAt: at,
        expiresAt: at + SESSION_LIFETIME_MS,
      };
      const quote = await price(session);
      session = { ...session, state: { ...session.state, shownTotal: quote.price.total } };
      if (
        input.currency !== undefined &&
        !quote.mixedCurrencies &&
        input.currency.toUpperCase() !== quote.currency
      ) {
        throw new AcpError(
          400,
          'invalid_request',
          'invalid',
          `These items are sold in ${quote.currency}, not ${input.currency.toUpperCase()}.`,
          '$.currency',
        );
      }
      await deps.sessions.insert(session);
      return { status: 201, body: sessionView(session, quote, { origin, now: at }) };
    },

    async get(shopperId: string, id: string, origin: string): Promise<AcpAnswer> {
      return answer(await load(shopperId, id), origin);
    },

    async update(shopperId: string, id: string, input: SessionInput, origin: string): Promise<AcpAnswer> {
      const session = await load(shopperId, id);
      assertOpen(session, 'updated');
      const applied = await applyInput(deps.store, session.state, input);
      const quote = await price({ ...session, state: applied });
      const state = { ...applied, shownTotal: quote.price.total };
      if (!(await deps.sessions.updateState(id, state, now())))
        assertOpen(await load(shopperId, id), 'updated');
      return answer(await load(shopperId, id), origin);
    },

    async complete(shopperId: string, id: string, input: CompleteInput, origin: string): Promise<AcpAnswer> {
      let session = await load(shopperId, id);
      if (session.lifecycle === 'completed') return answer(session, origin);
      const at = now();
      // An attempt whose node crashed is finished as it was started: same key, same input.
      if (
        session.lifecycle === 'completing' &&
        session.attempt !== undefined &&
        session.attempt.startedAt < at - ATTEMPT_STALE_MS
      ) {
        const stale = session.attempt;
        if (!(await deps.sessions.beginAttempt(id, { ...stale, startedAt: at }, at - ATTEMPT_STALE_MS))) {
          return lostRace(shopperId, id, origin);
        }
        return runAttempt(session, stale.key, stale.input, origin);
      }
      assertOpen(session, 'completed');
      if (input.payment_data.handler_id !== TEST_CARD_HANDLER_ID) {
        throw new AcpError(
          400,
          'invalid_request',
          'invalid',
          `Unknown payment handler; this seller offers '${TEST_CARD_HANDLER_ID}'.`,
          '$.payment_data.handler_id',
        );
      }
      // The test provider's credential is a saved card's token, or the test card itself, saved here
      // before anything is stored: the attempt keeps the token, never the number.
      const credential = input.payment_data.instrument?.credential as
        | { type?: string; token?: string }
        | undefined;
      const given = credential?.token;
      const badCredential = () =>
        new AcpError(
          400,
          'invalid_request',
          'invalid',
          "This handler takes a credential { type: 'test_card', token: <a saved card token tok_..., or a test card number of 12 to 19 digits> }.",
          '$.payment_data.instrument.credential',
        );
      if (
        credential?.type !== 'test_card' ||
        typeof given !== 'string' ||
        !(/^\d{12,19}$/.test(given) || PAYMENT_TOKEN_PATTERN.test(given))
      ) {
        throw badCredential();
      }
      const card = await deps.checkout
        .saveCard(
          shopperId,
          given.startsWith('tok_')
            ? { type: 'test_card', token: given }
            : { type: 'test_card', number: given },
        )
        .catch((error: unknown) => {
          if (isAppError(error, 'PAYMENT_TOKEN_NOT_FOUND')) throw badCredential();
          throw error;
        });
      if (input.buyer !== undefined) {
        const state = { ...session.state, buyer: input.buyer };
        if (await deps.sessions.updateState(id, state, at)) session = { ...session, state };
      }
      const quote = await price(session);
      const blocking = blockingMessages(session, quote);
      const address = ShippingAddress.safeParse(shippingAddressOf(session));
      if (blocking.length > 0 || !address.success) return answer(session, origin);
      // ACP's complete carries no total: the one the agent was last shown is the one it agreed to.
      const shown = session.state.shownTotal;
      if (shown !== undefined && shown !== quote.price.total) {
        await deps.sessions.updateState(id, { ...session.state, shownTotal: quote.price.total }, at);
        const money = (amount: number) => formatMoney({ amount, currency: quote.currency });
        return answer(await load(shopperId, id), origin, 200, [
          {
            type: 'warning',
            code: 'price_change',
            content_type: 'plain',
            content: `The total changed from ${money(shown)} to ${money(quote.price.total)}; nothing was charged. Review it and complete again.`,
          },
        ]);
      }
      const checkoutInput: CheckoutInput = {
        payment: { type: 'test_card', token: card.token },
        shippingAddress: address.data,
        items: quote.lines.map((line) => ({ variantId: line.variant.variantId, quantity: line.quantity })),
        // Only the codes that apply now: a refused code is a warning on the session, not a failed payment.
        ...(quote.coupons.length === 0 ? {} : { couponCodes: quote.coupons.map((coupon) => coupon.code) }),
        expectedTotal: { amount: quote.price.total, currency: quote.currency },
      };
      const key = `acp:${id}:${newId('att')}`;
      if (
        !(await deps.sessions.beginAttempt(
          id,
          { key, input: checkoutInput, startedAt: at },
          at - ATTEMPT_STALE_MS,
        ))
      ) {
        return lostRace(shopperId, id, origin);
      }
      return runAttempt(session, key, checkoutInput, origin);
    },

    /** An order changed status: if a session placed it, the agent platform hears of it. */
    async orderChanged(order: OrderView): Promise<void> {
      if (deps.webhooks === undefined) return;
      const session = await deps.sessions.findByOrder(order.id);
      if (session !== undefined) await deps.webhooks.enqueue('order_update', session.id, order);
    },

    async cancel(shopperId: string, id: string, origin: string): Promise<AcpAnswer> {
      const session = await load(shopperId, id);
      assertOpen(session, 'canceled');
      if (!(await deps.sessions.cancel(id, now()))) assertOpen(await load(shopperId, id), 'canceled');
      return answer(await load(shopperId, id), origin, 200, [
        { type: 'info', content_type: 'plain', content: 'The checkout session has been canceled.' },
      ]);
    },
  };
}

/** The ACP service. */
export type AcpService = ReturnType<typeof createAcpService>;

/** The priced parts of a session view, kept as its receipt when it completes. */
function receiptOf(view: Record<string, unknown>): Record<string, unknown> {
  const { line_items, totals, discounts, fulfillment_options, selected_fulfillment_options, currency } = view;
  return { line_items, totals, discounts, fulfillment_options, selected_fulfillment_options, currency };
}

/** Another complete holds the session; the client retries after a second. */
function inProgress(): AcpError {
  return new AcpError(
    409,
    'invalid_request',
    'complete_in_progress',
    'The session is being completed.',
    undefined,
    1,
  );
}

/** A refusal of the checkout, in `messages[]` words. */
function refusalMessage(code: string, content: string): AcpMessage {
  const mapped: Record<string, string> = {
    PAYMENT_DECLINED: 'payment_declined',
    INSUFFICIENT_STOCK: 'out_of_stock',
    TOTAL_CHANGED: 'conflict',
    VARIANT_NOT_FOUND: 'not_found',
    CURRENCY_MISMATCH: 'invalid',
  };
  const messageCode =
    mapped[code] ?? (code.startsWith('COUPON') || code.startsWith('DISCOUNT') ? 'coupon_invalid' : 'invalid');
  return { type: 'error', code: messageCode, content_type: 'plain', content };
}
