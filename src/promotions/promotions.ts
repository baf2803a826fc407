import { effectiveStatus } from './campaign.js';
import type { CampaignNotifier } from './campaign-notifier.js';
import { CampaignRegistry, type RegistryOptions } from './campaign-registry.js';
import { type CampaignService, createCampaignService } from './campaign-service.js';
import type { CampaignStore } from './campaign-store.js';
import type { ClaimBatchStore } from './claim-batch.js';
import type { ClaimBatcherOptions } from './claim-batcher.js';
import { type ClaimService, createClaimService } from './claim-service.js';
import { createPromotionEventBus, type PromotionEventBus } from './promotion-events.js';
import type { ShopperHistory } from './shopper-history.js';

/** The promotions domain of one node, as the composition root wires it. */
export interface Promotions {
  readonly campaigns: CampaignService;
  readonly claims: ClaimService;
  readonly events: PromotionEventBus;
  readonly registry: CampaignRegistry;
  /** Loads campaigns and the claim cache from the store, listens to other nodes, starts the refresh. */
  start(): Promise<void>;
  /** Stops the refresh and the notifier. */
  close(): Promise<void>;
}

/** The adapters and knobs the promotions domain needs. */
export interface PromotionsDependencies {
  readonly store: CampaignStore;
  readonly claimBatch: ClaimBatchStore;
  readonly notifier: CampaignNotifier;
  /** Whether a shopper has paid for an order (for `newShoppersOnly`); commerce implements it. */
  readonly shopperHistory: ShopperHistory;
  readonly events?: PromotionEventBus;
  readonly now?: () => number;
  readonly batching?: ClaimBatcherOptions;
  readonly registry?: RegistryOptions;
  /** How often memory re-reads every campaign from the store (default 1,000 ms; 0 turns it off). */
  readonly refreshMs?: number;
}

/** Wires campaigns, claims, memory and cross-node notices into one domain object. */
export function createPromotions(dependencies: PromotionsDependencies): Promotions {
  const now = dependencies.now ?? Date.now;
  const events = dependencies.events ?? createPromotionEventBus();
  const registry = new CampaignRegistry(dependencies.store, dependencies.registry);
  const claims = createClaimService({
    registry,
    campaigns: dependencies.store,
    claimBatch: dependencies.claimBatch,
    shopperHistory: dependencies.shopperHistory,
    events,
    notifier: dependencies.notifier,
    now,
    ...(dependencies.batching === undefined ? {} : { batching: dependencies.batching }),
  });
  const campaigns = createCampaignService({
    store: dependencies.store,
    registry,
    events,
    notifier: dependencies.notifier,
    outcomes: (campaignId) => claims.outcomes(campaignId),
    now,
  });
  let timer: NodeJS.Timeout | undefined;

  const announceRemote = (campaignId: string) => {
    const campaign = registry.get(campaignId);
    if (campaign === undefined) return;
    const at = now();
    events.publish({
      type: 'campaign-changed',
      campaignId,
      at,
      status: effectiveStatus(campaign, at),
      origin: 'remote',
    });
  };

  return {
    campaigns,
    claims,
    events,
    registry,
    async start() {
      await dependencies.notifier.subscribe((campaignId) => {
        void registry.load(campaignId).then(
          () => announceRemote(campaignId),
          () => undefined,
        );
      });
      await registry.refreshAll();
      await registry.warmClaimants();
      const refreshMs = dependencies.refreshMs ?? 1000;
      if (refreshMs > 0) {
        timer = setInterval(() => {
          void registry.refreshAll().then(
            (changed) => {
              for (const campaign of changed) announceRemote(campaign.id);
            },
            () => undefined,
          );
        }, refreshMs);
        timer.unref();
      }
    },
    async close() {
      if (timer !== undefined) clearInterval(timer);
      await dependencies.notifier.close();
    },
  };
}
