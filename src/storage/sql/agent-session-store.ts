import type { Selectable } from 'kysely';
import type { CheckoutInput } from '../../commerce/index.js';
import type {
  SessionLifecycle,
  SessionRecord,
  SessionStore,
} from '../../protocols/sessions/session-store.js';
import type { Db } from '../dialect.js';
import type { AgentTables } from '../tables/agent-tables.js';

type SessionRow = Selectable<AgentTables['agent_checkout_sessions']>;

/** Agent checkout sessions (ACP and UCP) in the main database (SQLite or PostgreSQL through Kysely). */
export function createSqlSessionStore(db: Db): SessionStore {
  const kysely = db.kysely;
  return {
    async insert(record) {
      await kysely
        .insertInto('agent_checkout_sessions')
        .values({
          id: record.id,
          shopper_id: record.shopperId,
          status: record.lifecycle,
          state: JSON.stringify(record.state),
          order_id: record.orderId ?? null,
          attempt_key: null,
          attempt_input: null,
          attempt_started_at: null,
          created_at: record.createdAt,
          updated_at: record.updatedAt,
          expires_at: record.expiresAt,
        })
        .execute();
    },

    async find(shopperId, id) {
      const row = await kysely
        .selectFrom('agent_checkout_sessions')
        .selectAll()
        .where('id', '=', id)
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async updateState(id, state, now) {
      const result = await kysely
        .updateTable('agent_checkout_sessions')
        .set({ state: JSON.stringify(state), updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async beginAttempt(id, attempt, staleBefore) {
      const result = await kysely
        .updateTable('agent_checkout_sessions')
        .set({
          status: 'completing',
          attempt_key: attempt.key,
          attempt_input: JSON.stringify(attempt.input),
          attempt_started_at: attempt.startedAt,
          updated_at: attempt.startedAt,
        })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'open'),
            eb.and([eb('status', '=', 'completing'), eb('attempt_started_at', '<', staleBefore)]),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async finishAttempt(id, key, completed, now) {
      await kysely
        .updateTable('agent_checkout_sessions')
        .set(
          completed === undefined
            ? {
                status: 'open',
                attempt_key: null,
                attempt_input: null,
                attempt_started_at: null,
                updated_at: now,
              }
            : {
                status: 'completed',
                order_id: completed.orderId,
                state: JSON.stringify(completed.state),
                updated_at: now,
              },
        )
        .where('id', '=', id)
        .where('status', '=', 'completing')
        .where('attempt_key', '=', key)
        .execute();
    },

    async findByOrder(orderId) {
      return kysely
        .selectFrom('agent_checkout_sessions')
        .select('id')
        .where('order_id', '=', orderId)
        .executeTakeFirst();
    },

    async cancel(id, now) {
      const result = await kysely
        .updateTable('agent_checkout_sessions')
        .set({ status: 'canceled', updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    shopperId: row.shopper_id,
    lifecycle: row.status as SessionLifecycle,
    state: JSON.parse(row.state),
    orderId: row.order_id ?? undefined,
    attempt:
      row.attempt_key === null || row.attempt_input === null || row.attempt_started_at === null
        ? undefined
        : {
            key: row.attempt_key,
            input: JSON.parse(row.attempt_input) as CheckoutInput,
            startedAt: Number(row.attempt_started_at),
          },
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expiresAt: Number(row.expires_at),
  };
}
