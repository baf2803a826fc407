import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from '../dialect.js';
import type { Database } from '../schema.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Options for a PostgreSQL pool; `schema` isolates a test run in its own namespace. */
export interface PostgresOptions {
  readonly url: string;
  readonly schema?: string;
  readonly poolSize?: number;
  /** Our sessions' `synchronous_commit`, whatever the server's default (`on` unless told). */
  readonly synchronousCommit?: string;
}

/** Opens a pooled PostgreSQL connection. Bigints come back as numbers: every one we store fits in 2^53. */
export function openPostgres(options: PostgresOptions): Db {
  const pool = newPool(options, options.poolSize ?? 10);
  // One batch per campaign is in flight at a time; two connections let two campaigns' batches run.
  const claimPool = newPool(options, 2);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    pool,
    claimPool,
    close: async () => {
      await kysely.destroy();
      await claimPool.end();
    },
  };
}

function newPool(options: PostgresOptions, max: number): pg.Pool {
  return new pg.Pool({
    connectionString: options.url,
    max,
    options: [
      `-c synchronous_commit=${options.synchronousCommit ?? 'on'}`,
      ...(options.schema === undefined ? [] : [`-c search_path=${options.schema}`]),
    ].join(' '),
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
}
