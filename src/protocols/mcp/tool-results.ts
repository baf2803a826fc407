import type { CallToolResult } from '@modelcontextprotocol/server';
import { isAppError } from '../../shared/app-error.js';
import type { ErrorCode } from '../../shared/error-catalog.js';
import { ERROR_CATALOG } from '../../shared/error-catalog.js';

/**
 * A tool's answer: the structured value its output schema describes, and the same value as JSON
 * text for clients that read only text content (as the MCP specification asks).
 */
export function answer(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

/** A refused call: `isError` with the catalog code, so an agent can branch on it as on HTTP. */
export function refusal(
  code: ErrorCode,
  message?: string,
  details?: Record<string, unknown>,
): CallToolResult {
  const error = {
    code,
    message: message ?? ERROR_CATALOG[code].message,
    ...(details === undefined ? {} : { details }),
  };
  return refusedWith({ error });
}

/** A refused call whose structured content is `body` as it is (ACP's error shape, for one). */
export function refusedWith(body: Record<string, unknown>): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body };
}

/**
 * Runs a tool body: an AppError (an expected refusal such as INSUFFICIENT_STOCK) becomes a
 * refusal; anything else is reported through `onError` and answered INTERNAL without its text,
 * which may carry internals.
 */
export function guarded<I>(
  onError: (error: unknown) => void,
  run: (input: I) => Promise<CallToolResult>,
): (input: I) => Promise<CallToolResult> {
  return async (input) => {
    try {
      return await run(input);
    } catch (error) {
      if (isAppError(error)) return refusal(error.code, error.message, error.details);
      onError(error);
      return refusal('INTERNAL');
    }
  };
}
