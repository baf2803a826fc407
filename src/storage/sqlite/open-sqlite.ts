import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from '../dialect.js';
import type { Database } from '../schema.js';
import { withStatementCache } from './statement-cache.js';
import { startWalCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from './wal-checkpointer.js';

/** Opens (creating if needed) a SQLite file in WAL mode, or an in-memory database for `:memory:`. */
export function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new SqliteDatabase(path);
  connection.pragma('journal_mode = WAL');
  // NORMAL keeps WAL durable across process crashes (kill -9); only an OS crash can lose the last commits.
  connection.pragma('synchronous = NORMAL');
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
