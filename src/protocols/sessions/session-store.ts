import type { CheckoutInput } from '../../commerce/index.js';

/** What a session holds between calls: items, codes and who it ships to. */
export interface SessionState {
  readonly items: readonly { readonly variantId: string; readonly quantity: number }[];
  readonly codes: readonly string[];
  readonly buyer?: Readonly<Record<string, unknown>> | undefined;
  readonly fulfillmentDetails?: Readonly<Record<string, unknown>> | undefined;
  readonly orderNotes?: string | undefined;
  readonly locale?: string | undefined;
  /** The agent platform that opened the session, recorded on the order it places. */
  readonly agentId?: string | undefined;
  /** The UCP cart a checkout was started from. */
  readonly cartId?: string | undefined;
  /** The total the last create, update or refused complete showed: complete charges only that. */
  readonly shownTotal?: number | undefined;
  /**
   * Once completed: the priced parts of the session (lines, totals, discounts, fulfillment) as
   * charged. A completed session shows these, not a fresh price of items whose coupons are now spent.
   */
  readonly receipt?: Readonly<Record<string, unknown>> | undefined;
}

/** The stored lifecycle; `expired` is read from `expiresAt`, and the rest from pricing. */
export type SessionLifecycle = 'open' | 'completing' | 'completed' | 'canceled';

/** The checkout a `complete` started: its key and its exact input. */
export interface CompleteAttempt {
  readonly key: string;
  readonly input: CheckoutInput;
  readonly startedAt: number;
}

/** A checkout session as stored. */
export interface SessionRecord {
  readonly id: string;
  readonly shopperId: string;
  readonly lifecycle: SessionLifecycle;
  readonly state: SessionState;
  readonly orderId: string | undefined;
  readonly attempt: CompleteAttempt | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number;
}

/**
 * Where ACP checkout sessions live. Every change is conditional on the session's lifecycle, so a
 * session completes at most once however many requests race for it.
 */
export interface SessionStore {
  insert(record: SessionRecord): Promise<void>;
  /** The shopper's session; another shopper's id answers undefined. */
  find(shopperId: string, id: string): Promise<SessionRecord | undefined>;
  /** Replaces the state of an open session; false when it is no longer open. */
  updateState(id: string, state: SessionState, now: number): Promise<boolean>;
  /**
   * Marks the session `completing` under `attempt`, from `open`, or from a `completing` attempt
   * started before `staleBefore` (its node crashed). False when another attempt holds it.
   */
  beginAttempt(id: string, attempt: CompleteAttempt, staleBefore: number): Promise<boolean>;
  /** Ends the attempt under `key`: completed with the order and the state as charged, or back to open. */
  finishAttempt(
    id: string,
    key: string,
    completed: { orderId: string; state: SessionState } | undefined,
    now: number,
  ): Promise<void>;
  /** The session an order was placed through, if any. */
  findByOrder(orderId: string): Promise<{ readonly id: string } | undefined>;
  /** Cancels an open session; false when it is not open. */
  cancel(id: string, now: number): Promise<boolean>;
}
