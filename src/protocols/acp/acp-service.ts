import type { CheckoutService, OrderView } from '../../commerce/index.js';
import { formatMoney, type Money } from '../../shared/money.js';
import {
  createSessionCore,
  type SessionCoreDeps,
  SessionRefusal,
  testCardToken,
} from '../sessions/session-core.js';
import type { SessionRecord } from '../sessions/session-store.js';
import {
  type AcpMessage,
  DELEGATED_HANDLER_ID,
  sessionView,
  shippingAddressOf,
  TEST_CARD_HANDLER_ID,
} from './acp-view.js';
import type { DelegatedPayments } from './delegated-payments.js';
import type { OrderWebhooks } from './order-webhooks.js';
import { AcpError, applyInput, type CompleteInput, type SessionInput } from './session-input.js';

/** A session view and the HTTP status it is answered with. */
export interface AcpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Dependencies of the ACP checkout sessions. */
export interface AcpServiceDeps extends SessionCoreDeps {
  /** Where order events for the agent platform go; none sends none. */
  readonly webhooks?: OrderWebhooks | undefined;
  /** Delegated payment tokens, for the `delegated_card` handler; none offers only test cards. */
  readonly delegated?: DelegatedPayments | undefined;
}

/**
 * ACP checkout sessions: the session core (which prices, completes once and replays crashed
 * attempts) in ACP's words. This file reads ACP's requests and its payment handler, and answers
 * ACP's views, statuses and error codes.
 */
export function createAcpService(deps: AcpServiceDeps) {
  const now = deps.now ?? Date.now;
  const core = createSessionCore(deps, {
    idPrefix: 'cs_',
    channel: 'acp',
    addressOf: shippingAddressOf,
    receipt: (session, charged) =>
      receiptOf(sessionView(session, charged, { origin: '', now: now(), problems: [] })),
    placed: async (session, order) => {
      await deps.webhooks?.enqueue('order_create', session.id, order);
    },
  });

  async function answer(
    session: SessionRecord,
    origin: string,
    status = 200,
    extraMessages: AcpMessage[] = [],
  ): Promise<AcpAnswer> {
    const quote = await core.price(session);
    const problems = core.problems(session, quote);
    return { status, body: sessionView(session, quote, { origin, now: now(), problems, extraMessages }) };
  }

  return {
    async create(
      shopperId: string,
      input: SessionInput,
      origin: string,
      agentId?: string,
    ): Promise<AcpAnswer> {
      const state = { ...(await applyInput(deps.store, { items: [], codes: [] }, input)), agentId };
      const quote = await core.price({ shopperId, state });
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
      const opened = await core.open(shopperId, state);
      return { ...(await answer(opened.session, origin)), status: 201 };
    },

    async get(shopperId: string, id: string, origin: string): Promise<AcpAnswer> {
      return answer(await acpRefusals(core.load(shopperId, id)), origin);
    },

    async update(shopperId: string, id: string, input: SessionInput, origin: string): Promise<AcpAnswer> {
      const session = await acpRefusals(
        core.update(shopperId, id, (state) => applyInput(deps.store, state, input)),
      );
      return answer(session, origin);
    },

    async complete(shopperId: string, id: string, input: CompleteInput, origin: string): Promise<AcpAnswer> {
      const outcome = await acpRefusals(
        core.complete(shopperId, id, async (session) => ({
          ...(await paymentOf(deps, shopperId, id, input)),
          state: input.buyer === undefined ? undefined : { ...session.state, buyer: input.buyer },
        })),
      );
      switch (outcome.kind) {
        case 'completed':
        case 'not_ready':
          return answer(outcome.session, origin);
        case 'total_changed': {
          const { currency } = await core.price(outcome.session);
          const money = (amount: number) => formatMoney({ amount, currency });
          return answer(outcome.session, origin, 200, [
            {
              type: 'warning',
              code: 'price_change',
              content_type: 'plain',
              content: `The total changed from ${money(outcome.from)} to ${money(outcome.to)}; nothing was charged. Review it and complete again.`,
            },
          ]);
        }
        case 'refused':
          return answer(outcome.session, origin, 200, [refusalMessage(outcome.code, outcome.message)]);
      }
    },

    /** An order changed status: if a session placed it, the agent platform hears of it. */
    async orderChanged(order: OrderView): Promise<void> {
      if (deps.webhooks === undefined) return;
      const session = await core.sessionOf(order.id);
      if (session !== undefined) await deps.webhooks.enqueue('order_update', session.id, order);
    },

    async cancel(shopperId: string, id: string, origin: string): Promise<AcpAnswer> {
      const session = await acpRefusals(core.cancel(shopperId, id));
      return answer(session, origin, 200, [
        { type: 'info', content_type: 'plain', content: 'The checkout session has been canceled.' },
      ]);
    },
  };
}

