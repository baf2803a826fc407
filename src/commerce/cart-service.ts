import { AppError } from '../shared/app-error.js';
import {
  type AddLineInput,
  type CartView,
  MAX_CART_COUPONS,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
} from './commerce-schemas.js';
import type { CartLineRecord, CartRecord, CartStore } from './commerce-store.js';
import type { CouponHook, CouponQuote } from './coupon-hook.js';
import { couponContext, type LineToPrice, priceCart } from './price-cart.js';

/** Currency shown for a cart that holds nothing yet. */
export const EMPTY_CART_CURRENCY = 'USD';

/** Compare-and-set attempts of a coupon apply or remove before it answers CART_CHANGED. */
const COUPON_WRITE_ATTEMPTS = 5;

/** A shopper's cart: lines of variants, coupon codes, and the amounts they come to. */
export interface CartService {
  getCart(shopperId: string): Promise<CartView>;
  addLine(shopperId: string, input: AddLineInput): Promise<CartView>;
  /** Quantity 0 removes the line. Another shopper's line id is CART_LINE_NOT_FOUND. */
  updateLine(shopperId: string, lineId: string, quantity: number): Promise<CartView>;
  removeLine(shopperId: string, lineId: string): Promise<CartView>;
  /** Throws the coupon's own error code (COUPON_NOT_FOUND, COUPON_EXPIRED, ...) when it does not apply. */
  applyCoupon(shopperId: string, code: string): Promise<CartView>;
  removeCoupon(shopperId: string, code: string): Promise<CartView>;
}

/** Dependencies of the cart service. */
export interface CartServiceDeps {
  readonly store: CartStore;
  readonly coupons: CouponHook;
  readonly now?: () => number;
}

/** Builds the cart service over the commerce store and the coupon hook. */
export function createCartService(deps: CartServiceDeps): CartService {
  const { store, coupons } = deps;
  const now = deps.now ?? Date.now;

  async function view(shopperId: string): Promise<CartView> {
    const cart = await store.findCart(shopperId);
    return cartView(cart, await quoteCart(coupons, shopperId, cart));
  }

  async function ownLine(shopperId: string, lineId: string): Promise<CartRecord> {
    const cart = await store.findCart(shopperId);
    if (cart === undefined || !cart.lines.some((line) => line.lineId === lineId)) {
      throw new AppError('CART_LINE_NOT_FOUND');
    }
    return cart;
  }

  return {
    getCart: view,

    async addLine(shopperId, input) {
      const variant = await store.findVariant(input.variantId);
      if (variant === undefined) throw new AppError('VARIANT_NOT_FOUND');
      const cart = await store.findCart(shopperId);
      const existing = cart?.lines.find((line) => line.variant.variantId === variant.variantId);
      const other = cart?.lines.find((line) => line.variant.currency !== variant.currency);
      if (other !== undefined) {
        throw new AppError(
          'CURRENCY_MISMATCH',
          `This cart is in ${other.variant.currency}; the variant costs ${variant.currency}.`,
        );
      }
      if (existing === undefined && (cart?.lines.length ?? 0) >= MAX_CART_LINES) {
        throw new AppError('CART_LIMIT_REACHED', `A cart holds at most ${MAX_CART_LINES} lines.`);
      }
      const quantity = (existing?.quantity ?? 0) + input.quantity;
      checkQuantity(quantity, variant.stock);
      const cartId = cart?.id ?? (await store.ensureCart(shopperId, now()));
      await store.addToCart(cartId, variant.variantId, input.quantity, now());
      return view(shopperId);
    },

    async updateLine(shopperId, lineId, quantity) {
      const cart = await ownLine(shopperId, lineId);
      if (quantity === 0) {
        await store.removeLine(cart.id, lineId, now());
        return view(shopperId);
      }
      const line = cart.lines.find((item) => item.lineId === lineId) as CartLineRecord;
      checkQuantity(quantity, line.variant.stock);
      if (!(await store.setLineQuantity(cart.id, lineId, quantity, now())))
        throw new AppError('CART_LINE_NOT_FOUND');
      return view(shopperId);
    },

    async removeLine(shopperId, lineId) {
      const cart = await ownLine(shopperId, lineId);
      if (!(await store.removeLine(cart.id, lineId, now()))) throw new AppError('CART_LINE_NOT_FOUND');
      return view(shopperId);
    },

    async applyCoupon(shopperId, code) {
      // Two applies racing on one cart must not lose a code: each writes only over the list it
      // read (compare-and-set), and the loser reads, re-quotes and tries again.
      for (let attempt = 0; attempt < COUPON_WRITE_ATTEMPTS; attempt++) {
        const cart = await store.findCart(shopperId);
        const codes = cart?.couponCodes ?? [];
        if (codes.includes(code)) return view(shopperId);
        if (codes.length >= MAX_CART_COUPONS) {
          throw new AppError('CART_LIMIT_REACHED', `A cart carries at most ${MAX_CART_COUPONS} coupons.`);
        }
        const quote = await coupons.quote(contextOf(shopperId, cart), [...codes, code]);
        const problem = quote.problems.find((item) => item.code === code);
        if (problem !== undefined) throw new AppError(problem.error, problem.message, { code });
        const cartId = cart?.id ?? (await store.ensureCart(shopperId, now()));
        if (await store.setCouponCodes(cartId, codes, [...codes, code], now())) return view(shopperId);
      }
      throw new AppError('CART_CHANGED');
    },

    async removeCoupon(shopperId, code) {
      for (let attempt = 0; attempt < COUPON_WRITE_ATTEMPTS; attempt++) {
        const cart = await store.findCart(shopperId);
        if (cart === undefined || !cart.couponCodes.includes(code)) return view(shopperId);
        const left = cart.couponCodes.filter((item) => item !== code);
        if (await store.setCouponCodes(cart.id, cart.couponCodes, left, now())) return view(shopperId);
      }
      throw new AppError('CART_CHANGED');
    },
  };
}

