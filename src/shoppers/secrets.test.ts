import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecrets, MIN_ADMIN_KEY_LENGTH, MIN_JWT_SECRET_LENGTH } from './secrets.js';

describe('loadSecrets', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rushcart-secrets-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('generates secrets long enough on first start and reads them back after', () => {
    const dir = dataDir();
    const first = loadSecrets(dir, {});
    expect(first.adminKeyCreated).toBe(true);
    expect(first.adminKey.length).toBeGreaterThanOrEqual(MIN_ADMIN_KEY_LENGTH);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(MIN_JWT_SECRET_LENGTH);
    expect(loadSecrets(dir, {})).toEqual({ ...first, adminKeyCreated: false });
  });

  it('refuses a short configured admin key or JWT secret, saying which and how long', () => {
    const dir = dataDir();
    expect(() => loadSecrets(dir, { adminKey: 'admin' })).toThrow(
      /RUSHCART_ADMIN_KEY is 5 characters; it must be at least 16/,
    );
    expect(() => loadSecrets(dir, { jwtSecret: 'x'.repeat(31) })).toThrow(
      /RUSHCART_JWT_SECRET is 31 characters; it must be at least 32/,
    );
    expect(loadSecrets(dir, { adminKey: 'a'.repeat(16), jwtSecret: 'j'.repeat(32) }).adminKey).toBe(
      'a'.repeat(16),
    );
  });

  it('refuses a short secret left in its file', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'admin-key'), 'short\n');
    expect(() => loadSecrets(dir, {})).toThrow(/the admin-key file is 5 characters/);
  });
});
