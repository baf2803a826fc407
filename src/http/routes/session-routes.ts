import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import { shopperFacts } from '../../fraud/shopper-facts.js';
import { AppError } from '../../shared/app-error.js';
import type { RouteModule } from '../server.js';

const SessionBody = z
  .object({
    email: z.email().max(254).optional(),
    deviceId: z.string().min(1).max(128).optional(),
  })
  .strict();

const SessionResponse = z.object({
  token: z.string(),
  shopper: z.object({ id: z.string() }),
});

const AgentSessionBody = z
  .object({
    buyer: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .describe("the agent's own reference for the person it shops for"),
  })
  .strict();

/**
 * Shopper sessions: a guest (or e-mail tagged) shopper and a signed bearer token; and, for a
 * registered agent platform (X-API-Key), a session for one of its buyers, the same shopper each time.
 */
export const sessionRoutes: RouteModule = (server, context) => {
  server.post(
    '/api/v1/sessions',
    {
      config: { admission: Admission.session },
      schema: {
        tags: ['sessions'],
        summary: 'Start a shopper session',
        // A guest may send no body at all.
        body: SessionBody.nullish(),
        response: { 201: SessionResponse },
      },
    },
    async (request, reply) => {
      const shopper = await context.shoppers.create({
        email: request.body?.email,
        deviceId: request.body?.deviceId,
      });
      // The risk screen then needs no read for this shopper's first claim on this node.
      context.fraud.remember(
        shopperFacts({
          shopperId: shopper.id,
          email: shopper.email ?? undefined,
          deviceId: shopper.deviceId ?? undefined,
          createdAt: shopper.createdAt,
          verifiedKey: undefined,
        }),
      );
      const token = await context.tokens.sign({ shopperId: shopper.id });
      return reply.status(201).send({ token, shopper: { id: shopper.id } });
    },
  );

  server.post(
    '/api/v1/agent/sessions',
    {
      config: { admission: Admission.session },
      preHandler: async (request) => {
        const header = request.headers['x-api-key'];
        if (typeof header !== 'string' || header.trim() === '') throw new AppError('AGENT_KEY_REQUIRED');
        await context.identifyAgent(request);
      },
      schema: {
        tags: ['agents'],
        summary: "Start a session for one of an agent platform's buyers (X-API-Key)",
        body: AgentSessionBody,
        response: { 201: SessionResponse.extend({ created: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const agentId = request.agentId as string;
      const { shopperId, created } = await context.agents.buyerShopper(
        agentId,
        request.body.buyer,
        async () => {
          const shopper = await context.shoppers.create({});
          return shopper.id;
        },
      );
      const token = await context.tokens.sign({ shopperId });
      return reply.status(201).send({ token, shopper: { id: shopperId }, created });
    },
  );
};
