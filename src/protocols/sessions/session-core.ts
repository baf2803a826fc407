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
import { type ErrorCode, isRefusal } from '../../shared/error-catalog.js';
import { newId } from '../../shared/ids.js';
import { formatMoney, type Money } from '../../shared/money.js';
import type { SessionRecord, SessionState, SessionStore } from './session-store.js';

/** How long an agent has to complete a session it opened. */
export const SESSION_LIFETIME_MS = 30 * 60 * 1000;
/** A `complete` that has held its session this long without finishing is taken to have crashed. */
export const ATTEMPT_STALE_MS = 2 * 60 * 1000;

/** Most distinct items, and units of one item, a session or agent cart may hold. */
export const MAX_SESSION_LINES = 50;
export const MAX_LINE_UNITS = 999;

/**
 * The saved card a protocol's test-card credential names: a saved card's token, or a test card
 * number, saved here before anything is stored (an attempt keeps the token, never the number).
 * Undefined when the credential is not one (the protocol words that refusal).
 */
export async function testCardToken(
  checkout: Pick<CheckoutService, 'saveCard'>,
  shopperId: string,
  credential: unknown,
): Promise<string | undefined> {
  const { type, token } = (credential ?? {}) as { type?: unknown; token?: unknown };
  if (type !== 'test_card' || typeof token !== 'string') return undefined;
  if (!(/^\d{12,19}$/.test(token) || PAYMENT_TOKEN_PATTERN.test(token))) return undefined;
  try {
    const card = await checkout.saveCard(
      shopperId,
      token.startsWith('tok_') ? { type: 'test_card', token } : { type: 'test_card', number: token },
    );
    return card.token;
  } catch (error) {
    if (isAppError(error, 'PAYMENT_TOKEN_NOT_FOUND')) return undefined;
    throw error;
  }
}

/** Why a session cannot be paid now; each protocol words these in its own messages. */
export type SessionProblem =
  | { readonly kind: 'mixed_currencies' }
  | { readonly kind: 'short'; readonly index: number; readonly title: string; readonly stock: number }
  | { readonly kind: 'address_missing' }
  | {
      readonly kind: 'address_invalid';
      /** Our field name (`line1`, `postalCode`, ...). */
      readonly field: string;
      readonly message: string;
    };

/** Why a call on a session was refused before anything changed. */
export type SessionRefusalReason = 'not_found' | 'not_open' | 'in_progress' | 'payment_failed';

