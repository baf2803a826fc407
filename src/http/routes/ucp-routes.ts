import type { FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from '../../admission/index.js';
import { createToolEndpoint } from '../../protocols/mcp/mcp-endpoint.js';
import { registerUcpTools } from '../../protocols/mcp/ucp-tools.js';
import { errorBody, UcpError } from '../../protocols/ucp/ucp-messages.js';
import {
  CAPABILITIES,
  TEST_CARD_HANDLER,
  TEST_CARD_HANDLER_ID,
  UCP_VERSION,
} from '../../protocols/ucp/ucp-meta.js';
import { agentProfileOf, toUcpError, type UcpOperation } from '../../protocols/ucp/ucp-operations.js';
import { publicOrigin } from '../public-origin.js';
import type { RouteContext } from '../route-context.js';
import type { RouteModule, ZodServer } from '../server.js';
import { agentRouteScope, type ProtocolErrors } from './agent-route-scope.js';
import { serveMcp } from './mcp-routes.js';
import { serveTestCardHandler } from './test-card-handler.js';

/** Where the REST binding lives; the profile at /.well-known/ucp names it. */
export const UCP_BASE = '/ucp';

/** UCP's words for refusals. */
const UCP_ERRORS: ProtocolErrors<UcpError> = {
  known: toUcpError,
  plain: (status, code, message) => new UcpError(status, code, message),
  body: errorBody,
  internal: () => new UcpError(500, 'internal', 'An unexpected error occurred.'),
  failure: 'ucp request failed',
};

/** The business profile: the shopping service's two bindings, the capabilities and the handler. */
export function businessProfile(origin: string, transports: readonly ('rest' | 'mcp')[]) {
  const version = UCP_VERSION;
  const schema = (path: string) => `https://ucp.dev/schemas/shopping/${path}`;
  return {
    ucp: {
      version,
      services: {
        'dev.ucp.shopping': transports.map((transport) => ({
          version,
          transport,
          endpoint: transport === 'rest' ? `${origin}${UCP_BASE}` : `${origin}${UCP_BASE}/mcp`,
        })),
      },
      capabilities: {
        [CAPABILITIES.checkout]: [{ version, schema: schema('checkout.json') }],
        [CAPABILITIES.cart]: [{ version, schema: schema('cart.json') }],
        [CAPABILITIES.discount]: [
          { version, schema: schema('discount.json'), extends: [CAPABILITIES.checkout, CAPABILITIES.cart] },
        ],
        [CAPABILITIES.fulfillment]: [
          { version, schema: schema('fulfillment.json'), extends: CAPABILITIES.checkout },
        ],
        [CAPABILITIES.order]: [{ version, schema: schema('order.json') }],
        [CAPABILITIES.search]: [{ version, schema: schema('catalog_search.json') }],
        [CAPABILITIES.lookup]: [{ version, schema: schema('catalog_lookup.json') }],
      },
      payment_handlers: {
        [TEST_CARD_HANDLER]: [
          {
            id: TEST_CARD_HANDLER_ID,
            version,
            spec: `${origin}${UCP_BASE}/handlers/test_card`,
            schema: `${origin}${UCP_BASE}/handlers/test_card/instrument.json`,
            available_instruments: [{ type: 'card' }],
          },
        ],
      },
    },
  };
}

/**
 * The Universal Commerce Protocol's shopping service, REST binding, under `/ucp` (the business
 * profile at `/.well-known/ucp`). Every request names its platform in `UCP-Agent` and is checked
 * against the spec's schemas resolved for its operation; every operation that changes something
 * needs an `Idempotency-Key` and replays its first answer. Business outcomes (stock, address,
 * codes, a declined card) come back in `messages[]` of a 2xx answer; refusals of the request in
 * UCP's error response with a 4xx status.
 */
export const ucpRoutes: RouteModule = async (root, context) => {
  if (!context.config.agentProtocols.has('ucp')) return;
  await root.register(async (server) => ucpScope(server as ZodServer, context));
  const endpoint = createToolEndpoint({
    name: 'rushcart-ucp',
    version: UCP_VERSION,
    instructions: UCP_MCP_INSTRUCTIONS,
    onError: (error) => root.log.warn({ err: error }, 'ucp mcp request failed'),
    register: (server, caller) =>
      registerUcpTools(server, { ...caller, onError: (error) => root.log.warn({ err: error }) }, context.ucp),
  });
  serveMcp(
    root,
    context,
    `${UCP_BASE}/mcp`,
    endpoint,
    "UCP shopping service, MCP binding (the same operations as /ucp's REST)",
  );
};

/** What the UCP MCP server tells an agent before it calls anything. */
const UCP_MCP_INSTRUCTIONS = [
  `Rushcart's UCP shopping service (version ${UCP_VERSION}), acting for the shopper whose bearer token you sent.`,
  'Every tool takes meta: { "ucp-agent": { profile }, "idempotency-key" }; the key is required by every tool that changes something.',
  'Money is integer minor units with a currency. complete_checkout charges the total the checkout last showed:',
  'call it only after the buyer approved that total. Business problems come back in messages[].',
].join(' ');

function ucpScope(server: ZodServer, context: RouteContext): void {
  // The profile and handler documents stay in the REST API's shape; the operations speak UCP.
  const errorHandler = agentRouteScope(server, UCP_ERRORS, `${UCP_BASE}/`);
  const operations = context.ucp;
  const originOf = (request: FastifyRequest) => publicOrigin(context.config, request);

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (typeof request.headers['request-id'] === 'string')
      reply.header('request-id', request.headers['request-id']);
    await context.requireShopper(request);
    await context.identifyAgent(request);
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
  /** Runs the operation for this request and answers it with UCP's headers. */
  const answer = async (request: FastifyRequest, reply: FastifyReply, operation: UcpOperation) => {
    const key = header(request, 'idempotency-key');
    const outcome = await operations.run({
      shopperId: request.shopperId,
      operation,
      id: (request.params as { id?: string }).id,
      body: request.body,
      idempotencyKey: key,
      agentProfile: agentProfileOf(header(request, 'ucp-agent')),
      origin: originOf(request),
      agentId: request.agentId,
    });
    if (key !== undefined && !operation.startsWith('get_') && operation !== 'search_catalog')
      reply.header('idempotency-key', key);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.status).send(outcome.body);
  };
  const route = (method: 'GET' | 'POST' | 'PUT', url: string, operation: UcpOperation, summary: string) =>
    server.route({
      method,
      url: `${UCP_BASE}${url}`,
      ...documented(`UCP: ${summary}`),
      handler: (request, reply) => answer(request, reply, operation),
    });

  route('POST', '/checkout-sessions', 'create_checkout', 'create a checkout session');
  route('GET', '/checkout-sessions/:id', 'get_checkout', 'get a checkout session');
  route('PUT', '/checkout-sessions/:id', 'update_checkout', 'update a checkout session (full replacement)');
  route(
    'POST',
    '/checkout-sessions/:id/complete',
    'complete_checkout',
    'complete a checkout session (pays and places the order)',
  );
  route('POST', '/checkout-sessions/:id/cancel', 'cancel_checkout', 'cancel a checkout session');
  route('POST', '/carts', 'create_cart', 'create a cart');
  route('GET', '/carts/:id', 'get_cart', 'get a cart');
  route('PUT', '/carts/:id', 'update_cart', 'update a cart (full replacement)');
  route('POST', '/carts/:id/cancel', 'cancel_cart', 'cancel a cart');
  route('GET', '/orders/:id', 'get_order', 'get an order');
  route('POST', '/catalog/search', 'search_catalog', 'search the catalog');
  route('POST', '/catalog/lookup', 'lookup_catalog', 'look products and variants up by id');
  route('POST', '/catalog/product', 'get_product', 'one product, with option availability for a selection');

  const open = { config: { admission: Admission.browse }, schema: { hide: true } };
  server.get('/.well-known/ucp', open, async (request) =>
    businessProfile(originOf(request), ['rest', 'mcp']),
  );
  serveTestCardHandler(server, `${UCP_BASE}/handlers/test_card`, originOf, () => ({
    id: TEST_CARD_HANDLER_ID,
    name: TEST_CARD_HANDLER,
    version: UCP_VERSION,
  }));
}
