import { PostgresAdapter, type Transaction } from 'kysely';
import type { CheckoutDraft } from '../../commerce/commerce-store.js';
import type { Database } from '../schema.js';

/** Thrown inside the reservation transaction when the agent's budget has less left than the order. */
export class OverAgentBudget extends Error {
  constructor(readonly left: number) {
    super(`the agent's budget has ${left} left`);
  }
}

/**
 * Refuses the order when its agent's orders since the budget's start, with this one, would pass
 * the budget. On PostgreSQL the agent's row is locked first, so two checkouts of one agent take
 * turns here and cannot both fit under what is left; SQLite runs one write transaction at a time.
 */
export async function checkAgentBudget(trx: Transaction<Database>, draft: CheckoutDraft): Promise<void> {
  const budget = draft.agentBudget;
  if (draft.agentId === undefined || budget === undefined) return;
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx
      .selectFrom('agent_platforms')
      .select('id')
      .where('id', '=', draft.agentId)
      .forUpdate()
      .execute();
  }
  const row = await trx
    .selectFrom('orders')
    .select((eb) => eb.fn.sum<string | number | null>('total').as('spent'))
    .where('agent_id', '=', draft.agentId)
    .where('currency', '=', draft.currency)
    .where('created_at', '>=', budget.since)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
  const spent = Number(row?.spent ?? 0);
  if (spent + draft.pricing.total > budget.amount)
    throw new OverAgentBudget(Math.max(0, budget.amount - spent));
}
