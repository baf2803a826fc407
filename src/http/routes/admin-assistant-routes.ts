import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import type { RouteModule } from '../server.js';
import { ConversationHeader, ConversationMessages } from './assistant-schemas.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const Summary = ConversationHeader.extend({ shopperId: z.string() });
const Conversation = Summary.extend({ messages: ConversationMessages });

/** Admin routes of the assistant: conversations, human takeover and the active model. */
export const adminAssistantRoutes: RouteModule = (server, context) => {
  const assistant = context.assistant;
  const admin = { onRequest: context.requireAdmin };
  const tags = ['admin', 'assistant'];
  const security = [{ bearer: [] }];

  server.get(
    '/api/v1/admin/conversations',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'List conversations, most recently active first',
        querystring: z
          .object({
            status: z.enum(['assistant', 'human']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(Summary) }) },
      },
    },
    async (request) => ({ items: await assistant.service.adminList(request.query) }),
  );

  server.get(
    '/api/v1/admin/conversations/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'Read a conversation',
        params: IdParams,
        response: { 200: Conversation },
      },
    },
    async (request) => assistant.service.adminRead(request.params.id),
  );

  server.post(
    '/api/v1/admin/conversations/:id/takeover',
    {
      config: { admission: Admission.exempt },
      ...admin,
      bodyLimit: 1024,
      schema: {
        tags,
        security,
        summary: 'A person takes the conversation over; the model stays silent until release',
        params: IdParams,
        body: z
          .object({ agent: z.string().trim().min(1).max(100).optional() })
          .strict()
          .optional(),
        response: { 200: Conversation },
      },
    },
    async (request) => assistant.service.takeover(request.params.id, request.body?.agent ?? 'support'),
  );

  server.post(
    '/api/v1/admin/conversations/:id/reply',
    {
      config: { admission: Admission.exempt },
      ...admin,
      bodyLimit: 8 * 1024,
      schema: {
        tags,
        security,
        summary: 'Reply to the shopper as a person (only while taken over)',
        params: IdParams,
        body: z.object({ text: z.string().trim().min(1).max(2_000) }).strict(),
        response: { 200: Conversation },
      },
    },
    async (request) => assistant.service.humanReply(request.params.id, request.body.text),
  );

  server.post(
    '/api/v1/admin/conversations/:id/release',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'Hand the conversation back to the assistant',
        params: IdParams,
        response: { 200: Conversation },
      },
    },
    async (request) => assistant.service.release(request.params.id),
  );

  server.get(
    '/api/v1/admin/assistant/model',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary:
          'The configured and active assistant model, the circuit breaker and the model policy decision',
        response: {
          200: z.object({
            configured: z.object({ provider: z.string(), model: z.string(), baseUrl: z.string().nullable() }),
            active: z.string(),
            breaker: z.string(),
            inFlight: z.number().int(),
            policy: z.object({
              rules: z.array(z.string()),
              decision: z.object({ allowed: z.boolean(), reason: z.string() }),
            }),
          }),
        },
      },
    },
    async () => assistant.modelStatus(),
  );
};
