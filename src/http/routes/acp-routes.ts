import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from '../../admission/index.js';
import {
  type AcpOperation,
  acpErrorBody,
  SUPPORTED_VERSIONS,
  toAcpError,
} from '../../protocols/acp/acp-operations.js';
import { ACP_VERSION, delegatedCardHandler, testCardHandler } from '../../protocols/acp/acp-view.js';
import { AcpError } from '../../protocols/acp/session-input.js';
import { AppError } from '../../shared/app-error.js';
import { ERROR_CATALOG, type ErrorCode } from '../../shared/error-catalog.js';
import { publicOrigin } from '../public-origin.js';
import type { RouteContext } from '../route-context.js';
import type { RouteModule, ZodServer } from '../server.js';
import { serveTestCardHandler } from './test-card-handler.js';

const BASE = '/acp';

function send(reply: FastifyReply, error: AcpError) {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(error.status).send(acpErrorBody(error));
}

/** A refusal of the edge (auth, bodies, idempotency) in ACP's words. */
function refusalOf(error: unknown): AcpError | undefined {
  const known = toAcpError(error);
  if (known !== undefined) return known;
  const framework = error as FastifyError;
  if (typeof framework.statusCode === 'number' && framework.statusCode < 500) {
    const code = framework.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid';
    return new AcpError(framework.statusCode, 'invalid_request', code, framework.message);
  }
  return undefined;
}

/**
 * The Agentic Commerce Protocol's checkout sessions, version 2026-04-17, under `/acp` (discovery at
 * `/.well-known/acp.json`). Every request is checked against the spec's JSON Schema; every POST
 * needs an `Idempotency-Key`, replays its first answer (`Idempotent-Replayed: true`), and answers
 * 422 for the same key with another body and 409 while the first is still running. Business
 * problems (stock, address, codes, a declined card) come back in `messages[]` of a 2xx answer.
 */
export const acpRoutes: RouteModule = async (root, context) => {
  if (!context.config.agentProtocols.has('acp')) return;
  await root.register(async (server) => acpScope(server as ZodServer, context));
};

