import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('SQLite statement cache', () => {
  let connection: SqliteDatabase.Database;
  beforeEach(() => {
    connection = new SqliteDatabase(':memory:');
    connection.exec('create table t (x integer)');
    connection.exec('insert into t values (1), (2), (3)');
  });
  afterEach(() => {
    if (connection.open) connection.close();
  });

  it('compiles each SQL text once and returns the same statement after', () => {
    const cached = withStatementCache(connection);
    const first = cached.prepare('select x from t where x > ?');
    const second = cached.prepare('select x from t where x > ?');
    expect(second).toBe(first);
    expect(second.all([1])).toEqual([{ x: 2 }, { x: 3 }]);
    expect(cached.prepare('select x from t where x < ?')).not.toBe(first);
  });

  it('keeps only the most recently used statements', () => {
    const cached = withStatementCache(connection, 2);
    const a = cached.prepare('select 1');
    const b = cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(a);
    cached.prepare('select 3');
    // `select 2` was the least recently used of three: compiled again.
    expect(cached.prepare('select 2')).not.toBe(b);
    expect(cached.prepare('select 1')).not.toBe(a);
  });

  it('never hands a statement that is still being iterated to a second caller', () => {
    const cached = withStatementCache(connection);
    const sql = 'select x from t order by x';
    const iterator = cached.prepare(sql).iterate([]);
    expect(iterator.next().value).toEqual({ x: 1 });
    const other = cached.prepare(sql);
    expect(other.all([])).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    expect([...iterator]).toEqual([{ x: 2 }, { x: 3 }]);
  });

  it('closes the connection', () => {
    withStatementCache(connection).close();
    expect(connection.open).toBe(false);
  });
});