/** A refusal of the session core; each protocol answers it with its own status and code. */
export class SessionRefusal extends Error {
  constructor(
    readonly reason: SessionRefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** How a `complete` ended, for a protocol to show. */
export type CompleteOutcome =
  | { readonly kind: 'completed'; readonly session: SessionRecord }
  /** Something blocks payment (stock, address, currencies): nothing was charged. */
  | { readonly kind: 'not_ready'; readonly session: SessionRecord; readonly problems: SessionProblem[] }
  /** The total moved since the agent last saw it: nothing was charged, the new total is shown. */
  | {
      readonly kind: 'total_changed';
      readonly session: SessionRecord;
      readonly from: number;
      readonly to: number;
    }
  /** The checkout refused (a declined card, a coupon spent meanwhile): nothing was charged. */
  | {
      readonly kind: 'refused';
      readonly session: SessionRecord;
      readonly code: ErrorCode;
      readonly message: string;
    };

/** What a protocol passes to `complete`. */
export interface CompleteRequest {
  /** A saved card's token (the protocol saved a card number it was given before calling). */
  readonly cardToken: string;
  /** The state with what the complete request itself brought (a buyer); unchanged when undefined. */
  readonly state?: SessionState | undefined;
  /** The most the credential may be charged (a delegated token's allowance); no limit when undefined. */
  readonly maxAmount?: Money | undefined;
}

/** Dependencies of the session core. */
export interface SessionCoreDeps {
  readonly sessions: SessionStore;
  readonly store: Pick<CartStore, 'findVariant'>;
  readonly coupons: CouponHook;
  readonly checkout: CheckoutService;
  readonly now?: () => number;
}

/** One protocol's view of the shared store: its id prefix, its address shape, its order channel. */
export interface SessionDialect {
  /** The prefix of this protocol's session ids: a session of another protocol is not found. */
  readonly idPrefix: string;
  /** How long a session of this protocol stays open (default SESSION_LIFETIME_MS). */
  readonly lifetimeMs?: number;
  /** The channel its orders are recorded under. */
  readonly channel: 'acp' | 'ucp';
  /** Our shipping address from the protocol's stored fulfillment details; undefined while missing. */
  addressOf(state: SessionState): Record<string, unknown> | undefined;
  /** The priced parts a session shows once completed, in the protocol's words. */
  receipt(session: SessionRecord, charged: ItemQuote): Record<string, unknown>;
  /** An order was placed through a session (the protocol's order events). */
  placed?(session: SessionRecord, order: OrderView): Promise<void>;
}

/**
 * Agent checkout sessions over the commerce core, the same for every protocol: a session prices
 * its own items and codes as an express checkout would, and `complete` runs exactly that express
 * checkout with the total the session showed (`expectedTotal`). A session completes at most once:
 * `complete` takes the session with a conditional update before it charges, and an attempt that
 * crashed is finished by replaying its stored checkout under its own key, never by starting
 * another. The protocols (ACP, UCP) parse requests and render views; nothing here knows either.
 */
export function createSessionCore(deps: SessionCoreDeps, dialect: SessionDialect) {
  const now = deps.now ?? Date.now;

  function price(session: Pick<SessionRecord, 'shopperId' | 'state'>): Promise<ItemQuote> {
    return quoteItems(deps, session.shopperId, session.state.items, session.state.codes);
  }

  function problems(session: Pick<SessionRecord, 'state'>, quote: ItemQuote): SessionProblem[] {
    const found: SessionProblem[] = [];
    if (quote.mixedCurrencies) found.push({ kind: 'mixed_currencies' });
    for (const [index, line] of quote.lines.entries()) {
      if (quote.shortLines.includes(line.lineId))
        found.push({ kind: 'short', index, title: line.variant.title, stock: line.variant.stock });
    }
    const address = dialect.addressOf(session.state);
    if (address === undefined) {
      found.push({ kind: 'address_missing' });
    } else {
      const parsed = ShippingAddress.safeParse(address);
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      if (issue !== undefined)
        found.push({ kind: 'address_invalid', field: String(issue.path[0]), message: issue.message });
    }
    return found;
  }

  async function load(shopperId: string, id: string): Promise<SessionRecord> {
    const session = id.startsWith(dialect.idPrefix) ? await deps.sessions.find(shopperId, id) : undefined;
    if (session === undefined) throw new SessionRefusal('not_found', 'No checkout session has that id.');
    return session;
  }

  /** What an open session is now: `open`, or `expired` once its lifetime is past. */
  function openState(session: SessionRecord): string {
    return session.lifecycle === 'open' && now() >= session.expiresAt ? 'expired' : session.lifecycle;
  }

  function assertOpen(session: SessionRecord, action: string): void {
    if (session.lifecycle === 'completing') throw inProgress();
    const state = openState(session);
    if (state !== 'open')
      throw new SessionRefusal('not_open', `The session is ${state} and cannot be ${action}.`);
  }

  /** Another complete took the session first: its outcome if it finished, else the refusal. */
  async function lostRace(shopperId: string, id: string): Promise<CompleteOutcome> {
    const current = await load(shopperId, id);
    if (current.lifecycle === 'completed') return { kind: 'completed', session: current };
    assertOpen(current, 'completed');
    throw inProgress();
  }

  /** Runs the attempt's checkout and records how it ended; business refusals become outcomes. */
  async function runAttempt(
    session: SessionRecord,
    key: string,
    input: CheckoutInput,
  ): Promise<CompleteOutcome> {
    // What the session shows once completed: its prices as this checkout charges them.
    const charged = await quoteItems(deps, session.shopperId, input.items ?? [], input.couponCodes ?? []);
    const shown = dialect.receipt(session, charged);
    try {
      const placed = await deps.checkout.checkout(
        session.shopperId,
        input,
        key,
        dialect.channel,
        session.state.agentId,
      );
      await deps.sessions.finishAttempt(
        session.id,
        key,
        { orderId: placed.value.id, state: { ...session.state, receipt: shown } },
        now(),
      );
      const completed = await load(session.shopperId, session.id);
      // The order is placed whatever happens to its event; a failed enqueue is the one event lost.
      await dialect.placed?.(completed, placed.value).catch(() => undefined);
      return { kind: 'completed', session: completed };
    } catch (error) {
      await deps.sessions.finishAttempt(session.id, key, undefined, now());
      // A refusal, or the refusal a replay of the key throws again: the session says why.
      if (isAppError(error) && isRefusal(error.code)) {
        return {
          kind: 'refused',
          session: await load(session.shopperId, session.id),
          code: error.code,
          message: error.message,
        };
      }
      if (isAppError(error, 'PAYMENT_FAILED')) throw new SessionRefusal('payment_failed', error.message);
      throw error;
    }
  }

  return {
    price,
    problems,
    load,
    openState,

    /** Opens a session on `state`; the total it shows is the one a later complete may charge. */
    async open(
      shopperId: string,
      state: SessionState,
    ): Promise<{ session: SessionRecord; quote: ItemQuote }> {
      const at = now();
      const draft = { shopperId, state };
      const quote = await price(draft);
      const session: SessionRecord = {
        id: newId(dialect.idPrefix.replace(/_$/, '')),
        shopperId,
        lifecycle: 'open',
        state: { ...state, shownTotal: quote.price.total },
        orderId: undefined,
        attempt: undefined,
        createdAt: at,
        updatedAt: at,
        expiresAt: at + (dialect.lifetimeMs ?? SESSION_LIFETIME_MS),
      };
      await deps.sessions.insert(session);
      return { session, quote };
    },

    /** Replaces an open session's state (through `revise`, which sees the state as stored). */
    async update(
      shopperId: string,
      id: string,
      revise: (state: SessionState) => Promise<SessionState>,
    ): Promise<SessionRecord> {
      const session = await load(shopperId, id);
      assertOpen(session, 'updated');
      const revised = await revise(session.state);
      const quote = await price({ ...session, state: revised });
      if (!(await deps.sessions.updateState(id, { ...revised, shownTotal: quote.price.total }, now())))
        assertOpen(await load(shopperId, id), 'updated');
      return load(shopperId, id);
    },

    /**
     * Pays and places the session's order at the total it last showed. A completed session answers
     * as it is (a retry); an attempt that crashed is finished with its own key and input.
     */
    async complete(
      shopperId: string,
      id: string,
      request: (session: SessionRecord) => Promise<CompleteRequest>,
    ): Promise<CompleteOutcome> {
      let session = await load(shopperId, id);
      if (session.lifecycle === 'completed') return { kind: 'completed', session };
      const at = now();
      if (
        session.lifecycle === 'completing' &&
        session.attempt !== undefined &&
        session.attempt.startedAt < at - ATTEMPT_STALE_MS
      ) {
        const stale = session.attempt;
        if (!(await deps.sessions.beginAttempt(id, { ...stale, startedAt: at }, at - ATTEMPT_STALE_MS)))
          return lostRace(shopperId, id);
        return runAttempt(session, stale.key, stale.input);
      }
      assertOpen(session, 'completed');
      const { cardToken, state, maxAmount } = await request(session);
      if (state !== undefined && (await deps.sessions.updateState(id, state, at)))
        session = { ...session, state };
      const quote = await price(session);
      const blocking = problems(session, quote);
      const address = ShippingAddress.safeParse(dialect.addressOf(session.state));
      if (blocking.length > 0 || !address.success) return { kind: 'not_ready', session, problems: blocking };
      // The agent agreed to the total it was last shown, and only that one is charged.
      const shown = session.state.shownTotal;
      if (shown !== undefined && shown !== quote.price.total) {
        await deps.sessions.updateState(id, { ...session.state, shownTotal: quote.price.total }, at);
        return {
          kind: 'total_changed',
          session: await load(shopperId, id),
          from: shown,
          to: quote.price.total,
        };
      }
      if (
        maxAmount !== undefined &&
        (maxAmount.currency !== quote.currency || quote.price.total > maxAmount.amount)
      ) {
        const total = formatMoney({ amount: quote.price.total, currency: quote.currency });
        return {
          kind: 'refused',
          session,
          code: 'PAYMENT_DECLINED',
          message: `The total ${total} is more than the payment token allows (${formatMoney(maxAmount)}); nothing was charged.`,
        };
      }
      const input: CheckoutInput = {
        payment: { type: 'test_card', token: cardToken },
        shippingAddress: address.data,
        items: quote.lines.map((line) => ({ variantId: line.variant.variantId, quantity: line.quantity })),
        // Only the codes that apply now: a refused code is a warning on the session, not a failed payment.
        ...(quote.coupons.length === 0 ? {} : { couponCodes: quote.coupons.map((coupon) => coupon.code) }),
        expectedTotal: { amount: quote.price.total, currency: quote.currency },
      };
      const key = `${dialect.channel}:${id}:${newId('att')}`;
      if (!(await deps.sessions.beginAttempt(id, { key, input, startedAt: at }, at - ATTEMPT_STALE_MS)))
        return lostRace(shopperId, id);
      return runAttempt(session, key, input);
    },

    /** Cancels an open session. */
    async cancel(shopperId: string, id: string): Promise<SessionRecord> {
      const session = await load(shopperId, id);
      assertOpen(session, 'canceled');
      if (!(await deps.sessions.cancel(id, now()))) assertOpen(await load(shopperId, id), 'canceled');
      return load(shopperId, id);
    },

    /** The session of this protocol an order was placed through, if any. */
    async sessionOf(orderId: string): Promise<{ readonly id: string } | undefined> {
      const found = await deps.sessions.findByOrder(orderId);
      return found?.id.startsWith(dialect.idPrefix) ? found : undefined;
    },
  };
}

/** The session core of one protocol. */
export type SessionCore = ReturnType<typeof createSessionCore>;

/** Another complete holds the session; the client retries after a second. */
function inProgress(): SessionRefusal {
  return new SessionRefusal('in_progress', 'The session is being completed.');
}
