import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from '../../admission/index.js';
import { createMcpEndpoint, type McpEndpoint } from '../../protocols/mcp/mcp-endpoint.js';
import { AppError } from '../../shared/app-error.js';
import { publicOrigin } from '../public-origin.js';
import type { RouteContext } from '../route-context.js';
import type { RouteModule } from '../server.js';

/**
 * The MCP server at `/mcp` (Streamable HTTP, stateless): outside agents shop with the same tools,
 * rate limits, shedding, waiting rooms and confirmation rules as our own assistant. The shopper's
 * bearer token is checked before the body is handed to the SDK.
 */
export const mcpRoutes: RouteModule = (server, context) => {
  if (!context.config.agentProtocols.has('mcp')) return;
  const endpoint = createMcpEndpoint({
    services: context.shopping,
    confirmations: context.confirmations,
    version: '1.0.0',
    acp: context.config.agentProtocols.has('acp') ? context.agentCheckout : undefined,
    onError: (error) => server.log.warn({ err: error }, 'mcp request failed'),
  });
  serveMcp(
    server,
    context,
    '/mcp',
    endpoint,
    'MCP server (Streamable HTTP, JSON-RPC 2.0): the store tools for outside AI agents',
  );
};

/**
 * Serves an MCP endpoint at `url` (Streamable HTTP, stateless) for authenticated shoppers, admitted
 * as agents; a page of another origin is refused, and the shopper's bearer token is checked before
 * the body is handed to the SDK.
 */
export function serveMcp(
  server: FastifyInstance,
  context: RouteContext,
  url: string,
  endpoint: McpEndpoint,
  summary: string,
): void {
  server.addHook('onClose', async () => endpoint.close());

  /** A browser page from another site must not drive the shopper's agent session (DNS rebinding). */
  const sameOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== request.headers.host)
      throw new AppError('FORBIDDEN', 'Cross-origin MCP requests are refused.');
    reply.header('vary', 'origin');
  };
  const authenticated = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await context.requireShopper(request);
    } catch (error) {
      reply.header('www-authenticate', 'Bearer realm="rushcart", error="invalid_token"');
      throw error;
    }
    await context.identifyAgent(request);
  };

  server.route({
    method: ['POST', 'GET', 'DELETE'],
    url,
    config: { admission: Admission.agent },
    preHandler: [sameOrigin, authenticated],
    schema: {
      tags: ['agents'],
      summary,
      security: [{ bearer: [] }],
    },
    handler: async (request, reply) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers.set(name, value);
        else if (Array.isArray(value)) headers.set(name, value.join(', '));
      }
      const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`);
      const token = (request.headers.authorization ?? '').slice('Bearer '.length).trim();
      const response = await endpoint.handle(
        new Request(url, { method: request.method, headers }),
        {
          shopperId: request.shopperId,
          token,
          origin: publicOrigin(context.config, request),
          agentId: request.agentId,
        },
        request.method === 'POST' ? request.body : undefined,
      );
      return reply.send(response);
    },
  });
}