/**
 * What the complete pays with: a delegated token's saved card and its allowance, or the test-card
 * handler's credential.
 */
async function paymentOf(
  deps: AcpServiceDeps,
  shopperId: string,
  sessionId: string,
  input: CompleteInput,
): Promise<{ cardToken: string; maxAmount?: Money }> {
  const credential = input.payment_data.instrument?.credential as
    | { type?: unknown; token?: unknown }
    | undefined;
  if (input.payment_data.handler_id === DELEGATED_HANDLER_ID && deps.delegated !== undefined) {
    if (credential?.type !== 'spt' || typeof credential.token !== 'string') {
      throw new AcpError(
        400,
        'invalid_request',
        'invalid',
        "This handler takes a credential { type: 'spt', token: <the vt_ token delegate_payment answered> }.",
        '$.payment_data.instrument.credential',
      );
    }
    return deps.delegated.resolve(shopperId, credential.token, sessionId);
  }
  return { cardToken: await cardTokenOf(deps.checkout, shopperId, input) };
}

/** The saved card the complete pays with: ACP's test-card handler and its credential. */
async function cardTokenOf(
  checkout: CheckoutService,
  shopperId: string,
  input: CompleteInput,
): Promise<string> {
  if (input.payment_data.handler_id !== TEST_CARD_HANDLER_ID) {
    throw new AcpError(
      400,
      'invalid_request',
      'invalid',
      `Unknown payment handler; this seller offers '${TEST_CARD_HANDLER_ID}' and '${DELEGATED_HANDLER_ID}'.`,
      '$.payment_data.handler_id',
    );
  }
  const token = await testCardToken(checkout, shopperId, input.payment_data.instrument?.credential);
  if (token === undefined) {
    throw new AcpError(
      400,
      'invalid_request',
      'invalid',
      "This handler takes a credential { type: 'test_card', token: <a saved card token tok_..., or a test card number of 12 to 19 digits> }.",
      '$.payment_data.instrument.credential',
    );
  }
  return token;
}

/** The session core's refusals in ACP's words. */
async function acpRefusals<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof SessionRefusal)) throw error;
    switch (error.reason) {
      case 'not_found':
        throw new AcpError(404, 'invalid_request', 'not_found', error.message);
      case 'not_open':
        throw new AcpError(405, 'invalid_request', 'session_not_open', error.message);
      case 'in_progress':
        throw new AcpError(409, 'invalid_request', 'complete_in_progress', error.message, undefined, 1);
      case 'payment_failed':
        throw new AcpError(502, 'processing_error', 'payment_failed', error.message, undefined, 1);
    }
  }
}

/** The ACP service. */
export type AcpService = ReturnType<typeof createAcpService>;

/** The priced parts of a session view, kept as its receipt when it completes. */
function receiptOf(view: Record<string, unknown>): Record<string, unknown> {
  const { line_items, totals, discounts, fulfillment_options, selected_fulfillment_options, currency } = view;
  return { line_items, totals, discounts, fulfillment_options, selected_fulfillment_options, currency };
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
