import { isPostgresUrl } from '../config.js';
import type { Db } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres } from './postgres/open-postgres.js';
import { openSqlite } from './sqlite/open-sqlite.js';

/** SQLite's `synchronous` settings we accept: FULL syncs every commit, NORMAL only checkpoints. */
const SQLITE_SYNCHRONOUS = ['FULL', 'NORMAL'] as const;
/** PostgreSQL's `synchronous_commit` values. */
const PG_SYNCHRONOUS_COMMIT = ['on', 'off', 'local', 'remote_write', 'remote_apply'] as const;

/**
 * How durable an acknowledged commit is, from the environment. By default every commit, a claim
 * batch included, is on disk before it is acknowledged: SQLite `synchronous=FULL` (one fsync per
 * commit, so one per claim batch) and PostgreSQL `synchronous_commit=on` for our sessions whatever
 * the server's default. `RUSHCART_SQLITE_SYNCHRONOUS=NORMAL` survives a process crash but may lose
 * the last commits on power loss; `RUSHCART_PG_SYNCHRONOUS_COMMIT=off` likewise for PostgreSQL.
 */
export function durabilityFromEnv(env: NodeJS.ProcessEnv = process.env): {
  sqliteSynchronous: (typeof SQLITE_SYNCHRONOUS)[number];
  pgSynchronousCommit: (typeof PG_SYNCHRONOUS_COMMIT)[number];
} {
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const found = allowed.find((item) => item.toLowerCase() === value.toLowerCase());
    if (found === undefined) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
    return found;
  };
  return {
    sqliteSynchronous: pick('RUSHCART_SQLITE_SYNCHRONOUS', SQLITE_SYNCHRONOUS, 'FULL'),
    pgSynchronousCommit: pick('RUSHCART_PG_SYNCHRONOUS_COMMIT', PG_SYNCHRONOUS_COMMIT, 'on'),
  };
}

/** Opens the database a URL names (a SQLite path or `postgres://...`) and migrates it. */
export async function openDatabase(url: string, options: { schema?: string | undefined } = {}): Promise<Db> {
  const durability = durabilityFromEnv();
  const db = isPostgresUrl(url)
    ? openPostgres({
        url,
        synchronousCommit: durability.pgSynchronousCommit,
        poolSize: postgresPoolSize(),
        ...(options.schema === undefined ? {} : { schema: options.schema }),
      })
    : openSqlite(url, durability.sqliteSynchronous);
  await migrateToLatest(db, isPostgresUrl(url) ? options.schema : undefined);
  return db;
}

/** `RUSHCART_PG_POOL_SIZE`: connections per node to PostgreSQL (default 10, at most 200). */
export function postgresPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.RUSHCART_PG_POOL_SIZE;
  if (value === undefined || value === '') return 10;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 200)
    throw new Error(`RUSHCART_PG_POOL_SIZE must be a whole number from 1 to 200, got "${value}"`);
  return size;
}
