import { Migrator } from 'kysely';
import type { Db } from './dialect.js';
import { migrationProvider } from './migrations/index.js';

/**
 * Brings the schema up to date; safe to run on every start and from many nodes at once on
 * PostgreSQL (Kysely serialises migrators with a lock table). With a `schema`, the migration
 * bookkeeping lives in that schema too: Kysely's existence check looks across schemas, so a fresh
 * schema beside an older one would otherwise skip creating its own lock table.
 */
export async function migrateToLatest(db: Db, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: migrationProvider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
    throw new Error(`database migration failed: ${reason}`, { cause: error });
  }
}
