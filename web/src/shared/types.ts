import type { Money } from './money.js';

/** Shapes of the HTTP API v1 as the web apps read them; fields the contract leaves open are optional. */

export interface Variant {
  readonly id: string;
  readonly productId?: string;
  readonly sku?: string | null;
  readonly options: Readonly<Record<string, string>>;
  readonly price: Money;
  readonly stock: number;
}

export interface Product {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly category?: string;
  readonly brand?: string | null;
  readonly tags?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
  readonly rating?: number | null;
  readonly images?: readonly string[];
  readonly variants?: readonly Variant[];
  /** Summary fields some listings carry instead of full variants. */
  readonly price?: Money;
  readonly minPrice?: Money;
  readonly inStock?: boolean;
}

export interface FacetValue {
  readonly value: string;
  readonly count: number;
}

export interface ProductList {
  readonly items: readonly Product[];
  readonly nextCursor?: string | null;
  readonly facets?: Readonly<Record<string, readonly FacetValue[] | Readonly<Record<string, number>>>>;
  readonly total?: number;
}

export interface CartLine {
  readonly id: string;
  readonly variantId: string;
  readonly productId?: string;
  readonly title?: string;
  readonly productTitle?: string;
  readonly options?: Readonly<Record<string, string>>;
  readonly quantity: number;
  readonly unitPrice?: Money;
  readonly lineTotal?: Money;
  readonly total?: Money;
  readonly image?: string | null;
}

export interface AppliedCoupon {
  readonly code: string;
  readonly discount?: Money;
  readonly campaignId?: string;
  readonly description?: string;
}

export interface Cart {
  readonly id?: string;
  readonly lines: readonly CartLine[];
  readonly coupons?: readonly (AppliedCoupon | string)[];
  readonly subtotal?: Money;
  readonly discount?: Money;
  readonly shipping?: Money;
  readonly tax?: Money;
  readonly total?: Money;
  readonly currency?: string;
  readonly itemCount?: number;
  readonly couponProblems?: readonly { code: string; error: string; message: string }[];
}

export interface OrderLine {
  readonly id: string;
  readonly variantId?: string;
  readonly productId?: string;
  readonly title?: string;
  readonly productTitle?: string;
  readonly quantity: number;
  readonly unitPrice?: Money;
  readonly lineTotal?: Money;
  readonly total?: Money;
  readonly paid?: Money;
  readonly discount?: Money;
  readonly options?: Readonly<Record<string, string>>;
  readonly returnId?: string;
}

export interface Order {
  readonly id: string;
  readonly status: string;
  /** Where it was placed: web, assistant, mcp, acp or ucp. */
  readonly channel?: string;
  /** The registered agent platform that placed it, when it sent its key. */
  readonly agentId?: string;
  readonly lines?: readonly OrderLine[];
  readonly subtotal?: Money;
  readonly discount?: Money;
  readonly shipping?: Money;
  readonly total?: Money;
  readonly createdAt?: number | string;
  readonly shopperId?: string;
  readonly coupons?: readonly (AppliedCoupon | string)[];
  readonly returns?: readonly {
    id: string;
    status: string;
    reason?: string;
    lineIds?: readonly string[];
    refund?: Money;
  }[];
  readonly refunded?: Money;
  readonly cancelReason?: string;
  readonly returnableUntil?: string;
  readonly shippingAddress?: Readonly<Record<string, string>>;
  readonly payment?: Readonly<Record<string, string>>;
}

export type Reward =
  | { readonly type: 'percent'; readonly percent: number; readonly cap?: Money }
  | { readonly type: 'amount'; readonly amount: Money }
  | { readonly type: 'free_shipping' };

export interface Coupon {
  readonly code: string;
  readonly campaignId: string;
  readonly reward?: Reward;
  readonly expiresAt?: number | string | null;
  readonly status?: string;
  readonly campaignName?: string;
}

export interface ShopperCampaign {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly status?: string;
  readonly reward?: Reward;
  readonly claimed?: boolean | number;
  readonly remaining?: number;
  readonly budget?: { readonly claims?: number };
  readonly endsAt?: number | string | null;
  readonly startsAt?: number | string | null;
  readonly code?: string | null;
  readonly waitingRoom?: boolean;
  /** Only for shoppers who verified an e-mail address. */
  readonly verifiedShoppersOnly?: boolean;
}

export interface QueueTicket {
  readonly ticket: string;
  readonly position: number;
  readonly etaSeconds: number;
  readonly admitted: boolean;
  /** When to poll again (ms, already jittered by the server). */
  readonly pollAfterMs?: number;
}

export interface AdminCampaign {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly status: string;
  readonly storedStatus?: string;
  readonly budget: { readonly claims: number; readonly discount?: Money | null };
  readonly perShopperLimit: number;
  readonly reward: Reward;
  readonly scope?: unknown;
  readonly eligibility?: unknown;
  readonly stacking?: string;
  readonly startsAt?: number | string | null;
  readonly endsAt?: number | string | null;
  readonly code?: string | null;
  readonly claimed?: number;
  readonly remaining?: number;
  readonly waitingRoom?: unknown;
  readonly validity?: { readonly expiresAt?: string; readonly hoursAfterClaim?: number };
  readonly redeemed?: number;
  readonly version?: number;
}

export interface CampaignStats {
  readonly claimed: number;
  readonly remaining: number;
  readonly redeemed?: number;
  readonly discountRedeemed?: Money | number;
  readonly budget?: { readonly claims?: number; readonly discount?: Money | null };
  readonly [key: string]: unknown;
}

/** A card the assistant attaches to a reply. */
export interface AssistantCard {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** An action the assistant proposes and waits for the shopper to confirm. */
export interface PendingConfirmation {
  readonly id?: string;
  readonly action?: string;
  readonly kind?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly total?: Money;
  readonly [key: string]: unknown;
}

export interface AssistantReply {
  readonly conversationId: string;
  readonly text: string;
  readonly cards?: readonly AssistantCard[];
  readonly pendingConfirmation?: PendingConfirmation | null;
  readonly model?: { readonly id: string; readonly degraded: boolean; readonly reason?: string };
}
