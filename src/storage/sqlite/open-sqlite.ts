import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from '../dialect.js';
import type { Database } from '../schema.js';
import { withStatementCache } from './statement-cache.js';
import { startWalCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from './wal-checkpointer.js';

/** Opens (creating if needed) a SQLite file in WAL mode, or an in-memory database for `:memory:`. */
export function openSqlite(path: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new SqliteDatabase(path);
  connection.pragma('journal_mode = WAL');
  // FULL syncs the WAL at every commit (one fsync per claim batch), so an acknowledged claim
  // survives power loss; NORMAL survives a process crash (kill -9) but an OS crash or power loss
  // can lose the last commits (docs/benchmarks.md measures the cost).
  connection.pragma(`synchronous = ${synchronous}`);
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // Checkpoints run in a worker thread; the writer keeps a late auto-checkpoint as a safety net
  // and gets SQLite's default back if the worker fails.
  const checkpointer =
    path === ':memory:'
      ? undefined
      : startWalCheckpointer(path, () => {
          if (connection.open) connection.pragma('wal_autocheckpoint = 1000');
        });
  if (checkpointer !== undefined) connection.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(connection) }),
  });
  return {
    kysely,
    dialect: 'sqlite',
    sqlite: connection,
    close: async () => {
      await checkpointer?.close();
      await kysely.destroy();
    },
  };
}
