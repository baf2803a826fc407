import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import {
  CampaignCreateSchema,
  CampaignStatsSchema,
  CampaignUpdateSchema,
  CampaignViewSchema,
  type PromotionEvent,
  toCampaignStats,
  toCampaignView,
} from '../../promotions/index.js';
import type { RouteModule } from '../server.js';
import { openEventStream } from '../sse.js';
import { CampaignIdParams } from './promotion-routes.js';

/** How often the SSE stream sends the counters of campaigns that changed. */
const COUNTERS_INTERVAL_MS = 250;
const HEARTBEAT_MS = 15_000;

/** The merchant's campaign API: CRUD, pause, resume, stats and the live event stream. */
export const adminCampaignRoutes: RouteModule = (server, context) => {
  const promotions = context.promotions;
  const now = () => Date.now();
  const admin = { onRequest: context.requireAdmin };
  const tags = ['admin: campaigns'];
  const security = [{ bearer: [] }];

  server.post(
    '/api/v1/admin/campaigns',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'Create a campaign',
        body: CampaignCreateSchema,
        response: { 201: CampaignViewSchema },
      },
    },
    async (request, reply) => {
      const campaign = await promotions.campaigns.create(request.body);
      return reply.status(201).send(toCampaignView(campaign, now()));
    },
  );

  server.get(
    '/api/v1/admin/campaigns',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'List campaigns',
        response: { 200: z.object({ items: z.array(CampaignViewSchema) }) },
      },
    },
    async () => {
      const at = now();
      return { items: (await promotions.campaigns.list()).map((campaign) => toCampaignView(campaign, at)) };
    },
  );

  server.get(
    '/api/v1/admin/campaigns/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'Read a campaign',
        params: CampaignIdParams,
        response: { 200: CampaignViewSchema },
      },
    },
    async (request) => toCampaignView(await promotions.campaigns.get(request.params.id), now()),
  );

  server.patch(
    '/api/v1/admin/campaigns/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'Change a campaign (only safe changes once it went live)',
        params: CampaignIdParams,
        body: CampaignUpdateSchema,
        response: { 200: CampaignViewSchema },
      },
    },
    async (request) =>
      toCampaignView(await promotions.campaigns.update(request.params.id, request.body), now()),
  );

  server.delete(
    '/api/v1/admin/campaigns/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'Delete a campaign that never issued a coupon',
        params: CampaignIdParams,
      },
    },
    async (request, reply) => {
      await promotions.campaigns.remove(request.params.id);
      return reply.status(204).send();
    },
  );

  for (const action of ['pause', 'resume'] as const) {
    server.post(
      `/api/v1/admin/campaigns/:id/${action}`,
      {
        config: { admission: Admission.exempt },
        ...admin,
        schema: {
          tags,
          security,
          summary: action === 'pause' ? 'Pause claims on every node' : 'Resume claims on every node',
          params: CampaignIdParams,
          response: { 200: CampaignViewSchema },
        },
      },
      async (request) => toCampaignView(await promotions.campaigns[action](request.params.id), now()),
    );
  }

  server.get(
    '/api/v1/admin/campaigns/:id/stats',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags,
        security,
        summary: 'Campaign counters',
        params: CampaignIdParams,
        response: { 200: CampaignStatsSchema },
      },
    },
    async (request) => promotions.campaigns.stats(request.params.id),
  );

  server.get(
    '/api/v1/admin/events',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: { tags, security, summary: 'Server-sent events: live campaign counters and changes' },
    },
    async (request, reply) => {
      const send = openEventStream(reply);
      const raw = reply.raw;
      const counters = (campaignId: string) => {
        const campaign = promotions.registry.get(campaignId);
        return campaign === undefined
          ? undefined
          : toCampaignStats(campaign, promotions.claims.outcomes(campaignId), now());
      };
      send('snapshot', {
        campaigns: promotions.registry.all().map((campaign) => counters(campaign.id)),
      });

      const dirty = new Set<string>();
      const unsubscribe = promotions.events.subscribe((event: PromotionEvent) => {
        if (event.type === 'claim-batch-committed' || event.type === 'claim-answered') {
          dirty.add(event.campaignId);
        } else {
          send(event.type, event);
          dirty.add(event.campaignId);
        }
      });
      // Admission's samples (concurrency limit, decisions, queue length, admit rate) feed the same stream.
      const unsubscribeAdmission = context.admission.subscribe((event) => send(event.type, event));
      const flush = setInterval(() => {
        for (const campaignId of dirty) {
          const stats = counters(campaignId);
          if (stats !== undefined) send('counters', stats);
        }
        dirty.clear();
      }, COUNTERS_INTERVAL_MS);
      const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const stop = () => {
        unsubscribe();
        unsubscribeAdmission();
        clearInterval(flush);
        clearInterval(heartbeat);
      };
      request.raw.on('close', stop);
      raw.on('close', stop);
      raw.on('error', stop);
    },
  );
};
