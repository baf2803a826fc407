import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import { RewardSchema } from '../../promotions/campaign.js';
import type { RouteModule } from '../server.js';

const WalletCouponSchema = z.object({
  code: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  reward: RewardSchema,
  /** An available coupon past its expiry shows as expired. */
  status: z.enum(['available', 'reserved', 'redeemed', 'expired', 'revoked']),
  claimedAt: z.string(),
  expiresAt: z.string().nullable(),
  /** The order holding (reserved) or having used (redeemed) the coupon. */
  orderId: z.string().nullable(),
});

const WalletResponse = z.object({ coupons: z.array(WalletCouponSchema) });

/** The shopper's wallet: only the caller's own coupons. */
export const walletRoutes: RouteModule = (server, context) => {
  server.get(
    '/api/v1/wallet',
    {
      config: { admission: Admission.browse },
      preHandler: context.requireShopper,
      schema: {
        tags: ['promotions'],
        summary: "The shopper's coupons",
        security: [{ bearer: [] }],
        response: { 200: WalletResponse },
      },
    },
    async (request) => {
      const coupons = await context.redemption.wallet(request.shopperId);
      return {
        coupons: coupons.map((coupon) => ({
          code: coupon.code,
          campaignId: coupon.campaignId,
          campaignName: coupon.campaignName,
          reward: coupon.reward,
          status: coupon.status,
          claimedAt: new Date(coupon.claimedAt).toISOString(),
          expiresAt: coupon.expiresAt === undefined ? null : new Date(coupon.expiresAt).toISOString(),
          orderId: coupon.orderId ?? null,
        })),
      };
    },
  );
};
