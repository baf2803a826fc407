import { isAppError } from '../../shared/app-error.js';
import { formatMoney, type Money } from '../../shared/money.js';
import type {
  AssistantCart,
  AssistantCoupon,
  AssistantOffer,
  AssistantOrder,
  AssistantProduct,
  AssistantSearchHit,
  AssistantVariant,
} from '../services.js';

/** A refused or failed tool call, as the model and the UI see it. */
export interface ToolFailure {
  readonly ok: false;
  readonly error: { readonly code: string; readonly message: string };
}

/** Builds a failure answer. */
export function failure(code: string, message: string): ToolFailure {
  return { ok: false, error: { code, message } };
}

/** Turns a thrown error into a failure answer; AppError keeps its catalog code. */
export function failureFrom(error: unknown): ToolFailure {
  if (isAppError(error)) return failure(error.code, error.message);
  return failure('INTERNAL', 'That did not work; please try again.');
}

/**
 * Product text is untrusted data: markup, control characters and template braces are removed and
 * the length is bounded before it reaches a model or a reply.
 */
export function cleanText(text: string, max: number): string {
  const cleaned = stripInvisible(text, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[{}<>`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

/** Replaces control, zero-width and bidirectional-override characters (hidden-text tricks) with `by`. */
export function stripInvisible(text: string, by: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const invisible =
      (code < 0x20 && char !== '\n') ||
      code === 0x7f ||
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x2028 && code <= 0x202e) ||
      (code >= 0x2060 && code <= 0x206f) ||
      code === 0xfeff;
    out += invisible ? by : char;
  }
  return out;
}

/** Option name to the distinct values across variants, in first-seen order. */
export function optionValues(variants: readonly AssistantVariant[]): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.options)) {
      const list = values[name] ?? [];
      if (!list.includes(value)) list.push(value);
      values[name] = list;
    }
  }
  return values;
}

function priceRange(variants: readonly AssistantVariant[]): { min: Money; max: Money } | undefined {
  const first = variants[0];
  if (first === undefined) return undefined;
  let min = first.price;
  let max = first.price;
  for (const variant of variants) {
    if (variant.price.amount < min.amount) min = variant.price;
    if (variant.price.amount > max.amount) max = variant.price;
  }
  return { min, max };
}

/** A search hit as a compact card row; `ref` is its 1-based position in the shown list. */
export function productRow(hit: AssistantSearchHit, ref: number) {
  const product = hit.product;
  const matched =
    product.variants.find((variant) => variant.id === hit.matchedVariantIds[0]) ?? product.variants[0];
  return {
    ref,
    productId: product.id,
    variantId: matched?.id ?? null,
    title: cleanText(product.title, 120),
    brand: product.brand === null ? null : cleanText(product.brand, 60),
    price: hit.price,
    rating: product.rating,
    inStock: product.variants.some((variant) => variant.stock > 0),
    options: limitOptions(optionValues(product.variants), 8),
  };
}

function limitOptions(options: Record<string, string[]>, perOption: number): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(options).map(([name, values]) => [name, values.slice(0, perOption)]),
  );
}

/** A product with its variants, bounded for the model's context. */
export function productDetail(product: AssistantProduct) {
  const range = priceRange(product.variants);
  return {
    productId: product.id,
    title: cleanText(product.title, 120),
    brand: product.brand === null ? null : cleanText(product.brand, 60),
    category: cleanText(product.category, 60),
    rating: product.rating,
    description: cleanText(product.description, 300),
    price: range?.min ?? null,
    maxPrice: range !== undefined && range.max.amount !== range.min.amount ? range.max : null,
    inStock: product.variants.some((variant) => variant.stock > 0),
    stock: product.variants.reduce((sum, variant) => sum + variant.stock, 0),
    options: limitOptions(optionValues(product.variants), 20),
    variants: product.variants.slice(0, 40).map((variant) => ({
      variantId: variant.id,
      options: variant.options,
      price: variant.price,
      stock: variant.stock,
    })),
  };
}

/** A cart, compact. */
export function cartView(cart: AssistantCart) {
  return {
    lines: cart.lines.map((line) => ({
      lineId: line.id,
      variantId: line.variantId,
      productId: line.productId,
      title: cleanText(line.title, 120),
      options: line.options,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineTotal: line.lineTotal,
    })),
    coupons: cart.coupons.map((coupon) => ({ code: coupon.code, discount: coupon.discount })),
    couponProblems: (cart.couponProblems ?? []).map((problem) => ({
      code: problem.code,
      message: problem.message,
    })),
    subtotal: cart.subtotal,
    discount: cart.discount,
    shipping: cart.shipping,
    total: cart.total,
  };
}

/** An order, compact. */
export function orderView(order: AssistantOrder) {
  return {
    orderId: order.id,
    status: order.status,
    total: order.total,
    createdAt: order.createdAt,
    returnableUntil: order.returnableUntil ?? null,
    lines: order.lines.map((line) => ({
      lineId: line.id,
      title: cleanText(line.title, 120),
      options: line.options,
      quantity: line.quantity,
      paid: line.paid,
      returned: line.returnId !== undefined,
    })),
  };
}

/** An offer, compact. */
export function offerView(offer: AssistantOffer, ref: number) {
  return {
    ref,
    campaignId: offer.campaignId,
    name: cleanText(offer.name, 80),
    reward: offer.reward,
    claimed: offer.claimed,
    remaining: offer.remaining,
    endsAt: offer.endsAt ?? null,
    code: offer.code ?? null,
  };
}

/** A wallet coupon, compact. */
export function couponView(coupon: AssistantCoupon) {
  return {
    code: coupon.code,
    campaignId: coupon.campaignId,
    name: coupon.name === undefined ? null : cleanText(coupon.name, 80),
    reward: coupon.reward,
    status: coupon.status,
    expiresAt: coupon.expiresAt ?? null,
  };
}

/** The cart as the shopper will pay for it: each line, each coupon, shipping and the total. */
export function checkoutSummary(cart: ReturnType<typeof cartView>): string {
  const lines = cart.lines.map((line) => {
    const options = Object.values(line.options).join(', ');
    return `${line.quantity} × ${line.title}${options === '' ? '' : ` (${options})`} ${formatMoney(line.lineTotal)}`;
  });
  const coupons = cart.coupons.map((coupon) => `coupon ${coupon.code} −${formatMoney(coupon.discount)}`);
  return `Place an order: ${[...lines, ...coupons].join('; ')}. Subtotal ${formatMoney(cart.subtotal)}, discount ${formatMoney(cart.discount)}, shipping ${formatMoney(cart.shipping)}, total ${formatMoney(cart.total)}.`;
}
