import type { PostalAddress } from '../shared/address.js';
import type { Money } from '../shared/money.js';

/**
 * The domain facts the assistant's tools see. Shapes are subsets of the catalog, commerce and
 * promotions views so app.ts adapts each real service with a few lines.
 */
export interface AssistantVariant {
  readonly id: string;
  readonly options: Readonly<Record<string, string>>;
  readonly price: Money;
  readonly stock: number;
}

/** A product with its variants. */
export interface AssistantProduct {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly brand: string | null;
  readonly rating: number | null;
  readonly variants: readonly AssistantVariant[];
}

/** A search hit: the product, the variants that best match the query first, and its price. */
export interface AssistantSearchHit {
  readonly product: AssistantProduct;
  readonly matchedVariantIds: readonly string[];
  readonly price: Money;
}

/** What the assistant searches with; prices in minor units. */
export interface AssistantSearch {
  readonly text: string;
  readonly minPrice?: number | undefined;
  readonly maxPrice?: number | undefined;
  readonly inStock?: boolean | undefined;
  readonly options?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly sort?: 'relevance' | 'price_asc' | 'price_desc' | 'rating' | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** A cart line. */
export interface AssistantCartLine {
  readonly id: string;
  readonly variantId: string;
  readonly productId: string;
  readonly title: string;
  readonly options: Readonly<Record<string, string>>;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
}

/** A cart with its amounts. */
export interface AssistantCart {
  readonly lines: readonly AssistantCartLine[];
  readonly coupons: readonly { readonly code: string; readonly discount: Money }[];
  readonly couponProblems?: readonly { readonly code: string; readonly message: string }[];
  readonly subtotal: Money;
  readonly discount: Money;
  readonly shipping: Money;
  readonly total: Money;
}

/** A shipping address as checkout takes it. */
export type AssistantAddress = PostalAddress;

/** An order line. */
export interface AssistantOrderLine {
  readonly id: string;
  readonly title: string;
  readonly options: Readonly<Record<string, string>>;
  readonly quantity: number;
  readonly paid: Money;
  readonly returnId?: string | undefined;
}

/** An order. */
export interface AssistantOrder {
  readonly id: string;
  readonly status: string;
  readonly lines: readonly AssistantOrderLine[];
  readonly total: Money;
  readonly shippingAddress?: unknown;
  readonly createdAt: string;
  readonly returnableUntil?: string | undefined;
}

/** A return. */
export interface AssistantReturn {
  readonly id: string;
  readonly orderId: string;
  readonly status: string;
  readonly refund: Money;
  readonly lineIds: readonly string[];
}

/** A reward in shopper words. */
export type AssistantReward =
  | { readonly type: 'percent'; readonly percent: number; readonly cap?: Money | undefined }
  | { readonly type: 'amount'; readonly amount: Money }
  | { readonly type: 'free_shipping' };

/** A live campaign the shopper may claim. */
export interface AssistantOffer {
  readonly campaignId: string;
  readonly name: string;
  readonly reward: AssistantReward;
  readonly claimed: boolean;
  readonly remaining: number | null;
  readonly endsAt?: string | undefined;
  /** A shared public code, applied without claiming. */
  readonly code?: string | undefined;
}

/** A coupon in the shopper's wallet. */
export interface AssistantCoupon {
  readonly code: string;
  readonly campaignId: string;
  readonly name?: string | undefined;
  readonly reward: AssistantReward;
  readonly status: string;
  readonly expiresAt?: string | undefined;
}

/**
 * One method per tool need. Every method acts for the shopper id it is given, which the tools
 * take from the authenticated session only. A missing method leaves its tools unwired.
 * Methods throw AppError for expected refusals (out of stock, not cancellable, ...).
 */
export interface AssistantServices {
  searchProducts?(search: AssistantSearch): Promise<{ hits: AssistantSearchHit[]; total: number }>;
  findProduct?(productId: string): Promise<AssistantProduct | undefined>;
  /** One variant with its product's title, to name it in a summary before it is added. */
  findVariant?(variantId: string): Promise<
    | {
        readonly variantId: string;
        readonly title: string;
        readonly options: Readonly<Record<string, string>>;
        readonly unitPrice: Money;
      }
    | undefined
  >;
  viewCart?(shopperId: string): Promise<AssistantCart>;
  addToCart?(shopperId: string, variantId: string, quantity: number): Promise<AssistantCart>;
  /** Quantity 0 removes the line. */
  updateCartLine?(shopperId: string, lineId: string, quantity: number): Promise<AssistantCart>;
  applyCoupon?(shopperId: string, code: string): Promise<AssistantCart>;
  /**
   * Saves a card the shopper typed, or checks a token is theirs; the assistant keeps, shows and
   * sends on only the token and the last 4 digits (docs/payments.md).
   */
  saveCard?(
    shopperId: string,
    card: { type: 'test_card'; number: string } | { type: 'test_card'; token: string },
  ): Promise<{ token: string; last4: string }>;
  checkout?(
    shopperId: string,
    input: {
      /** A saved card's token: never a card number. */
      payment: { type: 'test_card'; token: string };
      shippingAddress: AssistantAddress;
      /** The total the shopper confirmed: checkout refuses with TOTAL_CHANGED rather than charge another. */
      expectedTotal?: Money;
      /** The lines the shopper confirmed: checkout refuses with TOTAL_CHANGED rather than buy others. */
      expectedLines?: { variantId: string; quantity: number }[];
    },
    idempotencyKey: string,
    /** The outside agent platform placing the order, when one named itself (MCP). */
    agentId?: string,
  ): Promise<AssistantOrder>;
  listOrders?(shopperId: string): Promise<AssistantOrder[]>;
  findOrder?(shopperId: string, orderId: string): Promise<AssistantOrder | undefined>;
  /** With a key, a retry of the same cancel answers the cancelled order again. */
  cancelOrder?(shopperId: string, orderId: string, idempotencyKey?: string): Promise<AssistantOrder>;
  /** With a key, a retry of the same return answers the first return instead of refusing. */
  returnItems?(
    shopperId: string,
    orderId: string,
    lineIds: readonly string[],
    reason: string,
    idempotencyKey?: string,
  ): Promise<AssistantReturn>;
  listOffers?(shopperId: string): Promise<AssistantOffer[]>;
  claimCoupon?(shopperId: string, campaignId: string, idempotencyKey: string): Promise<AssistantCoupon>;
  viewWallet?(shopperId: string): Promise<AssistantCoupon[]>;
}
