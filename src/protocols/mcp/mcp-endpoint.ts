import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import type { AssistantServices } from '../../assistant/index.js';
import type { AcpOperations } from '../acp/acp-operations.js';
import type { ConfirmationTokens } from '../confirmation-tokens.js';
import { registerAcpTools } from './acp-tools.js';
import { registerMoneyTools } from './money-tools.js';
import { registerShopTools } from './shop-tools.js';

/** What the MCP server tells an agent about the store before it calls anything. */
const INSTRUCTIONS = [
  'Rushcart store tools, acting for the shopper whose bearer token you sent.',
  'Money is integer minor units with a currency (amount 2099, currency USD is $20.99).',
  'checkout, cancel_order and return_items run in two calls: the first answers a summary and a',
  'confirmationToken; show the summary to the shopper, and only after a plain yes call the same',
  'tool with the same arguments and the token. Never confirm on the shopper’s behalf.',
  'A refused call has isError and structuredContent.error.code; RATE_LIMITED, OVERLOADED and',
  'QUEUE_TICKET_REQUIRED say how long to wait before calling again.',
].join(' ');

/** One MCP endpoint: a web-standard handler answering each request with a fresh, stateless server. */
export interface McpEndpoint {
  /** Serves one HTTP exchange for the shopper the caller authenticated. */
  handle(
    request: Request,
    caller: { shopperId: string; token: string; origin: string; agentId?: string | undefined },
    parsedBody: unknown,
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Dependencies of the MCP endpoint. */
export interface McpEndpointDeps {
  readonly services: AssistantServices;
  readonly confirmations: ConfirmationTokens;
  readonly version: string;
  /** ACP's operations, served as its MCP binding beside the store tools; none serves none. */
  readonly acp?: AcpOperations | undefined;
  /** Unexpected tool and transport errors (never sent to the agent). */
  readonly onError: (error: unknown) => void;
}

/** Who a request acts for, as the route authenticated it. */
export interface McpCaller {
  readonly shopperId: string;
  readonly origin: string;
  /** The agent platform calling, when it sent its key. */
  readonly agentId?: string | undefined;
}

/**
 * Builds the endpoint over the MCP TypeScript SDK (v2, protocol 2026-07-28, sessionless; a
 * 2025-era client is served statelessly too). Every request gets its own McpServer whose tools act
 * for the authenticated shopper only: no tool takes a shopper id.
 */
export function createMcpEndpoint(deps: McpEndpointDeps): McpEndpoint {
  return createToolEndpoint({
    name: 'rushcart',
    version: deps.version,
    instructions: INSTRUCTIONS,
    onError: deps.onError,
    register(server, { shopperId, origin, agentId }) {
      const scope = { services: deps.services, shopperId, agentId, onError: deps.onError };
      registerShopTools(server, scope);
      registerMoneyTools(server, scope, deps.confirmations);
      if (deps.acp !== undefined)
        registerAcpTools(server, { shopperId, origin, agentId, onError: deps.onError }, deps.acp);
    },
  });
}

/**
 * An MCP endpoint whose tools `register` adds to a fresh, stateless server per request, for the
 * caller the route authenticated. An instance without a caller has no tools.
 */
export function createToolEndpoint(options: {
  readonly name: string;
  readonly version: string;
  readonly instructions: string;
  readonly onError: (error: unknown) => void;
  register(server: McpServer, caller: McpCaller): void;
}): McpEndpoint {
  const handler = createMcpHandler(
    (context) => {
      const server = new McpServer(
        { name: options.name, version: options.version },
        { instructions: options.instructions },
      );
      const shopperId = context.authInfo?.extra?.shopperId;
      // The route authenticates before the handler runs; an instance without a shopper has no tools.
      if (typeof shopperId !== 'string') return server;
      const agentId = context.authInfo?.extra?.agentId;
      options.register(server, {
        shopperId,
        origin: String(context.authInfo?.extra?.origin ?? ''),
        agentId: typeof agentId === 'string' ? agentId : undefined,
      });
      return server;
    },
    { legacy: 'stateless', onerror: options.onError },
  );
  return {
    handle: (request, { shopperId, token, origin, agentId }, parsedBody) =>
      handler.fetch(request, {
        authInfo: { token, clientId: shopperId, scopes: [], extra: { shopperId, origin, agentId } },
        ...(parsedBody === undefined ? {} : { parsedBody }),
      }),
    close: () => handler.close(),
  };
}
