import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from '../../admission/index.js';
import type { AcpDefinition } from '../../protocols/acp/acp-schemas.js';
import type { AcpAnswer } from '../../protocols/acp/acp-service.js';
import { ACP_VERSION, testCardHandler } from '../../protocols/acp/acp-view.js';
import { AcpError, type CompleteInput, type SessionInput } from '../../protocols/acp/session-input.js';
import { isAppError } from '../../shared/app-error.js';
import { runIdempotent, type StoredResponse } from '../../shared/idempotency.js';
import type { RouteContext } from '../route-context.js';
import type { RouteModule, ZodServer } from '../server.js';

const BASE = '/acp';
const SUPPORTED_VERSIONS = [ACP_VERSION];

/** ACP's error body. */
function errorBody(error: AcpError) {
  return {
    type: error.type,
    code: error.code,
    message: error.message,
    ...(error.param === undefined ? {} : { param: error.param }),
    ...(error.code === 'unsupported_api_version' ? { supported_versions: SUPPORTED_VERSIONS } : {}),
  };
}

/** Our edge's errors (auth, idempotency, bodies) in ACP's words. */
function toAcpError(error: unknown): AcpError | undefined {
  if (error instanceof AcpError) return error;
  if (isAppError(error)) {
    const retryAfter = error.details?.retryAfterSeconds as number | undefined;
    const codes: Record<string, [number, string]> = {
      IDEMPOTENCY_KEY_REQUIRED: [400, 'idempotency_key_required'],
      IDEMPOTENCY_CONFLICT: [422, 'idempotency_conflict'],
      IDEMPOTENCY_IN_FLIGHT: [409, 'idempotency_in_flight'],
      UNAUTHENTICATED: [401, 'unauthorized'],
      VALIDATION_FAILED: [400, 'invalid'],
      RATE_LIMITED: [429, 'rate_limited'],
    };
    const [status, code] = codes[error.code] ?? [error.status, error.code.toLowerCase()];
    return new AcpError(
      status,
      status >= 500 ? 'processing_error' : 'invalid_request',
      code,
      error.message,
      undefined,
      retryAfter,
    );
  }
  const framework = error as FastifyError;
  if (typeof framework.statusCode === 'number' && framework.statusCode < 500) {
    const code = framework.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid';
    return new AcpError(framework.statusCode, 'invalid_request', code, framework.message);
  }
  return undefined;
}

