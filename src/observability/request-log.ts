import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Statuses of the answers admission refuses with under a crowd: no ticket, rate limited, shed. */
const REFUSALS = new Set([428, 429, 503]);

/**
 * Fastify's per-request log lines, made affordable under a crowd. One line per request, when it
 * completes, with the request and the answer (Fastify logs two: `incoming request`, which this
 * keeps at debug, and `request completed`). Refusal answers (428, 429, 503 without an error) are
 * logged one in `refusalsEvery`, with the count since the last one: at crowd rates pino's line
 * per refusal cost more CPU than the refusal itself, and the metrics count every one of them.
 * Errors are always logged.
 */
export class RequestLog extends LogController {
  private refusals = 0;

  constructor(private readonly refusalsEvery: number) {
    super();
  }

  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error !== null && error !== undefined) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
      return;
    }
    if (REFUSALS.has(reply.statusCode)) {
      this.refusals += 1;
      if (this.refusals < this.refusalsEvery) return;
      reply.log.info(
        { req: request, res: reply, responseTime: reply.elapsedTime, refusals: this.refusals },
        'requests refused (sampled)',
      );
      this.refusals = 0;
      return;
    }
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
