import { isPostgresUrl } from '../config.js';
import type { Db } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres } from './postgres/open-postgres.js';
import { openSqlite } from './sqlite/open-sqlite.js';

/** Opens the database a URL names (a SQLite path or `postgres://...`) and migrates it. */
export async function openDatabase(url: string, options: { schema?: string | undefined } = {}): Promise<Db> {
  const db = isPostgresUrl(url)
    ? openPostgres({ url, ...(options.schema === undefined ? {} : { schema: options.schema }) })
    : openSqlite(url);
  await migrateToLatest(db, isPostgresUrl(url) ? options.schema : undefined);
  return db;
}
