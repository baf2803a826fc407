import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/app-error.js';
import { ERROR_CATALOG, type ErrorCode } from '../../shared/error-catalog.js';
import type { ZodServer } from '../server.js';

/** A protocol's refusal: its HTTP status, and how long a client should wait, if it should. */
export interface ProtocolRefusal {
  readonly status: number;
  readonly retryAfterSeconds?: number | undefined;
}

/** How one agent protocol (ACP, UCP) words refusals. */
export interface ProtocolErrors<E extends ProtocolRefusal> {
  /** Ours (AppError) or the protocol's own, in its words; undefined for what is no known refusal. */
  known(error: unknown): E | undefined;
  /** A refusal with only a status and a code (the framework's, or one the catalog lacks). */
  plain(status: number, code: string, message: string): E;
  /** The protocol's error body. */
  body(error: E): Record<string, unknown>;
  /** What a failure on our side is answered, with no detail. */
  internal(): E;
  /** The log message for such a failure. */
  readonly failure: string;
}

/**
 * Prepares a protocol's route scope: a JSON body parser that takes an empty body as none and keeps
 * the raw text (for a Signature over it), and admission's early refusals (shed, IP and device
 * limits, in the REST API's shape) reworded in the protocol's shape with their status and
 * Retry-After, for URLs under `prefix`. Answers the error handler its routes use.
 */
export function agentRouteScope<E extends ProtocolRefusal>(
  server: ZodServer,
  errors: ProtocolErrors<E>,
  prefix: string,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const json = server.getDefaultJsonParser('error', 'error');
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = String(body);
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    json(request, String(body), done);
  });
  server.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith(prefix)) return payload;
    if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{"error":'))
      return payload;
    const { error } = JSON.parse(payload) as { error: { code: string; message: string } };
    const known =
      error.code in ERROR_CATALOG
        ? errors.known(new AppError(error.code as ErrorCode, error.message))
        : undefined;
    return JSON.stringify(
      errors.body(known ?? errors.plain(reply.statusCode, error.code.toLowerCase(), error.message)),
    );
  });

  const send = (reply: FastifyReply, error: E) => {
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.status(error.status).send(errors.body(error));
  };
  return (error, _request, reply) => {
    const known = errors.known(error);
    if (known !== undefined) return send(reply, known);
    const framework = error as FastifyError;
    if (typeof framework.statusCode === 'number' && framework.statusCode < 500) {
      const code = framework.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid';
      return send(reply, errors.plain(framework.statusCode, code, framework.message));
    }
    reply.log.error({ err: error }, errors.failure);
    return send(reply, errors.internal());
  };
}