function checkQuantity(quantity: number, stock: number): void {
  if (quantity > stock) {
    throw new AppError('INSUFFICIENT_STOCK', `Only ${stock} in stock.`, {
      available: stock,
      requested: quantity,
    });
  }
  if (quantity > MAX_LINE_QUANTITY) {
    throw new AppError('VALIDATION_FAILED', `A line holds at most ${MAX_LINE_QUANTITY} units.`);
  }
}

/** The lines of a cart as the pricing functions take them. */
export function linesToPrice(cart: CartRecord | undefined): LineToPrice[] {
  return (cart?.lines ?? []).map((line) => ({
    lineId: line.lineId,
    productId: line.variant.productId,
    variantId: line.variant.variantId,
    category: line.variant.category,
    unitPrice: line.variant.unitPrice,
    quantity: line.quantity,
  }));
}

/** The cart's currency: that of its lines, or the default while it is empty. */
export function cartCurrency(cart: CartRecord | undefined): string {
  return cart?.lines[0]?.variant.currency ?? EMPTY_CART_CURRENCY;
}

function contextOf(shopperId: string, cart: CartRecord | undefined) {
  return couponContext(shopperId, cartCurrency(cart), linesToPrice(cart));
}

/** Quotes the cart's codes; a cart without codes never calls promotions. */
export async function quoteCart(
  coupons: CouponHook,
  shopperId: string,
  cart: CartRecord | undefined,
): Promise<CouponQuote | undefined> {
  if (cart === undefined || cart.couponCodes.length === 0) return undefined;
  return coupons.quote(contextOf(shopperId, cart), cart.couponCodes);
}

/** The shopper-facing view of a cart and its quote. */
export function cartView(cart: CartRecord | undefined, quote: CouponQuote | undefined): CartView {
  const currency = cartCurrency(cart);
  const money = (amount: number) => ({ amount, currency });
  const price = priceCart(linesToPrice(cart), quote, currency);
  return {
    id: cart?.id ?? null,
    currency,
    lines: (cart?.lines ?? []).map((line) => ({
      id: line.lineId,
      variantId: line.variant.variantId,
      productId: line.variant.productId,
      title: line.variant.title,
      options: line.variant.options,
      quantity: line.quantity,
      unitPrice: money(line.variant.unitPrice),
      lineTotal: money(line.variant.unitPrice * line.quantity),
      inStock: line.variant.stock,
    })),
    coupons: (quote?.coupons ?? []).map((coupon) => ({
      code: coupon.code,
      campaignId: coupon.campaignId,
      discount: money(coupon.discount + coupon.shippingDiscount),
    })),
    couponProblems: (quote?.problems ?? []).map((problem) => ({ ...problem })),
    itemCount: (cart?.lines ?? []).reduce((sum, line) => sum + line.quantity, 0),
    subtotal: money(price.subtotal),
    discount: money(price.discount),
    shipping: money(price.shipping),
    total: money(price.total),
  };
}
