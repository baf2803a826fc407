import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from './open-sqlite.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

const PAGES = 600;

/** Writes about PAGES new pages in one transaction; they sit in the WAL until a checkpoint. */
function writePages(connection: SqliteDatabase.Database): void {
  connection.exec('create table if not exists filler (body blob)');
  const insert = connection.prepare('insert into filler (body) values (randomblob(3500))');
  connection.transaction(() => {
    for (let index = 0; index < PAGES; index += 1) insert.run();
  })();
}

/** Resolves once the database file itself holds the written pages, or after `ms`. */
async function databaseFileGrows(path: string, from: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const size = statSync(path).size;
    if (size >= from + PAGES * 4096 * 0.9 || Date.now() > deadline) return size;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('SQLite WAL checkpointer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rushcart-wal-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file from its worker, not at the writer commit', async () => {
    const path = join(dir, 'store.db');
    const db = openSqlite(path);
    if (db.dialect !== 'sqlite') throw new Error('expected SQLite');
    try {
      const before = statSync(path).size;
      writePages(db.sqlite);
      // The commit left the pages in the WAL: the writer's own auto-checkpoint is far away.
      expect(statSync(path).size).toBeLessThan(before + PAGES * 4096 * 0.5);
      expect(await databaseFileGrows(path, before, 5000)).toBeGreaterThanOrEqual(before + PAGES * 4096 * 0.9);
    } finally {
      await db.close();
    }
  });

  it('leaves the pages in the WAL once closed, and closing twice is harmless', async () => {
    const path = join(dir, 'closed.db');
    const connection = new SqliteDatabase(path);
    connection.pragma('journal_mode = WAL');
    connection.pragma('wal_autocheckpoint = 0');
    const checkpointer = startWalCheckpointer(path, () => undefined, 10);
    await checkpointer.close();
    await checkpointer.close();
    const before = statSync(path).size;
    writePages(connection);
    expect(await databaseFileGrows(path, before, 300)).toBeLessThan(before + PAGES * 4096 * 0.5);
    connection.close();
  });
});
