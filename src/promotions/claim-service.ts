import type { Refusal } from '../shared/app-error.js';
import type { ErrorCode } from '../shared/error-catalog.js';
import { type Campaign, effectiveStatus } from './campaign.js';
import type { CampaignNotifier } from './campaign-notifier.js';
import type { CampaignRegistry } from './campaign-registry.js';
import type { CampaignStore } from './campaign-store.js';
import type {
  ClaimBatchResult,
  ClaimBatchStore,
  ClaimOutcome,
  ClaimRequest,
  IssuedCoupon,
} from './claim-batch.js';
import { ClaimBatcher, type ClaimBatcherOptions } from './claim-batcher.js';
import { couponExpiry } from './coupon-expiry.js';
import type { PromotionEventBus } from './promotion-events.js';
import type { ShopperHistory } from './shopper-history.js';

/** One shopper's claim as the HTTP edge (or the assistant) hands it over. */
export interface ClaimInput {
  readonly campaignId: string;
  readonly shopperId: string;
  /** Already validated: 1..255 printable ASCII characters. */
  readonly idempotencyKey: string;
  /** `hashRequest(body)` from src/shared/idempotency.ts. */
  readonly requestHash: string;
  /** Where the claim came from (the HTTP edge's address and any challenge solution), for the risk screen. */
  readonly origin?: { readonly ip?: string | undefined; readonly solution?: string | undefined };
}

/** The answer to a claim; refusals are values with a catalog code, never throws. */
export type ClaimResult =
  | {
      readonly ok: true;
      readonly coupon: IssuedCoupon;
      readonly campaign: Campaign;
      readonly replayed: boolean;
    }
  | {
      readonly ok: false;
      readonly code: ErrorCode;
      readonly message?: string;
      /** What a screen adds: the reasons, a challenge to solve. */
      readonly details?: Record<string, unknown>;
      /** The shopper's coupon, for ALREADY_CLAIMED. */
      readonly coupon?: IssuedCoupon;
      readonly campaign?: Campaign;
    };

/** A refusal a guard (fraud signals, admission) wants the claim to get, or undefined to let it pass. */
export type ClaimGuard = (
  input: ClaimInput,
  campaign: Campaign,
) => { readonly code: ErrorCode; readonly message?: string } | undefined;

/** An asynchronous check (the fraud screen): may read the shopper's facts once, then decides. */
export type ClaimScreen = (input: ClaimInput, campaign: Campaign) => Promise<Refusal | undefined>;

/** The claim path of one node. */
export interface ClaimService {
  claim(input: ClaimInput): Promise<ClaimResult>;
  /**
   * True when this node remembers that the shopper's claim by this key got a coupon: the claim
   * replays from memory, so admission lets it through whatever the room or the budget says.
   * Synchronous and allocation-free: it runs on refusal paths.
   */
  replays(campaignId: string, shopperId: string, idempotencyKey: string): boolean;
  /** Whether a `replays` miss is authoritative on this node (`CampaignRegistry.knowsEveryClaim`). */
  knowsEveryClaim(campaignId: string): boolean;
  /** Adds a cheap in-memory check run after the memory answers and before the batch (fraud, admission). */
  addGuard(guard: ClaimGuard): void;
  /** Adds a screen run after the guards (fraud rules, verification); its refusals are not counted as memory answers. */
  addScreen(screen: ClaimScreen): void;
  /** Answers counted per outcome since this node started, for a campaign. */
  outcomes(campaignId: string): Record<string, number>;
  /** Claims waiting for or inside a batch on this node. */
  readonly pending: number;
}

/** Dependencies of the claim service. */
export interface ClaimServiceDependencies {
  readonly registry: CampaignRegistry;
  readonly campaigns: CampaignStore;
  readonly claimBatch: ClaimBatchStore;
  readonly events: PromotionEventBus;
  readonly notifier: CampaignNotifier;
  /** Commerce's answer to whether a shopper has paid for an order (`newShoppersOnly`). */
  readonly shopperHistory: ShopperHistory;
  readonly now?: () => number;
  readonly batching?: ClaimBatcherOptions;
}

