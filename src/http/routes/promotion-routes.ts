import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import {
  CampaignOfferSchema,
  type ClaimResult,
  CouponViewSchema,
  toCouponView,
} from '../../promotions/index.js';
import { AppError } from '../../shared/app-error.js';
import { hashRequest } from '../../shared/idempotency.js';
import type { RouteModule } from '../server.js';

const MAX_KEY_LENGTH = 255;

/** A campaign id in a path. */
export const CampaignIdParams = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'a campaign id is 1 to 100 letters, digits, _ or -'),
  })
  .strict();

/** A claim's body is tiny and optional; it takes part in the idempotency hash. */
const ClaimBody = z
  .object({
    /** Where the claim came from, for the merchant's stats. */
    source: z.enum(['web', 'widget', 'assistant', 'mcp', 'agent']).optional(),
  })
  .strict();

const ClaimResponse = z.object({ coupon: CouponViewSchema });

/** Nearly every claim has an empty body: hash it once. */
const EMPTY_BODY_HASH = hashRequest({});

/** Shopper routes of promotions: campaigns on offer and the claim path. */
export const promotionRoutes: RouteModule = (server, context) => {
  server.get(
    '/api/v1/campaigns',
    {
      config: { admission: Admission.browse },
      preHandler: context.requireShopper,
      schema: {
        tags: ['promotions'],
        summary: 'Live campaigns for this shopper, with whether they claimed each and what remains',
        security: [{ bearer: [] }],
        response: { 200: z.object({ items: z.array(CampaignOfferSchema) }) },
      },
    },
    async (request) => ({ items: await context.promotions.campaigns.offersFor(request.shopperId) }),
  );

  server.post(
    '/api/v1/campaigns/:id/claims',
    {
      config: { admission: Admission.claim },
      preHandler: context.requireShopper,
      bodyLimit: 1024,
      schema: {
        tags: ['promotions'],
        summary: 'Claim a coupon from a campaign (requires Idempotency-Key)',
        security: [{ bearer: [] }],
        params: CampaignIdParams,
        // No body at all reaches the schema as null.
        body: ClaimBody.nullish(),
        headers: z
          .object({
            'idempotency-key': z.string().optional(),
            'x-rushcart-challenge': z
              .string()
              .max(2048)
              .optional()
              .describe(
                'The solution of a proof-of-work challenge a CHALLENGE_REQUIRED answer gave (ALTCHA payload)',
              ),
          })
          .loose(),
        response: { 201: ClaimResponse },
      },
    },
    async (request, reply) => {
      const idempotencyKey = checkIdempotencyKey(request.headers['idempotency-key']);
      const result = await context.promotions.claims.claim({
        campaignId: request.params.id,
        shopperId: request.shopperId,
        idempotencyKey,
        requestHash: request.body?.source === undefined ? EMPTY_BODY_HASH : hashRequest(request.body),
        origin: { ip: request.ip, solution: challengeSolution(request.headers['x-rushcart-challenge']) },
      });
      if (!result.ok) throw claimError(result);
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send({ coupon: toCouponView(result.coupon, result.campaign) });
    },
  );
};

/** The Idempotency-Key rules of src/shared/idempotency.ts, applied before the claim path. */
export function checkIdempotencyKey(key: string | string[] | undefined): string {
  if (key === undefined || Array.isArray(key) || key.trim() === '')
    throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  if (key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters without spaces.`,
    );
  }
  return key;
}

function claimError(result: Extract<ClaimResult, { ok: false }>): AppError {
  if (result.code === 'ALREADY_CLAIMED' && result.coupon !== undefined && result.campaign !== undefined) {
    return new AppError('ALREADY_CLAIMED', result.message, {
      coupon: toCouponView(result.coupon, result.campaign),
    });
  }
  return new AppError(result.code, result.message, result.details);
}

function challengeSolution(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && header !== '' ? header : undefined;
}