function send(reply: FastifyReply, error: AcpError) {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(error.status).send(errorBody(error));
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
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    json(request, String(body), done);
  });
  const { service, schemas, record } = context.agentCheckout;
  // The configured public origin when there is one: the Host header is the client's to choose.
  const originOf = (request: FastifyRequest) =>
    context.config.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;

  const errorHandler = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const known = toAcpError(error);
    if (known !== undefined) return send(reply, known);
    reply.log.error({ err: error }, 'acp request failed');
    return send(reply, new AcpError(500, 'processing_error', 'internal', 'An unexpected error occurred.'));
  };
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (typeof request.headers['request-id'] === 'string')
      reply.header('request-id', request.headers['request-id']);
    await context.requireShopper(request);
    const version = request.headers['api-version'];
    if (typeof version !== 'string' || !SUPPORTED_VERSIONS.includes(version)) {
      throw new AcpError(
        400,
        'invalid_request',
        'unsupported_api_version',
        `Send API-Version: ${ACP_VERSION}; this seller supports ${SUPPORTED_VERSIONS.join(', ')}.`,
        'API-Version',
      );
    }
  };
  /** The body, once the spec's schema accepts it as `definition`. */
  const checked = <T>(definition: AcpDefinition, body: unknown): T => {
    const problem = schemas.check(definition, body ?? {});
    if (problem !== undefined) {
      throw new AcpError(
        400,
        'invalid_request',
        'invalid',
        `${problem.param} ${problem.message}`,
        problem.param,
      );
    }
    return (body ?? {}) as T;
  };
  const documented = (summary: string) => ({
    config: { admission: Admission.agent },
    preHandler,
    errorHandler,
    schema: { tags: ['agents'], summary, security: [{ bearer: [] }] },
  });

  /** Runs a POST under its Idempotency-Key; retryable refusals are not kept, so a retry runs again. */
  const idempotent = async (
    request: FastifyRequest,
    reply: FastifyReply,
    scope: string,
    run: () => Promise<AcpAnswer>,
  ) => {
    const key = request.headers['idempotency-key'];
    const result = await runIdempotent(
      context.idempotency,
      {
        scope: `${request.shopperId}:ACP ${scope}`,
        key: Array.isArray(key) ? undefined : key,
        body: request.body ?? {},
      },
      async (commit) => {
        let response: StoredResponse;
        try {
          response = await run();
        } catch (error) {
          if (!(error instanceof AcpError) || error.status >= 500 || error.retryAfterSeconds !== undefined)
            throw error;
          response = { status: error.status, body: errorBody(error) };
        }
        await commit(record, response);
        return response;
      },
    );
    if (typeof key === 'string') reply.header('idempotency-key', key);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(result.status).send(result.body);
  };

  server.post(
    `${BASE}/checkout_sessions`,
    documented('ACP: create a checkout session'),
    async (request, reply) =>
      idempotent(request, reply, 'POST /checkout_sessions', async () => {
        const body = checked<SessionInput>('CheckoutSessionCreateRequest', request.body);
        return service.create(request.shopperId, body, originOf(request));
      }),
  );
  server.get(
    `${BASE}/checkout_sessions/:id`,
    documented('ACP: get a checkout session'),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const answer = await service.get(request.shopperId, id, originOf(request));
      return reply.status(answer.status).send(answer.body);
    },
  );
  server.post(
    `${BASE}/checkout_sessions/:id`,
    documented('ACP: update a checkout session'),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return idempotent(request, reply, `POST /checkout_sessions/${id}`, async () =>
        service.update(
          request.shopperId,
          id,
          checked<SessionInput>('CheckoutSessionUpdateRequest', request.body),
          originOf(request),
        ),
      );
    },
  );
  server.post(
    `${BASE}/checkout_sessions/:id/complete`,
    documented('ACP: complete a checkout session (pays and places the order)'),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return idempotent(request, reply, `POST /checkout_sessions/${id}/complete`, async () => {
        const body = checked<CompleteInput>('CheckoutSessionCompleteRequest', request.body);
        return service.complete(request.shopperId, id, body, originOf(request));
      });
    },
  );
  server.post(
    `${BASE}/checkout_sessions/:id/cancel`,
    documented('ACP: cancel a checkout session'),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return idempotent(request, reply, `POST /checkout_sessions/${id}/cancel`, async () => {
        checked('CancelSessionRequest', request.body);
        return service.cancel(request.shopperId, id, originOf(request));
      });
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
  server.get(`${BASE}/handlers/test_card`, open, async (request) => ({
    ...testCardHandler(originOf(request)),
    instrument: { type: 'card', credential: { type: 'test_card', token: '<a test card number>' } },
    cards: {
      '4242424242424242': 'captured',
      '4000000000000002': 'declined (payment_declined in messages[])',
      '4000000000000259': 'the provider fails after a delay (502, nothing charged)',
    },
  }));
  server.get(`${BASE}/handlers/test_card/config.json`, open, async () => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { test_cards_documented_at: { type: 'string', format: 'uri' } },
  }));
  server.get(`${BASE}/handlers/test_card/instrument.json`, open, async () => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['type', 'credential'],
    properties: {
      type: { const: 'card' },
      credential: {
        type: 'object',
        required: ['type', 'token'],
        properties: { type: { const: 'test_card' }, token: { type: 'string', pattern: '^\\d{12,19}$' } },
      },
    },
  }));
}
