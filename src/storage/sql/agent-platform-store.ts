import type { Selectable } from 'kysely';
import type { AgentPlatform, AgentPlatformStore } from '../../protocols/agents/agent-platforms.js';
import type { Db } from '../dialect.js';
import type { AgentTables } from '../tables/agent-tables.js';

type PlatformRow = Selectable<AgentTables['agent_platforms']>;

/** Agent platforms in the main database (SQLite or PostgreSQL through Kysely). */
export function createSqlAgentPlatformStore(db: Db): AgentPlatformStore {
  const kysely = db.kysely;
  return {
    async insert(platform, keyHash) {
      await kysely
        .insertInto('agent_platforms')
        .values({
          id: platform.id,
          name: platform.name,
          key_hash: keyHash,
          key_hint: platform.keyHint,
          status: platform.status,
          rate_points: platform.rate.points,
          rate_seconds: platform.rate.durationSeconds,
          daily_budget: platform.dailyBudget?.amount ?? null,
          budget_currency: platform.dailyBudget?.currency ?? null,
          created_at: platform.createdAt,
          updated_at: platform.updatedAt,
        })
        .execute();
    },

    async list() {
      const rows = await kysely.selectFrom('agent_platforms').selectAll().orderBy('created_at').execute();
      return rows.map(toPlatform);
    },

    async find(id) {
      const row = await kysely
        .selectFrom('agent_platforms')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toPlatform(row);
    },

    async findByKeyHash(keyHash) {
      const row = await kysely
        .selectFrom('agent_platforms')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .executeTakeFirst();
      return row === undefined ? undefined : toPlatform(row);
    },

    async buyerShopper(agentId, buyerRef) {
      const row = await kysely
        .selectFrom('agent_buyers')
        .select('shopper_id')
        .where('agent_id', '=', agentId)
        .where('buyer_ref', '=', buyerRef)
        .executeTakeFirst();
      return row?.shopper_id;
    },

    async bindBuyer(agentId, buyerRef, shopperId, now) {
      await kysely
        .insertInto('agent_buyers')
        .values({ agent_id: agentId, buyer_ref: buyerRef, shopper_id: shopperId, created_at: now })
        .onConflict((conflict) => conflict.columns(['agent_id', 'buyer_ref']).doNothing())
        .execute();
      const row = await kysely
        .selectFrom('agent_buyers')
        .select('shopper_id')
        .where('agent_id', '=', agentId)
        .where('buyer_ref', '=', buyerRef)
        .executeTakeFirstOrThrow();
      return row.shopper_id;
    },

    async update(id, patch, now) {
      const result = await kysely
        .updateTable('agent_platforms')
        .set({
          ...(patch.name === undefined ? {} : { name: patch.name }),
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.rate === undefined
            ? {}
            : { rate_points: patch.rate.points, rate_seconds: patch.rate.durationSeconds }),
          ...(patch.dailyBudget === undefined
            ? {}
            : {
                daily_budget: patch.dailyBudget?.amount ?? null,
                budget_currency: patch.dailyBudget?.currency ?? null,
              }),
          updated_at: now,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

function toPlatform(row: PlatformRow): AgentPlatform {
  return {
    id: row.id,
    name: row.name,
    keyHint: row.key_hint,
    status: row.status === 'suspended' ? 'suspended' : 'active',
    rate: { points: Number(row.rate_points), durationSeconds: Number(row.rate_seconds) },
    dailyBudget:
      row.daily_budget === null || row.budget_currency === null
        ? undefined
        : { amount: Number(row.daily_budget), currency: row.budget_currency },
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
