import { sql, type Transaction } from 'kysely';
import type { Db } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Runs `work` in one transaction whose commit does not wait for the disk: atomic and consistent
 * as any other, and it survives a process crash, but an OS crash or power loss may lose the last
 * such commits (until the next fully synced commit or checkpoint). For writes that move no money
 * and that a shopper can redo, such as an assistant transcript; claims, carts, checkout and
 * payments keep the configured durability (RUSHCART_SQLITE_SYNCHRONOUS, synchronous_commit=on).
 *
 * SQLite: `synchronous = NORMAL` for this commit only, set and restored while holding Kysely's
 * lock on the one connection, so no other transaction (the raw claim batch takes the same lock)
 * commits under it. PostgreSQL: `SET LOCAL synchronous_commit = off`.
 */
export async function relaxedTransaction<T>(
  db: Db,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.dialect === 'postgres') {
    return db.kysely.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  const connection = db.sqlite;
  return db.kysely.connection().execute(async (bound) => {
    // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA; the pragma cannot change inside a transaction.
    const level = Number(connection.pragma('synchronous', { simple: true }));
    if (level > 1) connection.pragma('synchronous = NORMAL');
    try {
      return await bound.transaction().execute(work);
    } finally {
      if (level > 1) connection.pragma(`synchronous = ${level}`);
    }
  });
}
