import type { Redis } from 'ioredis';
import type { AdmissionController } from './admission/index.js';
import type { Config } from './config.js';
import { createChallenges, createMemoryReplayStore, createRedisReplayStore } from './fraud/challenges.js';
import { FraudDefences } from './fraud/fraud-defences.js';
import type { Clawback } from './fraud/review-queue.js';
import { DEFAULT_RISK_SETTINGS } from './fraud/risk-settings.js';
import type { Promotions } from './promotions/index.js';
import { createEmailVerification, type EmailVerification } from './shoppers/email-verification.js';
import type { ShopperStore } from './shoppers/index.js';
import { createMailer } from './shoppers/mail/mailer.js';
import type { Db } from './storage/dialect.js';
import { createSqlReviewStore } from './storage/sql/fraud-review-store.js';
import { createSqlRiskSettingsStore, createSqlShopperFactsLoader } from './storage/sql/fraud-store.js';
import { createSqlVerificationStore } from './storage/sql/verification-store.js';

/** The fraud defences as the app wires them. */
export interface FraudParts {
  readonly fraud: FraudDefences;
  readonly verification: EmailVerification;
  /** Revokes a shopper's unused coupons, gives their claims back to every node's memory, resolves their reviews. */
  clawback(shopperId: string): Promise<Clawback & { readonly reviewsResolved: number }>;
  /** Re-reads rule settings other nodes saved, every 10 s, until `stop`. */
  stop(): void;
}

/**
 * Part of the composition root (src/app.ts): picks the fraud defences' adapters (SQL stores,
 * spent challenge solutions in Redis when configured, the mailer `RUSHCART_MAIL` names) and
 * registers the screen on the claim path, after the memory answers (docs/fraud.md).
 */
export async function composeFraud(parts: {
  readonly config: Config;
  readonly db: Db;
  readonly secret: string;
  readonly redis: Redis | undefined;
  readonly admission: AdmissionController;
  readonly promotions: Promotions;
  readonly shoppers: ShopperStore;
  readonly onError: (error: unknown) => void;
}): Promise<FraudParts> {
  const { db, admission, promotions } = parts;
  const fraud = new FraudDefences({
    settings: createSqlRiskSettingsStore(db),
    reviews: createSqlReviewStore(db),
    challenges: createChallenges(
      parts.secret,
      parts.redis === undefined ? createMemoryReplayStore() : createRedisReplayStore(parts.redis),
    ),
    loadFacts: createSqlShopperFactsLoader(db),
    crowd: (campaignId) => crowdOf(admission, campaignId),
    defaults: { ...DEFAULT_RISK_SETTINGS, enabled: parts.config.fraud },
    onError: parts.onError,
  });
  await fraud.start();
  promotions.claims.addScreen((input, campaign) => fraud.screenClaim(input, campaign));
  const verification = createEmailVerification({
    store: createSqlVerificationStore(db),
    mailer: createMailer(parts.config.mail),
    secret: parts.secret,
    newShopper: async () => (await parts.shoppers.create({})).id,
    limits: { redis: parts.redis },
    // The risk screen reads the shopper as verified from their next claim on.
    onVerified: (shopperId) => fraud.forget(shopperId),
  });
  const timer = setInterval(() => void fraud.refresh().catch(parts.onError), 10_000);
  timer.unref();
  return {
    fraud,
    verification,
    async clawback(shopperId) {
      const at = Date.now();
      const taken = await fraud.reviews.revokeCoupons(shopperId, at);
      const reviewsResolved = await fraud.reviews.resolve({ shopperId }, 'revoked', at);
      for (const campaignId of new Set(taken.revoked.map((coupon) => coupon.campaignId))) {
        await promotions.campaigns.reread(campaignId);
      }
      return { ...taken, reviewsResolved };
    },
    stop: () => clearInterval(timer),
  };
}

/** How crowded a campaign's waiting room is, for the challenge's difficulty. */
function crowdOf(
  admission: AdmissionController,
  campaignId: string,
): { engaged: boolean; queueSeconds: number } {
  const room = admission.rooms.find(campaignId);
  if (room === undefined) return { engaged: false, queueSeconds: 0 };
  const snapshot = room.snapshot(Date.now());
  return {
    engaged: snapshot.engaged,
    queueSeconds: snapshot.engaged ? snapshot.queueLength / Math.max(1, snapshot.admitRate) : 0,
  };
}