/** Builds the claim path: memory answers, eligibility, guards, then the per-campaign batcher. */
export function createClaimService(dependencies: ClaimServiceDependencies): ClaimService {
  const { registry, campaigns, events, notifier } = dependencies;
  const now = dependencies.now ?? Date.now;
  const guards: ClaimGuard[] = [];
  const screens: ClaimScreen[] = [];
  const counts = new Map<string, Map<string, number>>();

  const count = (campaignId: string, outcome: 'ISSUED' | 'REPLAYED' | ErrorCode, fromMemory: boolean) => {
    let byOutcome = counts.get(campaignId);
    if (byOutcome === undefined) {
      byOutcome = new Map();
      counts.set(campaignId, byOutcome);
    }
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    events.publish({ type: 'claim-answered', campaignId, at: now(), outcome, fromMemory });
  };

  const committed = (
    campaignId: string,
    _requests: readonly ClaimRequest[],
    result: ClaimBatchResult,
    durationMs: number,
  ) => {
    let issued = 0;
    for (const outcome of result.outcomes) {
      if (outcome.kind === 'issued') issued += 1;
      if (outcome.kind === 'issued' || outcome.kind === 'replayed' || outcome.kind === 'already_claimed') {
        registry.remember(outcome.coupon);
      }
    }
    const before = registry.get(campaignId)?.claimed ?? 0;
    if (result.claimed !== undefined) registry.recordClaimed(campaignId, result.claimed);
    const at = now();
    if (result.claimed !== undefined && result.budgetClaims !== undefined) {
      events.publish({
        type: 'claim-batch-committed',
        campaignId,
        at,
        size: result.outcomes.length,
        issued,
        claimed: result.claimed,
        budgetClaims: result.budgetClaims,
        durationMs,
      });
      if (before < result.budgetClaims && result.claimed >= result.budgetClaims) {
        events.publish({ type: 'campaign-exhausted', campaignId, at });
        void notifier.publish(campaignId).catch(() => undefined);
      }
    }
  };

  const batcher = new ClaimBatcher(
    dependencies.claimBatch,
    (campaignId) => {
      const at = now();
      const campaign = registry.get(campaignId);
      return { now: at, expiresAt: campaign === undefined ? undefined : couponExpiry(campaign, at) };
    },
    committed,
    dependencies.batching,
  );

  const refuse = (
    input: ClaimInput,
    code: ErrorCode,
    fromMemory: boolean,
    extra: {
      message?: string;
      details?: Record<string, unknown>;
      coupon?: IssuedCoupon;
      campaign?: Campaign;
    } = {},
  ): ClaimResult => {
    count(input.campaignId, code, fromMemory);
    return { ok: false, code, ...extra };
  };

  const fromOutcome = (input: ClaimInput, outcome: ClaimOutcome, fromMemory: boolean): ClaimResult => {
    const campaign = registry.get(input.campaignId);
    switch (outcome.kind) {
      case 'issued':
      case 'replayed': {
        if (campaign === undefined) return refuse(input, 'CAMPAIGN_NOT_FOUND', fromMemory);
        const replayed = outcome.kind === 'replayed';
        count(input.campaignId, replayed ? 'REPLAYED' : 'ISSUED', fromMemory);
        return { ok: true, coupon: outcome.coupon, campaign, replayed };
      }
      case 'conflict':
        return refuse(input, 'IDEMPOTENCY_CONFLICT', fromMemory);
      case 'already_claimed':
        return refuse(input, 'ALREADY_CLAIMED', fromMemory, {
          coupon: outcome.coupon,
          ...withCampaign(campaign),
        });
      case 'exhausted':
        return refuse(input, 'CAMPAIGN_EXHAUSTED', fromMemory);
      case 'not_live':
        return refuse(input, 'CAMPAIGN_NOT_LIVE', fromMemory);
      case 'not_found':
        return refuse(input, 'CAMPAIGN_NOT_FOUND', fromMemory);
    }
  };

  /** The shopper's coupon by this claim's key, read from the store (a replay or a conflict). */
  const storedReplay = async (input: ClaimInput): Promise<ClaimOutcome | undefined> => {
    const coupons = await campaigns.couponsOfShopper(input.shopperId, [input.campaignId]);
    for (const coupon of coupons) registry.remember(coupon);
    const same = coupons.find((coupon) => coupon.idempotencyKey === input.idempotencyKey);
    if (same === undefined) return undefined;
    return same.requestHash === input.requestHash ? { kind: 'replayed', coupon: same } : { kind: 'conflict' };
  };

  return {
    async claim(input) {
      const campaign = registry.get(input.campaignId) ?? (await registry.load(input.campaignId));
      if (campaign === undefined) return refuse(input, 'CAMPAIGN_NOT_FOUND', false);

      // Memory answers: only facts that committed batches established, so they are durable.
      const held = registry.holdings(input.campaignId, input.shopperId) ?? [];
      const same = held.find((coupon) => coupon.idempotencyKey === input.idempotencyKey);
      if (same !== undefined) {
        return fromOutcome(
          input,
          same.requestHash === input.requestHash ? { kind: 'replayed', coupon: same } : { kind: 'conflict' },
          true,
        );
      }
      const latest = held[held.length - 1];
      if (latest !== undefined && held.length >= campaign.perShopperLimit) {
        return fromOutcome(input, { kind: 'already_claimed', coupon: latest }, true);
      }
      if (campaign.code !== undefined) {
        return refuse(input, 'CAMPAIGN_NOT_LIVE', true, {
          message: 'This campaign is a shared code: apply it to the cart instead of claiming it.',
        });
      }
      const status = effectiveStatus(campaign, now());
      if (status !== 'live') {
        // A retry of a claim that got its coupon replays it, even once the campaign ran out or
        // ended; when this node's memory may miss the coupon (another node committed it), the
        // store says. Only a shopper who holds a coupon by this key gets past this refusal.
        const stored = registry.knowsEveryClaim(input.campaignId) ? undefined : await storedReplay(input);
        if (stored !== undefined) return fromOutcome(input, stored, false);
        if (status === 'exhausted') return refuse(input, 'CAMPAIGN_EXHAUSTED', true);
        return refuse(input, 'CAMPAIGN_NOT_LIVE', true, { message: `The campaign is ${status}.` });
      }

      const { segment, newShoppersOnly } = campaign.eligibility;
      if (segment !== undefined || newShoppersOnly === true) {
        const facts = await campaigns.shopperFacts(input.shopperId);
        if (
          facts === undefined ||
          (segment !== undefined && !facts.segments.includes(segment)) ||
          (newShoppersOnly === true && (await dependencies.shopperHistory.hasPaidOrder(input.shopperId)))
        ) {
          return refuse(input, 'NOT_ELIGIBLE', false);
        }
      }
      for (const guard of guards) {
        const refusal = guard(input, campaign);
        if (refusal !== undefined)
          return refuse(input, refusal.code, true, { ...pickMessage(refusal.message) });
      }
      for (const screen of screens) {
        const refusal = await screen(input, campaign);
        if (refusal !== undefined) {
          return refuse(input, refusal.code, false, {
            ...pickMessage(refusal.message),
            ...(refusal.details === undefined ? {} : { details: refusal.details }),
          });
        }
      }

      const outcome = await batcher.submit(input.campaignId, {
        shopperId: input.shopperId,
        idempotencyKey: input.idempotencyKey,
        requestHash: input.requestHash,
      });
      return fromOutcome(input, outcome, false);
    },

    replays(campaignId, shopperId, idempotencyKey) {
      const held = registry.holdings(campaignId, shopperId);
      return held?.some((coupon) => coupon.idempotencyKey === idempotencyKey) === true;
    },

    knowsEveryClaim(campaignId) {
      return registry.knowsEveryClaim(campaignId);
    },

    addGuard(guard) {
      guards.push(guard);
    },

    addScreen(screen) {
      screens.push(screen);
    },

    outcomes(campaignId) {
      return Object.fromEntries(counts.get(campaignId) ?? []);
    },

    get pending() {
      return batcher.pending;
    },
  };
}

function withCampaign(campaign: Campaign | undefined): { campaign?: Campaign } {
  return campaign === undefined ? {} : { campaign };
}

function pickMessage(message: string | undefined): { message?: string } {
  return message === undefined ? {} : { message };
}
