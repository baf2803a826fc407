import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { durabilityFromEnv, openDatabase, postgresPoolSize } from '../src/storage/open-database.js';
import { STORES } from './helpers/stores.js';

// Durability is explicit: an acknowledged commit is on disk by default on both stores, whatever
// the server's or SQLite's default, and the operator can trade it away knowingly.
describe('durability settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env.RUSHCART_SQLITE_SYNCHRONOUS = saved.RUSHCART_SQLITE_SYNCHRONOUS;
    process.env.RUSHCART_PG_SYNCHRONOUS_COMMIT = saved.RUSHCART_PG_SYNCHRONOUS_COMMIT;
    if (saved.RUSHCART_SQLITE_SYNCHRONOUS === undefined) delete process.env.RUSHCART_SQLITE_SYNCHRONOUS;
    if (saved.RUSHCART_PG_SYNCHRONOUS_COMMIT === undefined) delete process.env.RUSHCART_PG_SYNCHRONOUS_COMMIT;
  });

  it('defaults to FULL and on, and refuses values that are not settings', () => {
    expect(durabilityFromEnv({})).toEqual({ sqliteSynchronous: 'FULL', pgSynchronousCommit: 'on' });
    expect(durabilityFromEnv({ RUSHCART_SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous).toBe('NORMAL');
    expect(() => durabilityFromEnv({ RUSHCART_SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(
      /RUSHCART_SQLITE_SYNCHRONOUS/,
    );
    expect(() => durabilityFromEnv({ RUSHCART_PG_SYNCHRONOUS_COMMIT: 'on; drop table x' })).toThrow(
      /RUSHCART_PG_SYNCHRONOUS_COMMIT/,
    );
  });

  it('reads the PostgreSQL pool size, refusing sizes that are not 1 to 200', () => {
    expect(postgresPoolSize({})).toBe(10);
    expect(postgresPoolSize({ RUSHCART_PG_POOL_SIZE: '24' })).toBe(24);
    for (const junk of ['0', '201', '2.5', 'many'])
      expect(() => postgresPoolSize({ RUSHCART_PG_POOL_SIZE: junk }), junk).toThrow(/RUSHCART_PG_POOL_SIZE/);
  });

  for (const store of STORES) {
    it.skipIf(store.skipReason !== undefined)(`sets the session's durability on ${store.name}`, async () => {
      const read = async (env: string | undefined) => {
        if (env === undefined) {
          delete process.env.RUSHCART_SQLITE_SYNCHRONOUS;
          delete process.env.RUSHCART_PG_SYNCHRONOUS_COMMIT;
        } else {
          process.env.RUSHCART_SQLITE_SYNCHRONOUS = env === 'off' ? 'NORMAL' : 'FULL';
          process.env.RUSHCART_PG_SYNCHRONOUS_COMMIT = env;
        }
        const fresh = await store.freshDatabase();
        const db = await openDatabase(fresh.url, { schema: fresh.schema });
        try {
          if (db.dialect === 'sqlite') return String(db.sqlite?.pragma('synchronous', { simple: true }));
          const shown = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db.kysely);
          return shown.rows[0]?.synchronous_commit;
        } finally {
          await db.close();
          await fresh.dispose();
        }
      };
      // SQLite reports FULL as 2 and NORMAL as 1.
      expect(await read(undefined)).toBe(store.name === 'sqlite' ? '2' : 'on');
      expect(await read('off')).toBe(store.name === 'sqlite' ? '1' : 'off');
    });
  }
});
