import type { AssistantServices } from '../services.js';
import type { PendingConfirmation } from './pending-confirmation.js';

/** Everything one turn's tools may use; the shopper id comes from the session, never from text. */
export interface TurnContext {
  readonly shopperId: string;
  readonly conversationId: string;
  readonly services: AssistantServices;
  /** The confirmation the previous assistant turn asked for, if any. */
  readonly latestPending: PendingConfirmation | undefined;
  /** True when this turn's shopper message is a plain yes to `latestPending`. */
  readonly shopperConfirmed: boolean;
  readonly maxToolCalls: number;
  readonly now: () => number;
  /** Set by a confirmable tool in this turn. */
  createdPending: PendingConfirmation | undefined;
  /** Set when the shopper asked for a person. */
  handoffReason: string | undefined;
  /** Set when confirm_action ran the pending action (consumed either way once used). */
  confirmationUsed: boolean;
  toolCalls: number;
}

/** A fresh context for one turn. */
export function createTurnContext(
  init: Pick<
    TurnContext,
    'shopperId' | 'conversationId' | 'services' | 'latestPending' | 'shopperConfirmed'
  > &
    Partial<Pick<TurnContext, 'maxToolCalls' | 'now'>>,
): TurnContext {
  return {
    maxToolCalls: 8,
    now: Date.now,
    ...init,
    createdPending: undefined,
    handoffReason: undefined,
    confirmationUsed: false,
    toolCalls: 0,
  };
}
