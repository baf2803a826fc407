import type { McpServer, ToolAnnotations } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { errorBody, UcpError } from '../ucp/ucp-messages.js';
import { UCP_VERSION } from '../ucp/ucp-meta.js';
import { checkedProfile, toUcpError, type UcpOperation, type UcpOperations } from '../ucp/ucp-operations.js';
import { answer, refusedWith } from './tool-results.js';

/** `meta` of UCP's MCP binding (mcp.openrpc.json): the REST headers as fields. */
const Meta = z
  .object({
    'ucp-agent': z
      .object({ profile: z.string().max(2048).describe("the platform's profile URL, at /.well-known/ucp") })
      .loose(),
    'idempotency-key': z
      .string()
      .max(255)
      .optional()
      .describe('the Idempotency-Key header; required by every tool that changes something'),
  })
  .loose();
const Id = z.string().min(1).max(128);
const Payload = (what: string) =>
  z.record(z.string(), z.unknown()).describe(`the ${what}, checked against the UCP JSON Schemas`);
/** The answer is a UCP document; the spec's JSON Schemas (checked in our tests) have the rest. */
const Result = z
  .object({ ucp: z.object({ version: z.string(), status: z.string().optional() }).loose() })
  .loose()
  .describe(`a UCP ${UCP_VERSION} document: the checkout, cart, order or search result`);

const WRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
const DESTROY: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: false,
};
const READ: ToolAnnotations = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };

/** Each tool: its operation, the argument that carries the payload, and what it may change. */
const TOOLS: readonly {
  operation: UcpOperation;
  payload?: 'checkout' | 'cart' | 'catalog';
  id?: boolean;
  description: string;
  annotations: ToolAnnotations;
}[] = [
  {
    operation: 'create_checkout',
    payload: 'checkout',
    description:
      'UCP: open a checkout from line_items [{ item: { id: <variant id> }, quantity }] or a cart_id.',
    annotations: WRITE,
  },
  { operation: 'get_checkout', id: true, description: 'UCP: the checkout as it is now.', annotations: READ },
  {
    operation: 'update_checkout',
    id: true,
    payload: 'checkout',
    description: 'UCP: replace the items, buyer, shipping destination or discount codes of a checkout.',
    annotations: WRITE,
  },
  {
    operation: 'complete_checkout',
    id: true,
    payload: 'checkout',
    description:
      'UCP: pay and place the order, at the total the checkout last showed. Only after the buyer approved that total.',
    annotations: DESTROY,
  },
  {
    operation: 'cancel_checkout',
    id: true,
    description: 'UCP: cancel a checkout not completed.',
    annotations: DESTROY,
  },
  {
    operation: 'create_cart',
    payload: 'cart',
    description: 'UCP: a cart of line_items, priced, with discount codes.',
    annotations: WRITE,
  },
  { operation: 'get_cart', id: true, description: 'UCP: the cart as it is now.', annotations: READ },
  {
    operation: 'update_cart',
    id: true,
    payload: 'cart',
    description: 'UCP: replace the items or codes of a cart.',
    annotations: WRITE,
  },
  { operation: 'cancel_cart', id: true, description: 'UCP: cancel a cart.', annotations: DESTROY },
  {
    operation: 'get_order',
    id: true,
    description: 'UCP: an order, its lines and what happened to them.',
    annotations: READ,
  },
  {
    operation: 'search_catalog',
    payload: 'catalog',
    description:
      'UCP: search products (query, filters.categories, filters.price in minor units, pagination).',
    annotations: READ,
  },
  {
    operation: 'lookup_catalog',
    payload: 'catalog',
    description: 'UCP: products by product or variant ids (catalog: { ids: [...] }).',
    annotations: READ,
  },
  {
    operation: 'get_product',
    payload: 'catalog',
    description:
      'UCP: one product with every variant, and which option values exist and are in stock for a selection (catalog: { id, selected }).',
    annotations: READ,
  },
];

/**
 * Registers UCP's MCP binding: one tool per operation, named as mcp.openrpc.json names them and
 * run by the same code as the REST binding (schemas, idempotency keys shared with REST, messages[]).
 * The UCP document is the tool's structured result; an error response is `isError` with it.
 */
export function registerUcpTools(
  server: McpServer,
  scope: {
    shopperId: string;
    origin: string;
    agentId?: string | undefined;
    onError: (error: unknown) => void;
  },
  operations: UcpOperations,
): void {
  for (const tool of TOOLS) {
    const shape: Record<string, z.ZodType> = { meta: Meta };
    if (tool.id === true) shape.id = Id;
    if (tool.payload !== undefined) shape[tool.payload] = Payload(tool.payload);
    server.registerTool(
      tool.operation,
      {
        description: tool.description,
        inputSchema: z.object(shape).strict(),
        outputSchema: Result,
        annotations: tool.annotations,
      },
      async (args: Record<string, unknown>) => {
        const meta = args.meta as z.infer<typeof Meta>;
        try {
          const outcome = await operations.run({
            shopperId: scope.shopperId,
            operation: tool.operation,
            id: args.id as string | undefined,
            body: tool.payload === undefined ? {} : args[tool.payload],
            idempotencyKey: meta['idempotency-key'],
            agentProfile: checkedProfile(meta['ucp-agent'].profile),
            origin: scope.origin,
            agentId: scope.agentId,
          });
          return outcome.status >= 400 ? refusedWith(outcome.body) : answer(outcome.body);
        } catch (error) {
          const known = toUcpError(error);
          if (known !== undefined) return refusedWith(errorBody(known));
          scope.onError(error);
          return refusedWith(errorBody(new UcpError(500, 'internal', 'An unexpected error occurred.')));
        }
      },
    );
  }
}
