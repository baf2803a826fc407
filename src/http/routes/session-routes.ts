import { z } from 'zod';
import { Admission } from '../../admission/index.js';
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

/** Shopper sessions: a guest (or e-mail tagged) shopper and a signed bearer token. */
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
      const token = await context.tokens.sign({ shopperId: shopper.id });
      return reply.status(201).send({ token, shopper: { id: shopper.id } });
    },
  );
};
