import { SingleBar } from 'cli-progress';
import type { CatalogService, ImportSummary, ProgressListener } from '../catalog/index.js';
import { createCatalogService } from '../catalog/index.js';
import { loadConfig } from '../config.js';
import { isAppError } from '../shared/app-error.js';
import { openDatabase } from '../storage/open-database.js';
import { createSqlCatalogStore } from '../storage/sql/catalog-store.js';

/** Runs `work` against the catalog of the configured database, then closes it. */
export async function withCatalog<T>(work: (catalog: CatalogService) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config.databaseUrl, { schema: config.databaseSchema });
  try {
    return await work(createCatalogService(createSqlCatalogStore(db)));
  } finally {
    await db.close();
  }
}

/** A progress bar on stderr for a long write; quiet when stderr is not a terminal. */
export function progressBar(label: string): { onProgress: ProgressListener; stop(): void } {
  if (!process.stderr.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} products | {eta}s left`,
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Prints what an import wrote. */
export function printSummary(summary: ImportSummary): void {
  process.stdout.write(
    `imported ${summary.products} products (${summary.created} new, ${summary.updated} replaced) with ${summary.variants} variants\n`,
  );
}

/** Prints an IMPORT_FAILED error with its rows and sets a failing exit code; rethrows anything else. */
export function reportImportError(error: unknown): void {
  if (!isAppError(error)) throw error;
  process.stderr.write(`${error.code}: ${error.message}\n`);
  const problems = (error.details?.problems ?? []) as { row: number; path?: string; message: string }[];
  for (const problem of problems) {
    process.stderr.write(
      `  row ${problem.row}${problem.path ? ` ${problem.path}` : ''}: ${problem.message}\n`,
    );
  }
  process.exitCode = 1;
}
