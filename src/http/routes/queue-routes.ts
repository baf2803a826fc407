import { z } from 'zod';
import type { QueueAnswer, QueueRefusal } from '../../admission/index.js';
import { Admission, jitteredRetry, queueHints, queueRefusalOf } from '../../admission/index.js';
import { AppError } from '../../shared/app-error.js';
import type { RouteContext } from '../route-context.js';
import type { RouteModule } from '../server.js';

const CampaignParams = z.object({ id: z.string().min(1).max(200) }).strict();
const TicketParams = z
  .object({ id: z.string().min(1).max(200), ticket: z.string().min(1).max(128) })
  .strict();

const QueueResponse = z.object({
  ticket: z.string(),
  position: z.number().int().min(0),
  etaSeconds: z.number().int().min(0),
  admitted: z.boolean(),
  /** When to poll again (ms, jittered); clients should not poll sooner. */
  pollAfterMs: z.number().int().min(0),
  /**
   * When to send the claim with this ticket instead of polling (ms, jittered): a little before the
   * expected admission, since the server holds a claim that close until it is admitted.
   */
  claimAfterMs: z.number().int().min(0),
});

const RoomModeBody = z.object({ mode: z.enum(['auto', 'on', 'off']) }).strict();
const RoomResponse = z.object({
  campaignId: z.string(),
  mode: z.enum(['auto', 'on', 'off']),
  engaged: z.boolean(),
  exhausted: z.boolean(),
  queueLength: z.number(),
  admitRate: z.number(),
  arrivalRate: z.number(),
  completionRate: z.number(),
  issued: z.number(),
  admitted: z.number(),
});

/** The waiting room: join a campaign's queue, poll a ticket, and the merchant's switch. */
export const queueRoutes: RouteModule = (server, context) => {
  const admission = context.admission;

  server.post(
    '/api/v1/campaigns/:id/queue',
    {
      config: { admission: Admission.queue },
      preHandler: context.requireShopper,
      schema: {
        tags: ['campaigns'],
        summary: "Join a campaign's waiting room; claims need the ticket while the room is engaged",
        security: [{ bearer: [] }],
        params: CampaignParams,
        response: { 201: QueueResponse },
      },
    },
    async (request, reply) => {
      const campaignId = request.params.id;
      const availability =
        context.campaignAvailability.current(campaignId) ??
        (await context.campaignAvailability.load(campaignId));
      const refusal = queueRefusalOf(availability);
      if (refusal === 'CAMPAIGN_EXHAUSTED') admission.markExhausted(campaignId);
      if (refusal !== undefined) throw new AppError(refusal);
      const answer = admission.joinQueue(campaignId, request.shopperId);
      return reply.status(201).send(toResponse(answer, admission.options.holdMs));
    },
  );

  server.get(
    '/api/v1/campaigns/:id/queue/:ticket',
    {
      config: { admission: Admission.queue },
      preHandler: context.requireShopper,
      schema: {
        tags: ['campaigns'],
        summary: 'Where a waiting-room ticket stands; 410 once the campaign is exhausted',
        security: [{ bearer: [] }],
        params: TicketParams,
        response: { 200: QueueResponse },
      },
    },
    async (request) => {
      const { id: campaignId, ticket } = request.params;
      if (context.campaignAvailability.current(campaignId) === 'exhausted')
        admission.markExhausted(campaignId);
      let answer = admission.pollQueue(campaignId, request.shopperId, ticket);
      // Another node's ticket: where that node's room says it stands (through Redis).
      if (
        'refusal' in answer &&
        answer.refusal === 'unknown' &&
        admission.crossNode.isForeignTicket(campaignId, ticket)
      )
        answer = await admission.crossNode.pollForeign(campaignId, request.shopperId, ticket);
      return toResponse(answer, admission.options.holdMs);
    },
  );

  server.get(
    '/api/v1/admin/campaigns/:id/waiting-room',
    {
      config: { admission: Admission.exempt },
      onRequest: context.requireAdmin,
      schema: {
        tags: ['admin'],
        summary: "A campaign's waiting room: mode, engagement, queue length and admission rate",
        security: [{ bearer: [] }],
        params: CampaignParams,
        response: { 200: RoomResponse },
      },
    },
    async (request) => {
      await requireCampaign(context, request.params.id);
      return admission.rooms.get(request.params.id, admission.now()).snapshot(admission.now());
    },
  );

  server.post(
    '/api/v1/admin/campaigns/:id/waiting-room',
    {
      config: { admission: Admission.exempt },
      onRequest: context.requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Force the waiting room on or off, or let it engage by measurement (auto)',
        security: [{ bearer: [] }],
        params: CampaignParams,
        body: RoomModeBody,
        response: { 200: RoomResponse },
      },
    },
    async (request) => {
      await requireCampaign(context, request.params.id);
      return admission.setRoomMode(request.params.id, request.body.mode);
    },
  );
};

async function requireCampaign(context: RouteContext, campaignId: string): Promise<void> {
  const availability =
    context.campaignAvailability.current(campaignId) ?? (await context.campaignAvailability.load(campaignId));
  if (availability === 'not_found') throw new AppError('CAMPAIGN_NOT_FOUND');
}

function toResponse(answer: QueueAnswer | { refusal: QueueRefusal }, holdMs: number) {
  if ('refusal' in answer) throw refusalError(answer.refusal);
  const { standing } = answer;
  return {
    ticket: answer.ticket,
    position: standing.position,
    etaSeconds: standing.etaSeconds,
    admitted: standing.admitted,
    ...queueHints(standing, holdMs),
  };
}

function refusalError(refusal: QueueRefusal): AppError {
  if (refusal === 'exhausted') return new AppError('CAMPAIGN_EXHAUSTED');
  if (refusal === 'full') {
    const hint = jitteredRetry(5000, 0.5);
    return new AppError('OVERLOADED', 'The waiting room is full; retry later.', {
      retryAfterSeconds: hint.seconds,
      retryAfterMs: hint.ms,
    });
  }
  return new AppError('QUEUE_TICKET_INVALID', undefined, { reason: refusal });
}
