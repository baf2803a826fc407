import type { McpServer, ToolAnnotations } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { type AcpOperation, type AcpOperations, acpErrorBody, toAcpError } from '../acp/acp-operations.js';
import { answer, refusedWith } from './tool-results.js';

/**
 * `meta` of the ACP MCP binding (openrpc.agentic_checkout.json): the REST headers as fields.
 * Authentication is the MCP server's (the bearer token), not a field.
 */
const Meta = z
  .object({
    api_version: z.string().describe("ACP API version, e.g. '2026-04-17' (the API-Version header)"),
    idempotency_key: z
      .string()
      .max(255)
      .optional()
      .describe('the Idempotency-Key header; required except for get'),
    request_id: z.string().max(255).optional(),
  })
  .loose();
const SessionId = z.string().min(1).max(128);
/** The answer is an ACP CheckoutSession; the spec's JSON Schema (checked in our tests) has the rest. */
const Session = z
  .object({ id: z.string(), status: z.string(), currency: z.string(), line_items: z.array(z.unknown()) })
  .loose()
  .describe('an ACP CheckoutSession (CheckoutSessionWithOrder once completed), version 2026-04-17');
const Payload = z
  .record(z.string(), z.unknown())
  .describe('the REST request body, checked against the ACP JSON Schema');

const TOOLS: readonly {
  name: string;
  operation: AcpOperation;
  description: string;
  annotations: ToolAnnotations;
}[] = [
  {
    name: 'create_checkout_session',
    operation: 'create',
    description: 'ACP: create a checkout session from items (line_items: [{ id: <variant id> }]).',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'get_checkout_session',
    operation: 'get',
    description: 'ACP: the checkout session as it is now.',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'update_checkout_session',
    operation: 'update',
    description: 'ACP: change items, buyer, address or discount codes of a session.',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'complete_checkout_session',
    operation: 'complete',
    description:
      'ACP: pay and place the order, at the total the session last showed. Only after the buyer approved that total.',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'cancel_checkout_session',
    operation: 'cancel',
    description: 'ACP: cancel a session that is not completed.',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  },
];

/**
 * Registers ACP's MCP binding: five tools mapping one to one onto the REST operations, run by the
 * same code (schemas, idempotency keys shared with REST, messages[]). A session is the tool's
 * structured result; a refusal is `isError` with ACP's error body.
 */
export function registerAcpTools(
  server: McpServer,
  scope: {
    shopperId: string;
    origin: string;
    agentId?: string | undefined;
    onError: (error: unknown) => void;
  },
  operations: AcpOperations,
): void {
  for (const tool of TOOLS) {
    const input =
      tool.operation === 'create'
        ? z.object({ meta: Meta, payload: Payload }).strict()
        : tool.operation === 'get'
          ? z.object({ meta: Meta, id: SessionId }).strict()
          : z.object({ meta: Meta, id: SessionId, payload: Payload.optional() }).strict();
    server.registerTool(
      tool.name,
      {
        description: tool.description,
        inputSchema: input,
        outputSchema: Session,
        annotations: tool.annotations,
      },
      async (args: { meta: z.infer<typeof Meta>; id?: string; payload?: Record<string, unknown> }) => {
        try {
          const outcome = await operations.run({
            shopperId: scope.shopperId,
            operation: tool.operation,
            sessionId: args.id,
            body: args.payload ?? {},
            idempotencyKey: args.meta.idempotency_key,
            apiVersion: args.meta.api_version,
            origin: scope.origin,
            agentId: scope.agentId,
          });
          return outcome.status >= 400 ? refusedWith(outcome.body) : answer(outcome.body);
        } catch (error) {
          const known = toAcpError(error);
          if (known !== undefined) return refusedWith(acpErrorBody(known));
          scope.onError(error);
          return refusedWith({
            type: 'processing_error',
            code: 'internal',
            message: 'An unexpected error occurred.',
          });
        }
      },
    );
  }
}
