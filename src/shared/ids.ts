import { randomBytes, randomUUID } from 'node:crypto';

/** A new opaque id with a readable prefix, such as `ord_3f2c...`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

/** A random url-safe secret of `bytes` bytes. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
