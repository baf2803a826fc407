import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from '../dialect.js';
import type { Database } from '../schema.js';
import { withStatementCache } from './statement-cache.js';

/** Opens (creating if needed) a SQLite file in WAL mode, or an in-memory database for `:memory:`. */
export function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new SqliteDatabase(path);
  connection.pragma('journal_mode = WAL');
  // NORMAL keeps WAL durable across process crashes (kill -9); only an OS crash can lose the last commits.
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(connection) }),
  });
  return {
    kysely,
    dialect: 'sqlite',
    sqlite: connection,
    close: () => kysely.destroy(),
  };
}
