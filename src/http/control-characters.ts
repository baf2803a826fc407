import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-handler.js';

/**
 * C0 controls other than tab, line feed and carriage return, and DEL. PostgreSQL cannot store NUL
 * in text (it answered 500), and no field of ours has a use for the others: they only hide text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Deepest nesting walked; our bodies are shallow, and a deeper one is refused by its schema. */
const MAX_DEPTH = 32;

/** Whether `value` holds a control character in a string or a key; allocates nothing. */
function hasControl(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return CONTROL.test(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasControl(item, depth + 1)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (CONTROL.test(key) || hasControl(record[key], depth + 1)) return true;
  }
  return false;
}

/**
 * The path of the first string (or key) holding a control character in `value`, or undefined.
 * Paths are built only once `hasControl` found one: this runs on every request, the claim's
 * included, and the clean ones must not pay for them.
 */
export function controlCharacterPath(value: unknown, path: string, depth = 0): string | undefined {
  if (!hasControl(value, depth)) return undefined;
  if (typeof value === 'string') return path;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = controlCharacterPath(value[index], `${path}/${index}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (CONTROL.test(key)) return `${path}/${key.replace(CONTROL, '?')}`;
    const found = controlCharacterPath(record[key], `${path}/${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refuses, with 400 VALIDATION_FAILED naming the field, any request whose body, query or path
 * parameters carry a control character (NUL included), before validation and before anything is
 * written.
 */
export function refuseControlCharacters(server: FastifyInstance): void {
  server.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done) => {
    const path =
      controlCharacterPath(request.params, 'params') ??
      controlCharacterPath(request.query, 'query') ??
      (request.body === undefined ? undefined : controlCharacterPath(request.body, 'body'));
    if (path === undefined) return done();
    void reply.status(400).send(
      errorBody('VALIDATION_FAILED', `${path}: control characters (such as NUL) are not allowed`, {
        issues: [{ path, message: 'control characters are not allowed' }],
      }),
    );
  });
}
