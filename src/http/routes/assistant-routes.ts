import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import type { AssistantEvent } from '../../assistant/index.js';
import type { RouteModule } from '../server.js';
import { openEventStream } from '../sse.js';
import { ConversationHeader, ConversationMessages, PendingSchema } from './assistant-schemas.js';

const MessageBody = z
  .object({
    conversationId: z.string().min(1).max(64).optional(),
    text: z.string().trim().min(1).max(2_000),
  })
  .strict();

const CardSchema = z.object({ type: z.string(), data: z.unknown() });

const TurnResponse = z.object({
  conversationId: z.string(),
  text: z.string(),
  cards: z.array(CardSchema),
  pendingConfirmation: PendingSchema.optional(),
  model: z.object({ id: z.string(), degraded: z.boolean() }),
  answeredBy: z.enum(['assistant', 'human']),
});

const ConversationResponse = ConversationHeader.extend({ messages: ConversationMessages });

/** Shopper routes of the assistant: send a message (SSE or JSON) and read a conversation. */
export const assistantRoutes: RouteModule = (server, context) => {
  const assistant = context.assistant;
  server.post(
    '/api/v1/assistant/messages',
    {
      config: { admission: Admission.assistant },
      preHandler: context.requireShopper,
      bodyLimit: 8 * 1024,
      schema: {
        tags: ['assistant'],
        summary:
          'Send a message to the shopping assistant. Streams SSE (text-delta, tool-call, tool-result, cards, turn-end) unless Accept is application/json.',
        security: [{ bearer: [] }],
        body: MessageBody,
        response: { 200: TurnResponse },
      },
    },
    async (request, reply) => {
      const input = {
        shopperId: request.shopperId,
        conversationId: request.body.conversationId,
        text: request.body.text,
      };
      const accept = request.headers.accept ?? '';
      if (!accept.includes('text/event-stream') && accept.includes('application/json')) {
        return assistant.service.sendMessage(input);
      }
      // Answer ownership problems as a normal 4xx before the stream starts.
      if (input.conversationId !== undefined)
        await assistant.service.assertOwner(input.shopperId, input.conversationId);
      const write = openEventStream(reply, { 'x-request-id': request.id });
      const raw = reply.raw;
      const send = (event: AssistantEvent) => {
        const { type, ...data } = event;
        write(type, type === 'turn-end' ? event.result : data);
      };
      try {
        await assistant.service.sendMessage(input, send);
      } catch (error) {
        request.log.error({ err: error }, 'assistant turn failed');
        write('error', { error: { code: 'INTERNAL', message: 'The assistant could not answer.' } });
      }
      raw.end();
      return reply;
    },
  );

  server.get(
    '/api/v1/assistant/conversations/:id',
    {
      config: { admission: Admission.assistant },
      preHandler: context.requireShopper,
      schema: {
        tags: ['assistant'],
        summary: 'Read one of your conversations with the assistant',
        security: [{ bearer: [] }],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: ConversationResponse },
      },
    },
    async (request) => {
      const conversation = await assistant.service.getConversation(request.shopperId, request.params.id);
      const { shopperId: _owner, ...rest } = conversation;
      return rest;
    },
  );
};
