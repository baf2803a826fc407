import type { FastifyReply, FastifyRequest } from 'fastify';
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
import { publicOrigin } from '../public-origin.js';
import type { RouteContext } from '../route-context.js';
import type { RouteModule, ZodServer } from '../server.js';
import { agentRouteScope, type ProtocolErrors } from './agent-route-scope.js';
import { serveTestCardHandler } from './test-card-handler.js';

const BASE = '/acp';

/** ACP's words for refusals. */
const ACP_ERRORS: ProtocolErrors<AcpError> = {
  known: toAcpError,
  plain: (status, code, message) => new AcpError(status, 'invalid_request', code, message),
  body: acpErrorBody,
  internal: () => new AcpError(500, 'processing_error', 'internal', 'An unexpected error occurred.'),
  failure: 'acp request failed',
};

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
  // Every answer of this scope, the discovery document's included, speaks ACP.
  const errorHandler = agentRouteScope(server, ACP_ERRORS, '');
  const operations = context.agentCheckout;
  const originOf = (request: FastifyRequest) => publicOrigin(context.config, request);

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
