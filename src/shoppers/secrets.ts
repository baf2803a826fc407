import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSecret } from '../shared/ids.js';

/** The server's secrets and whether the admin key was created just now (so it is printed once). */
export interface Secrets {
  readonly jwtSecret: string;
  readonly adminKey: string;
  readonly adminKeyCreated: boolean;
}

/** Shortest admin key accepted: guessing it must not be a matter of a few million tries. */
export const MIN_ADMIN_KEY_LENGTH = 16;
/** Shortest JWT secret accepted: HS256 wants a key of at least 256 bits. */
export const MIN_JWT_SECRET_LENGTH = 32;

/**
 * Loads the JWT secret and admin key from configuration, or from files under the data dir,
 * generating each on first start. Files are readable by the owner only. A secret shorter than
 * its minimum, configured or in its file, stops the start with a message that says how to fix it.
 */
export function loadSecrets(
  dataDir: string,
  configured: { jwtSecret?: string | undefined; adminKey?: string | undefined },
): Secrets {
  const jwtSecret = atLeast(
    configured.jwtSecret === undefined ? 'the jwt-secret file' : 'RUSHCART_JWT_SECRET',
    MIN_JWT_SECRET_LENGTH,
    configured.jwtSecret ?? readOrCreate(join(dataDir, 'jwt-secret'), () => newSecret(32)).value,
  );
  if (configured.adminKey !== undefined) {
    return {
      jwtSecret,
      adminKey: atLeast('RUSHCART_ADMIN_KEY', MIN_ADMIN_KEY_LENGTH, configured.adminKey),
      adminKeyCreated: false,
    };
  }
  const admin = readOrCreate(join(dataDir, 'admin-key'), () => `rk_admin_${newSecret(24)}`);
  atLeast('the admin-key file', MIN_ADMIN_KEY_LENGTH, admin.value);
  return { jwtSecret, adminKey: admin.value, adminKeyCreated: admin.created };
}

function atLeast(name: string, length: number, value: string): string {
  if (value.length >= length) return value;
  throw new Error(
    `${name} is ${value.length} characters; it must be at least ${length} (for example \`openssl rand -base64 32\`).`,
  );
}

function readOrCreate(path: string, create: () => string): { value: string; created: boolean } {
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), created: false };
  mkdirSync(join(path, '..'), { recursive: true });
  const value = create();
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { value, created: true };
}
