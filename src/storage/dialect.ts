import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';

/** An open database: the Kysely handle, its dialect and how to close it. */
export type Db = SqliteDb | PostgresDb;

interface DbBase {
  readonly kysely: Kysely<Database>;
  close(): Promise<void>;
}

/** The embedded store; `sqlite` is the raw connection for hot paths that bypass the query builder. */
export interface SqliteDb extends DbBase {
  readonly dialect: 'sqlite';
  readonly sqlite: SqliteDatabase.Database;
}

/** The shared store for many nodes; `pool` serves LISTEN/NOTIFY and hand-tuned hot-path SQL. */
export interface PostgresDb extends DbBase {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
  /**
   * Connections of the claim batch alone. On the shared pool a crowd's checkouts, each holding a
   * connection through a transaction of many round trips, kept claim batches waiting for one:
   * admitted claims' p99 rose from about 1 s to 7-9 s once checkouts waited in line instead of
   * being shed (docs/benchmarks.md).
   */
  readonly claimPool: pg.Pool;
}

/** Which SQL engine a store talks to. */
export type Dialect = Db['dialect'];
