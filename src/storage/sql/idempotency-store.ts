import type { Kysely } from 'kysely';
import {
  type IdempotencyBegin,
  type IdempotencyStore,
  type IdempotentAnswer,
  type KeyAnswer,
  newLeaseOwner,
} from '../../shared/idempotency.js';
import type { Db } from '../dialect.js';
import type { Database } from '../schema.js';

/**
 * How long an in-flight key blocks retries unless its owner renews it (every third of it, while
 * the request runs): past it, the owner counts as crashed and the next retry takes the key over.
 */
const IN_FLIGHT_LEASE_MS = 30_000;
/** Keys are kept at least this long (the protocol asks for 24 hours). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Idempotency records in the main database, so they commit in the same transaction as effects. */
export function createSqlIdempotencyStore(
  db: Db,
  now: () => number = Date.now,
  leaseMs = IN_FLIGHT_LEASE_MS,
): IdempotencyStore & {
  purgeExpired(): Promise<number>;
} {
  const kysely = db.kysely;
  return {
    leaseMs,

    async begin(scope, key, requestHash): Promise<IdempotencyBegin> {
      const at = now();
      const owner = newLeaseOwner();
      const inserted = await kysely
        .insertInto('idempotency_keys')
        .values({
          scope,
          key,
          request_hash: requestHash,
          state: 'in_flight',
          answer: null,
          locked_until: at + leaseMs,
          owner,
          created_at: at,
        })
        .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted !== undefined) return { kind: 'new', owner };

      const existing = await kysely
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirst();
      // Deleted between the two statements (abandoned by its owner): the caller may simply retry.
      if (existing === undefined) return { kind: 'in_flight', retryAfterSeconds: 1 };
      if (existing.request_hash !== requestHash) return { kind: 'conflict' };
      if (existing.state === 'done') {
        return { kind: 'replay', answer: JSON.parse(existing.answer ?? 'null') as IdempotentAnswer };
      }
      if (existing.locked_until > at) {
        return {
          kind: 'in_flight',
          retryAfterSeconds: Math.max(1, Math.ceil((existing.locked_until - at) / 1000)),
        };
      }
      // The owner crashed mid-request; take the lease over unless another retry just did.
      const taken = await kysely
        .updateTable('idempotency_keys')
        .set({ locked_until: at + leaseMs, owner })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'in_flight')
        .where('locked_until', '=', existing.locked_until)
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) === 1
        ? { kind: 'new', owner }
        : { kind: 'in_flight', retryAfterSeconds: 1 };
    },

    async renew(scope, key, owner) {
      const renewed = await kysely
        .updateTable('idempotency_keys')
        .set({ locked_until: now() + leaseMs })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'in_flight')
        .where('owner', '=', owner)
        .executeTakeFirst();
      return Number(renewed.numUpdatedRows) === 1;
    },

    complete: (answer) => completeKey(kysely, answer),

    async abandon(scope, key, owner) {
      await kysely
        .deleteFrom('idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'in_flight')
        .where('owner', '=', owner)
        .execute();
    },

    async purgeExpired() {
      const result = await kysely
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', now() - IDEMPOTENCY_RETENTION_MS)
        .where('state', '=', 'done')
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/**
 * Writes a key's answer if the key is still in flight under its owner; false when the owner lost
 * it. Stores call it inside the effect's transaction, so the answer commits with the effect.
 */
export async function completeKey(executor: Kysely<Database>, answer: KeyAnswer): Promise<boolean> {
  const completed = await executor
    .updateTable('idempotency_keys')
    .set({ state: 'done', answer: JSON.stringify(answer.answer) })
    .where('scope', '=', answer.scope)
    .where('key', '=', answer.key)
    .where('state', '=', 'in_flight')
    .where('owner', '=', answer.owner)
    .executeTakeFirst();
  return Number(completed.numUpdatedRows) === 1;
}
