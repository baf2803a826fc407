import type { CommerceStore, VariantSnapshot } from '../../commerce/commerce-store.js';
import { createMemoryCartStore } from './cart-store.js';
import { createMemoryCheckoutStore } from './checkout-store.js';
import { createMemoryState } from './commerce-state.js';
import type { MemoryIdempotencyStore } from './idempotency-store.js';
import { createMemoryOrderStore } from './order-store.js';

/** The memory store, and what a test or a demo seeds it with. */
export interface MemoryCommerceStore extends CommerceStore {
  /** Puts a variant in the memory catalog (replacing one with the same id). */
  putVariant(variant: VariantSnapshot): void;
  /** The units of a variant on hand, or undefined for an unknown variant. */
  stockOf(variantId: string): number | undefined;
}

/**
 * Commerce's three ports in one process's memory, with the SQL adapter's rules: every method runs
 * without yielding, so each one is a transaction, and it checks everything it depends on before
 * it changes anything, so a refusal changes nothing. A checkout's commit writes its idempotency key
 * through `keys`, in the same step. The contract suites hold it and the SQL adapter to one
 * behaviour (test/contracts).
 */
export function createMemoryCommerceStore(keys: MemoryIdempotencyStore): MemoryCommerceStore {
  const state = createMemoryState();
  return {
    putVariant(variant) {
      state.variants.set(variant.variantId, { ...variant });
    },
    stockOf: (variantId) => state.variants.get(variantId)?.stock,

    ...createMemoryCartStore(state),
    ...createMemoryCheckoutStore(state, keys),
    ...createMemoryOrderStore(state),
  };
}
