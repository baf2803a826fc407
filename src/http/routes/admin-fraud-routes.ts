import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import type { FraudReview } from '../../fraud/review-queue.js';
import { RiskSettingsSchema } from '../../fraud/risk-settings.js';
import { AppError } from '../../shared/app-error.js';
import type { RouteModule } from '../server.js';

const security = [{ bearer: [] }];
const Id = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, '1 to 100 letters, digits, _ or -');
const ReviewView = z.object({
  id: z.string(),
  shopperId: z.string(),
  campaignId: z.string().nullable(),
  subject: z.enum(['claim', 'checkout']),
  outcome: z.enum(['challenge', 'deny']),
  reasons: z.array(z.string()),
  ip: z.string().nullable(),
  deviceId: z.string().nullable(),
  status: z.enum(['open', 'cleared', 'revoked']),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
const ClawbackView = z.object({
  shopperId: z.string(),
  revoked: z.array(z.object({ couponId: z.string(), campaignId: z.string() })),
  kept: z.number().describe('coupons an order reserved or used, left to the order'),
  reviewsResolved: z.number(),
});

const view = (review: FraudReview) => ({
  ...review,
  reasons: [...review.reasons],
  campaignId: review.campaignId ?? null,
  ip: review.ip ?? null,
  deviceId: review.deviceId ?? null,
  createdAt: new Date(review.createdAt).toISOString(),
  resolvedAt: review.resolvedAt === undefined ? null : new Date(review.resolvedAt).toISOString(),
});

/** The merchant's fraud console: rule thresholds, the review queue, and clawback of an abuser's coupons. */
export const adminFraudRoutes: RouteModule = (server, context) => {
  const admin = { onRequest: context.requireAdmin };
  const { fraud } = context;

  server.get(
    '/api/v1/admin/fraud/settings',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: "The fraud rules' thresholds, and this node's decisions since it started",
        security,
        response: {
          200: z.object({ settings: RiskSettingsSchema, decisions: z.record(z.string(), z.number()) }),
        },
      },
    },
    async () => ({ settings: fraud.settings, decisions: fraud.counts() }),
  );

  server.put(
    '/api/v1/admin/fraud/settings',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: "Replace the fraud rules' thresholds (every node applies them within 10 s)",
        security,
        body: RiskSettingsSchema,
        response: { 200: z.object({ settings: RiskSettingsSchema }) },
      },
    },
    async (request) => ({ settings: await fraud.update(request.body) }),
  );

  server.get(
    '/api/v1/admin/fraud/reviews',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Claims and checkouts a rule challenged or denied, newest first',
        security,
        querystring: z
          .object({
            status: z.enum(['open', 'cleared', 'revoked']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            before: z.iso.datetime().optional().describe('page: reviews created before this time'),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(ReviewView) }) },
      },
    },
    async (request) => {
      const { status, limit, before } = request.query;
      const items = await fraud.reviews.list({
        limit,
        ...(status === undefined ? {} : { status }),
        ...(before === undefined ? {} : { before: Date.parse(before) }),
      });
      return { items: items.map(view) };
    },
  );

  server.post(
    '/api/v1/admin/fraud/reviews/:id/clear',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Mark a review as looked at and fine',
        security,
        params: z.object({ id: Id }).strict(),
        response: { 200: z.object({ review: ReviewView }) },
      },
    },
    async (request) => {
      const found = await fraud.reviews.find(request.params.id);
      if (found === undefined) throw new AppError('REVIEW_NOT_FOUND');
      await fraud.reviews.resolve({ id: found.id }, 'cleared', Date.now());
      return { review: view((await fraud.reviews.find(found.id)) ?? found) };
    },
  );

  server.post(
    '/api/v1/admin/shoppers/:id/revoke-coupons',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary:
          "Claw back an abuser's coupons: unused ones become revoked and go back to their campaign's budget",
        security,
        params: z.object({ id: Id }).strict(),
        response: { 200: ClawbackView },
      },
    },
    async (request) => {
      if (!(await fraud.reviews.shopperExists(request.params.id))) throw new AppError('SHOPPER_NOT_FOUND');
      const taken = await context.clawback(request.params.id);
      return { ...taken, revoked: [...taken.revoked] };
    },
  );
};
