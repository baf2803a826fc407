import type { ErrorCode } from '../shared/error-catalog.js';
import type { CampaignStatus } from './campaign.js';

/** Everything the promotions domain announces; the admin SSE stream and metrics read these. */
export type PromotionEvent =
  | {
      readonly type: 'claim-batch-committed';
      readonly campaignId: string;
      readonly at: number;
      /** Requests in the batch. */
      readonly size: number;
      /** Coupons the batch issued. */
      readonly issued: number;
      readonly claimed: number;
      readonly budgetClaims: number;
      readonly durationMs: number;
    }
  | {
      readonly type: 'claim-answered';
      readonly campaignId: string;
      readonly at: number;
      /** `ISSUED`, `REPLAYED`, or the error code the shopper got. */
      readonly outcome: 'ISSUED' | 'REPLAYED' | ErrorCode;
      /** True when memory answered without a store call. */
      readonly fromMemory: boolean;
    }
  | {
      readonly type: 'campaign-changed';
      readonly campaignId: string;
      readonly at: number;
      readonly status: CampaignStatus;
      /** `local` when this node changed it, `remote` when another node told us. */
      readonly origin: 'local' | 'remote';
    }
  | { readonly type: 'campaign-exhausted'; readonly campaignId: string; readonly at: number };

/** A listener of promotion events; it must not throw and must return quickly. */
export type PromotionListener = (event: PromotionEvent) => void;

/** The in-process event bus of one node. */
export interface PromotionEventBus {
  publish(event: PromotionEvent): void;
  /** Adds a listener and returns the function that removes it. */
  subscribe(listener: PromotionListener): () => void;
}

/** Creates an in-process bus; a throwing listener is isolated so it cannot break the claim path. */
export function createPromotionEventBus(): PromotionEventBus {
  const listeners = new Set<PromotionListener>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A broken dashboard must never fail a claim that already committed.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
