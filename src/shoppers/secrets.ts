import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSecret } from '../shared/ids.js';

/** The server's secrets and whether the admin key was created just now (so it is printed once). */
export interface Secrets {
  readonly jwtSecret: string;
  readonly adminKey: string;
  readonly adminKeyCreated: boolean;
}

/**
 * Loads the JWT secret and admin key from configuration, or from files under the data dir,
 * generating each on first start. Files are readable by the owner only.
 */
export function loadSecrets(
  dataDir: string,
  configured: { jwtSecret?: string | undefined; adminKey?: string | undefined },
): Secrets {
  const jwtSecret =
    configured.jwtSecret ?? readOrCreate(join(dataDir, 'jwt-secret'), () => newSecret(32)).value;
  if (configured.adminKey !== undefined) {
    return { jwtSecret, adminKey: configured.adminKey, adminKeyCreated: false };
  }
  const admin = readOrCreate(join(dataDir, 'admin-key'), () => `rk_admin_${newSecret(24)}`);
  return { jwtSecret, adminKey: admin.value, adminKeyCreated: admin.created };
}

function readOrCreate(path: string, create: () => string): { value: string; created: boolean } {
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), created: false };
  mkdirSync(join(path, '..'), { recursive: true });
  const value = create();
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { value, created: true };
}
