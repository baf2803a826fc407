import type { FastifyRequest } from 'fastify';
import type { AgentPlatforms } from '../protocols/agents/agent-platforms.js';
import { AppError } from '../shared/app-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The agent platform the request's `X-API-Key` names, set by `agentAuth`; unset without a key. */
    agentId?: string;
    /** The body as sent, on routes that verify a Signature over it (ACP). */
    rawBody?: string;
  }
}

/** Whether outside agents must name themselves with a key (`RUSHCART_AGENT_KEYS`). */
export type AgentKeyMode = 'optional' | 'required';

/**
 * A preHandler for agent protocol routes: a request with `X-API-Key` is the registered platform's,
 * counted against that platform's own rate limit (over every shopper it acts for) and recorded on
 * the orders it places. An unknown key is refused, never ignored. Without a key the request is
 * refused when the merchant requires keys, and served as before otherwise.
 */
export function agentAuth(platforms: AgentPlatforms, mode: AgentKeyMode) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers['x-api-key'];
    const key = typeof header === 'string' ? header.trim() : undefined;
    if (key === undefined || key === '') {
      if (mode === 'required') throw new AppError('AGENT_KEY_REQUIRED');
      return;
    }
    const platform = await platforms.authenticate(key);
    const verdict = await platforms.checkRate(platform);
    if (!verdict.ok) {
      throw new AppError(
        'RATE_LIMITED',
        `This agent is over its limit of ${platform.rate.points} requests per ${platform.rate.durationSeconds} s.`,
        {
          retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
        },
      );
    }
    request.agentId = platform.id;
  };
}
