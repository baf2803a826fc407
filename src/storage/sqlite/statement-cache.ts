import type { Database as BetterSqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * The better-sqlite3 handle as Kysely's SqliteDialect sees it, with `prepare` reusing compiled
 * statements. Kysely's driver calls `prepare(sql)` for every query it runs, and compiling SQL is
 * a large share of a query's cost on SQLite (8% of the server's CPU under a flash crowd's mix,
 * see docs/benchmarks.md). Kysely's SQL is parameterized, so the distinct texts are few; the cache
 * keeps the most recently used `capacity` of them. A statement still being iterated (a streamed
 * query) is never handed out twice: a busy one is prepared afresh for the second caller.
 */
export function withStatementCache(connection: BetterSqliteDatabase, capacity = 500): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close: () => {
      statements.clear();
      connection.close();
    },
    prepare(sql: string): Statement {
      const cached = statements.get(sql);
      if (cached !== undefined && !cached.busy) {
        // Map order is insertion order: re-inserting marks the statement most recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = connection.prepare(sql);
      if (cached === undefined) {
        statements.set(sql, statement);
        if (statements.size > capacity) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      return statement;
    },
  };
}