/** The routes, in their own scope: there a POST without a body (a cancel) is an empty request, not a 400. */
function acpScope(server: ZodServer, context: RouteContext): void {
  const json = server.getDefaultJsonParser('error', 'error');
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Kept as sent, for a Signature over it.
    request.rawBody = String(body);
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    json(request, String(body), done);
  });
  const operations = context.agentCheckout;
  // Admission refuses some requests before any route code runs (shed, IP and device limits), in
  // the REST API's shape; agents on these routes get ACP's, with the same status and Retry-After.
  server.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{"error":'))
      return payload;
    const { error } = JSON.parse(payload) as { error: { code: string; message: string } };
    const known =
      error.code in ERROR_CATALOG
        ? toAcpError(new AppError(error.code as ErrorCode, error.message))
        : undefined;
    const acpError =
      known ?? new AcpError(reply.statusCode, 'invalid_request', error.code.toLowerCase(), error.message);
    return JSON.stringify(acpErrorBody(acpError));
  });
  const originOf = (request: FastifyRequest) => publicOrigin(context.config, request);

  const errorHandler = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const known = refusalOf(error);
    if (known !== undefined) return send(reply, known);
    reply.log.error({ err: error }, 'acp request failed');
    return send(reply, new AcpError(500, 'processing_error', 'internal', 'An unexpected error occurred.'));
  };
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (typeof request.headers['request-id'] === 'string')
      reply.header('request-id', request.headers['request-id']);
    await context.requireShopper(request);
    await context.identifyAgent(request);
    const signature = header(request, 'signature');
    if (signature !== undefined) {
      if (request.agentId === undefined)
        throw new AppError('SIGNATURE_INVALID', 'A signed request names its agent with X-API-Key.');
      context.agents.verifySignature(
        request.agentId,
        signature,
        header(request, 'timestamp'),
        request.rawBody ?? '',
      );
    }
  };
  const documented = (summary: string) => ({
    config: { admission: Admission.agent },
    preHandler,
    errorHandler,
    schema: { tags: ['agents'], summary, security: [{ bearer: [] }] },
  });
  const header = (request: FastifyRequest, name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  /** Runs the operation for this request and answers it with the ACP headers. */
  const answer = async (request: FastifyRequest, reply: FastifyReply, operation: AcpOperation) => {
    const key = header(request, 'idempotency-key');
    const outcome = await operations.run({
      shopperId: request.shopperId,
      operation,
      sessionId: (request.params as { id?: string }).id,
      body: request.body,
      idempotencyKey: key,
      apiVersion: header(request, 'api-version'),
      origin: originOf(request),
      agentId: request.agentId,
    });
    if (key !== undefined && operation !== 'get') reply.header('idempotency-key', key);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.status).send(outcome.body);
  };

  server.post(`${BASE}/checkout_sessions`, documented('ACP: create a checkout session'), (request, reply) =>
    answer(request, reply, 'create'),
  );
  server.get(`${BASE}/checkout_sessions/:id`, documented('ACP: get a checkout session'), (request, reply) =>
    answer(request, reply, 'get'),
  );
  server.post(
    `${BASE}/checkout_sessions/:id`,
    documented('ACP: update a checkout session'),
    (request, reply) => answer(request, reply, 'update'),
  );
  server.post(
    `${BASE}/checkout_sessions/:id/complete`,
    documented('ACP: complete a checkout session (pays and places the order)'),
    (request, reply) => answer(request, reply, 'complete'),
  );
  server.post(
    `${BASE}/checkout_sessions/:id/cancel`,
    documented('ACP: cancel a checkout session'),
    (request, reply) => answer(request, reply, 'cancel'),
  );

  server.post(
    `${BASE}/agentic_commerce/delegate_payment`,
    documented('ACP: delegate a card for one checkout session (the test provider’s vault)'),
    async (request, reply) => {
      const version = header(request, 'api-version');
      if (version === undefined || !SUPPORTED_VERSIONS.includes(version)) {
        throw new AcpError(
          400,
          'invalid_request',
          'unsupported_api_version',
          `Send API-Version ${ACP_VERSION}; this provider supports ${SUPPORTED_VERSIONS.join(', ')}.`,
          'API-Version',
        );
      }
      const key = header(request, 'idempotency-key');
      const outcome = await context.delegatedPayments.delegate(request.shopperId, request.body, key);
      if (key !== undefined) reply.header('idempotency-key', key);
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(outcome.status).send(outcome.body);
    },
  );

  const open = { config: { admission: Admission.browse }, schema: { hide: true } };
  server.get('/.well-known/acp.json', open, async (request) => ({
    protocol: { name: 'acp', version: ACP_VERSION, supported_versions: SUPPORTED_VERSIONS },
    api_base_url: `${originOf(request)}${BASE}`,
    transports: context.config.agentProtocols.has('mcp') ? ['rest', 'mcp'] : ['rest'],
    capabilities: {
      services: ['checkout'],
      extensions: [{ name: 'discount' }],
      supported_currencies: ['usd'],
    },
  }));
  serveTestCardHandler(server, `${BASE}/handlers/test_card`, originOf, (origin) => testCardHandler(origin));
  server.get(`${BASE}/handlers/delegated_card`, open, async (request) => ({
    ...delegatedCardHandler(originOf(request)),
    instrument: {
      type: 'card',
      credential: { type: 'spt', token: '<the vt_ token delegate_payment answered>' },
    },
    how: 'POST /acp/agentic_commerce/delegate_payment with the card and an allowance (one_time, max_amount, currency, checkout_session_id, merchant_id, expires_at) answers a vt_ token; complete the session named in the allowance with it. A total above max_amount, another session, or an expired allowance is refused and nothing is charged.',
  }));
  server.get(`${BASE}/handlers/delegated_card/config.json`, open, async () => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { delegate_payment_url: { type: 'string', format: 'uri' } },
  }));
  server.get(`${BASE}/handlers/delegated_card/instrument.json`, open, async () => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['type', 'credential'],
    properties: {
      type: { const: 'card' },
      credential: {
        type: 'object',
        required: ['type', 'token'],
        properties: { type: { const: 'spt' }, token: { type: 'string', pattern: '^vt_[0-9a-f]{32}$' } },
      },
    },
  }));
}
