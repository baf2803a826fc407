import { AppError } from '../shared/app-error.js';
import { formatMoney, type Money } from '../shared/money.js';
import type { CheckoutDraft, CommerceStore, ReserveOutcome } from './commerce-store.js';

const DAY_MS = 86_400_000;

/**
 * Opens the checkout's order and reservations, held to the agent's daily budget when it has one:
 * the store counts the agent's orders since the start of the UTC day inside the same transaction,
 * so concurrent checkouts cannot together pass it. Throws AGENT_BUDGET_EXCEEDED, before any stock
 * is taken or card charged, for an order that would pass it or is in another currency.
 */
export async function openWithinBudget(
  store: Pick<CommerceStore, 'openCheckout'>,
  draft: CheckoutDraft,
  budget: Money | undefined,
  now: number,
): Promise<Exclude<ReserveOutcome, { readonly agentBudgetLeft: number }>> {
  if (budget !== undefined && budget.currency !== draft.currency) {
    throw new AppError(
      'AGENT_BUDGET_EXCEEDED',
      `This agent's daily budget is in ${budget.currency}; this order is in ${draft.currency}.`,
    );
  }
  const outcome = await store.openCheckout(
    budget === undefined
      ? draft
      : { ...draft, agentBudget: { amount: budget.amount, since: now - (now % DAY_MS) } },
  );
  if (!outcome.ok && 'agentBudgetLeft' in outcome) {
    const money = (amount: number) => formatMoney({ amount, currency: draft.currency });
    throw new AppError(
      'AGENT_BUDGET_EXCEEDED',
      `This agent has ${money(outcome.agentBudgetLeft)} left of its daily budget today; the order is ${money(draft.pricing.total)}.`,
      { left: { amount: outcome.agentBudgetLeft, currency: draft.currency } },
    );
  }
  return outcome;
}
