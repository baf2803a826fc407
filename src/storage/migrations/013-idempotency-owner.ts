import type { Kysely } from 'kysely';

/**
 * `idempotency_keys.owner`: a random token of the request that holds an in-flight key. Only the
 * owner renews, completes or abandons the record, so a request whose lease ran out and was taken
 * over by a retry can no longer record its answer over the retry's or delete the retry's record.
 * Rows from before it have none (null): they are done, or their lease has long run out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('owner', 'text').execute();
}
