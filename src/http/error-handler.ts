import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../shared/app-error.js';
import { ERROR_CATALOG, type ErrorCode } from '../shared/error-catalog.js';

/** The body of every error a client sees. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/** Fastify's own error codes that are the client's fault, mapped to our catalog. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/** Turns any thrown error into the catalog's error body; only truly unexpected errors become 500. */
export function installErrorHandling(server: FastifyInstance): void {
  server.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(error);
    const status = ERROR_CATALOG[body.error.code].status;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    if (error instanceof AppError && error.details?.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(error.details.retryAfterSeconds));
    }
    if (error instanceof AppError && error.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(status).send(body);
  });

  server.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(errorBody('ROUTE_NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/**
 * Fastify answers some router errors (bad percent-encoding, over-long path parameters) before any
 * hook or error handler runs; this option gives them the catalog's body too.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const code: ErrorCode =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'URL_TOO_LONG'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'MALFORMED_URL'
        : (FASTIFY_CODES[error.code] ?? 'VALIDATION_FAILED');
  void reply.status(ERROR_CATALOG[code].status).send(errorBody(code));
}

/** Builds an error body from a code and an optional message. */
export function errorBody(code: ErrorCode, message?: string, details?: Record<string, unknown>): ErrorBody {
  return {
    error: {
      code,
      message: message ?? ERROR_CATALOG[code].message,
      ...(details === undefined ? {} : { details }),
    },
  };
}

function toErrorBody(error: FastifyError): ErrorBody {
  if (error instanceof AppError) return errorBody(error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath}`,
      message: issue.message,
    }));
    const first = issues[0];
    const message = first === undefined ? undefined : `${first.path}: ${first.message}`;
    return errorBody('VALIDATION_FAILED', message, { issues });
  }
  const mapped = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
  if (mapped !== undefined) return errorBody(mapped, error.message);
  // Any other 4xx Fastify raises (bad headers, unsupported encodings) is still the client's fault.
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return errorBody('VALIDATION_FAILED', error.message);
  }
  return errorBody('INTERNAL');
}
