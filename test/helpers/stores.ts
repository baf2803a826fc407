import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db } from '../../src/storage/dialect.js';
import { openDatabase } from '../../src/storage/open-database.js';

/** A database a test can open: a fresh SQLite file or a fresh PostgreSQL schema. */
export interface StoreFixture {
  readonly name: 'sqlite' | 'postgres';
  /** Why the store is not available here, or undefined when it is. */
  readonly skipReason: string | undefined;
  /** Config a whole app needs to use a fresh database of this kind. */
  freshDatabase(): Promise<FreshDatabase>;
}

/** A fresh, empty, migrated-on-open database and how to dispose of it. */
export interface FreshDatabase {
  readonly url: string;
  readonly schema: string | undefined;
  readonly dataDir: string;
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

const postgresUrl = process.env.TEST_POSTGRES_URL;
const required = (process.env.RUSHCART_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean);

if (required.includes('postgres') && postgresUrl === undefined) {
  throw new Error('RUSHCART_REQUIRE_BACKENDS includes postgres but TEST_POSTGRES_URL is not set');
}
if (postgresUrl === undefined) {
  console.warn('[rushcart tests] PostgreSQL suites SKIPPED: set TEST_POSTGRES_URL to run them.');
}

const sqlite: StoreFixture = {
  name: 'sqlite',
  skipReason: undefined,
  async freshDatabase() {
    const dataDir = mkdtempSync(join(tmpdir(), 'rushcart-test-'));
    const url = join(dataDir, 'rushcart.db');
    return {
      url,
      schema: undefined,
      dataDir,
      open: () => openDatabase(url),
      async dispose() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: StoreFixture = {
  name: 'postgres',
  skipReason: postgresUrl === undefined ? 'TEST_POSTGRES_URL is not set' : undefined,
  async freshDatabase() {
    if (postgresUrl === undefined) throw new Error('TEST_POSTGRES_URL is not set');
    const url = postgresUrl;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await withClient(url, (client) => client.query(`create schema ${schema}`));
    const dataDir = mkdtempSync(join(tmpdir(), 'rushcart-test-'));
    return {
      url,
      schema,
      dataDir,
      open: () => openDatabase(url, { schema }),
      async dispose() {
        await withClient(url, (client) => client.query(`drop schema if exists ${schema} cascade`));
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** Every store adapter; suites loop over it and skip (loudly) the ones not available here. */
export const STORES: readonly StoreFixture[] = [sqlite, postgres];

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
