import { formatMoney, type Money } from '../../shared/money.js';
import type { ProductAspect } from '../language/intent.js';
import { describeReward } from '../tools/describe-reward.js';
import type { ShownProduct, ToolEvent } from './conversation-view.js';

/** What the assistant can do, said when a message is out of scope or unclear. */
export const CAPABILITIES =
  'I can search products (with price, colour, size and rating constraints), answer questions about them, compare them, manage your cart, find and claim coupons, check out, and track, cancel or return orders. I can also connect you with a person.';

type Json = Record<string, unknown>;

const money = (value: unknown): string => formatMoney(value as Money);

function optionsText(options: unknown): string {
  const entries = Object.entries((options as Record<string, string>) ?? {});
  return entries.length === 0 ? '' : ` (${entries.map(([name, value]) => `${name} ${value}`).join(', ')})`;
}

function listOptions(options: Record<string, string[]>): string {
  return Object.entries(options)
    .map(([name, values]) => `${name}: ${values.join(', ')}`)
    .join('; ');
}

/** A failure answer in words; the message comes from our own tools, never from product text. */
export function failureReply(event: ToolEvent): string {
  const error = event.output?.error as { code?: string; message?: string } | undefined;
  const code = error?.code ?? 'INTERNAL';
  // The waiting room's answer names the shopper's place and wait (our own words, with figures).
  if (code === 'QUEUE_TICKET_REQUIRED' && error?.message !== undefined) return error.message;
  const known: Record<string, string> = {
    INSUFFICIENT_STOCK: 'there is not enough stock for that quantity',
    CART_EMPTY: 'your cart is empty',
    ALREADY_CLAIMED: 'that coupon is already in your wallet',
    CAMPAIGN_EXHAUSTED: 'that campaign has no coupons left',
    CAMPAIGN_NOT_LIVE: 'that campaign is not live',
    CAMPAIGN_NOT_FOUND: 'I could not find that campaign',
    OVERLOADED: 'the store is very busy right now; please ask again in a few seconds',
    QUEUE_TICKET_INVALID: 'your place in the campaign queue was used or has expired; ask again for a new one',
    NOT_ELIGIBLE: 'you are not eligible for that campaign',
    VERIFICATION_REQUIRED:
      'that offer is for verified shoppers; verify your e-mail address on the Offers page and claim it there',
    CHALLENGE_REQUIRED: 'that claim needs a quick browser check; claim it on the Offers page',
    CHALLENGE_INVALID: 'that claim needs a quick browser check; claim it on the Offers page',
    CLAIM_DENIED: "the shop's fraud rules refused that claim",
    COUPON_USE_DENIED:
      'that card cannot pay for a coupon order here; pay without the coupon or contact the shop',
    COUPON_NOT_FOUND: 'I could not find that coupon in your wallet',
    COUPON_NOT_APPLICABLE: 'that coupon does not apply to your cart',
    COUPON_EXPIRED: 'that coupon has expired',
    COUPON_ALREADY_USED: 'that coupon was already used',
    ORDER_NOT_FOUND: 'I could not find that order among yours',
    ORDER_NOT_CANCELLABLE: 'that order can no longer be cancelled',
    ORDER_NOT_RETURNABLE: 'that order cannot be returned',
    PAYMENT_DECLINED: 'the payment was declined; nothing was charged',
    PAYMENT_FAILED:
      'the payment provider did not answer; you are charged at most once, so it is safe to try again',
    NO_PENDING_CONFIRMATION: 'there is nothing waiting for your confirmation',
    NOT_CONFIRMED: 'I need a plain "yes" to the summary before I do that',
    CART_CHANGED: 'your cart changed since you confirmed, so I did not place the order',
    TOTAL_CHANGED: 'the total changed since you confirmed, so I did not place the order',
    TOOL_BUDGET_SPENT: 'that took too many steps',
    PRODUCT_NOT_FOUND: 'I could not find that product',
    VARIANT_NOT_FOUND: 'that option is not available',
  };
  return `Sorry, ${known[code] ?? 'that did not work'}.`;
}

/** Search results as a short list; every fact comes from the tool output. */
export function searchReply(event: ToolEvent, relaxed: boolean): string {
  const items = (event.output?.items as ShownProduct[] | undefined) ?? [];
  const total = Number(event.output?.total ?? items.length);
  if (items.length === 0) {
    return Number(event.output?.offset ?? 0) > 0
      ? 'That was everything that matched.'
      : 'I could not find anything matching that. Try fewer words or a wider price range.';
  }
  const lines = items.map((item) => {
    const brand = item.brand === null ? '' : ` by ${item.brand}`;
    const rating = item.rating === null ? '' : `, rated ${item.rating.toFixed(1)}`;
    const stock = item.inStock ? '' : ', out of stock';
    return `${item.ref}. **${item.title}**${brand}: ${money(item.price)}${rating}${stock}`;
  });
  const first = items[0]?.ref ?? 1;
  const last = items.at(-1)?.ref ?? items.length;
  const header = relaxed
    ? 'Nothing matched all your filters; these match your words:'
    : `Here ${total === 1 ? 'is what I found' : `are results ${first}-${last} of ${total}`}:`;
  const more = last < total ? ' Say "show more" for more.' : '';
  return `${header}\n${lines.join('\n')}\n\nAsk about any of them by number, or add one to your cart.${more}`;
}

/** Answers a product question from a get_product result. */
export function productReply(event: ToolEvent, aspect: ProductAspect): string {
  const product = event.output?.product as Json | undefined;
  if (product === undefined) return failureReply(event);
  const title = `**${String(product.title)}**`;
  const options = (product.options as Record<string, string[]>) ?? {};
  const variants = (product.variants as { options: Record<string, string>; stock: number }[]) ?? [];
  const priceText =
    product.maxPrice === null || product.maxPrice === undefined
      ? money(product.price)
      : `${money(product.price)} to ${money(product.maxPrice)}`;
  switch (aspect) {
    case 'sizes': {
      const sizes = options.size;
      return sizes === undefined
        ? `${title} comes in one size.`
        : `${title} comes in sizes ${sizes.join(', ')}.`;
    }
    case 'colors': {
      const colors = options.color ?? options.colour;
      return colors === undefined
        ? `${title} comes in one colour.`
        : `${title} comes in ${colors.join(', ')}.`;
    }
    case 'stock': {
      if (product.inStock !== true) return `${title} is out of stock right now.`;
      const out = variants
        .filter((variant) => variant.stock <= 0)
        .map((variant) => Object.values(variant.options).join(' '));
      const note =
        out.length > 0 && out.length < variants.length
          ? ` (not in stock: ${out.slice(0, 5).join('; ')})`
          : '';
      return `${title} is in stock: ${String(product.stock)} available${note}.`;
    }
    case 'price':
      return `${title} costs ${priceText}.`;
    case 'rating':
    case 'reviews':
      return product.rating === null
        ? `${title} has no rating yet.`
        : `${title} is rated ${Number(product.rating).toFixed(1)} out of 5.`;
    default: {
      const brand = product.brand === null ? '' : ` by ${String(product.brand)}`;
      const rating = product.rating === null ? '' : ` Rated ${Number(product.rating).toFixed(1)} out of 5.`;
      const optionText = Object.keys(options).length === 0 ? '' : ` Options: ${listOptions(options)}.`;
      const stock = product.inStock === true ? `${String(product.stock)} in stock.` : 'Out of stock.';
      return `${title}${brand}: ${String(product.description)}\nPrice: ${priceText}. ${stock}${rating}${optionText}`;
    }
  }
}

/** A side-by-side comparison. */
export function compareReply(event: ToolEvent): string {
  const products = (event.output?.products as Json[] | undefined) ?? [];
  const rows = products.map((product, index) => {
    const rating = product.rating === null ? 'no rating' : `rated ${Number(product.rating).toFixed(1)}`;
    const stock = product.inStock === true ? `${String(product.stock)} in stock` : 'out of stock';
    return `${index + 1}. **${String(product.title)}**: ${money(product.price)}, ${rating}, ${stock}`;
  });
  const cheapest = [...products].sort((a, b) => (a.price as Money).amount - (b.price as Money).amount)[0];
  const rated = [...products].sort((a, b) => Number(b.rating ?? 0) - Number(a.rating ?? 0))[0];
  const notes = [
    cheapest === undefined ? '' : `Cheapest: ${String(cheapest.title)}.`,
    rated === undefined || rated.rating === null ? '' : `Best rated: ${String(rated.title)}.`,
  ].filter(Boolean);
  return `${rows.join('\n')}\n\n${notes.join(' ')}`.trim();
}

/** A cart in words. */
export function cartReply(cart: Json | undefined, lead: string): string {
  if (cart === undefined) return lead;
  const lines = (cart.lines as Json[]) ?? [];
  if (lines.length === 0) return `${lead}Your cart is empty.`.trim();
  const items = lines.map(
    (line) =>
      `- ${String(line.quantity)} × ${String(line.title)}${optionsText(line.options)}: ${money(line.lineTotal)}`,
  );
  const discount = (cart.discount as Money).amount > 0 ? `\nDiscount: -${money(cart.discount)}` : '';
  const coupons = ((cart.coupons as Json[]) ?? []).map((coupon) => String(coupon.code));
  const couponText = coupons.length > 0 ? ` (coupon ${coupons.join(', ')})` : '';
  return `${lead}Your cart:\n${items.join('\n')}\nSubtotal: ${money(cart.subtotal)}${discount}${couponText}\nShipping: ${money(cart.shipping)}\nTotal: ${money(cart.total)}`.trim();
}

/** Live offers. */
export function offersReply(event: ToolEvent): string {
  const offers = (event.output?.offers as Json[] | undefined) ?? [];
  if (offers.length === 0) return 'There are no live deals right now.';
  const rows = offers.map((offer) => {
    const reward = describeReward(offer.reward as Parameters<typeof describeReward>[0]);
    const state =
      offer.claimed === true ? ' (already in your wallet)' : offer.remaining === 0 ? ' (all claimed)' : '';
    const code = offer.code === null ? '' : ` with code ${String(offer.code)}`;
    return `${String(offer.ref)}. **${String(offer.name)}**: ${reward}${code}${state}`;
  });
  return `Live deals:\n${rows.join('\n')}\n\nSay "claim it" (or "claim the first one") to get a coupon.`;
}

/** Wallet coupons. */
export function walletReply(event: ToolEvent): string {
  const coupons = (event.output?.coupons as Json[] | undefined) ?? [];
  if (coupons.length === 0) return 'Your wallet has no coupons yet. Ask me for deals to find some.';
  const rows = coupons.map(
    (coupon) =>
      `- ${String(coupon.code)}: ${describeReward(coupon.reward as Parameters<typeof describeReward>[0])} (${String(coupon.status)})`,
  );
  return `Your coupons:\n${rows.join('\n')}`;
}

/** One order in words. */
export function orderReply(order: Json, lead = ''): string {
  const lines = ((order.lines as Json[]) ?? []).map(
    (line) => `- ${String(line.quantity)} × ${String(line.title)}${optionsText(line.options)}`,
  );
  return `${lead}Order ${String(order.orderId)} is **${String(order.status).replaceAll('_', ' ')}**, total ${money(order.total)}.\n${lines.join('\n')}`.trim();
}

/** A list of orders. */
export function ordersReply(event: ToolEvent): string {
  const orders = (event.output?.orders as Json[] | undefined) ?? [];
  if (orders.length === 0) return 'You have no orders yet.';
  const rows = orders.map(
    (order) =>
      `- ${String(order.orderId)}: ${String(order.status).replaceAll('_', ' ')}, ${money(order.total)}`,
  );
  return `Your orders:\n${rows.join('\n')}`;
}

/** The words of a confirmed action's outcome. */
export function confirmedReply(event: ToolEvent): string {
  const output = event.output ?? {};
  if (output.ok !== true) return failureReply(event);
  if (output.order !== undefined && output.action === 'checkout') {
    return orderReply(output.order as Json, 'Done! Your order is placed. ');
  }
  if (output.order !== undefined) return orderReply(output.order as Json, 'Done. ');
  if (output.return !== undefined) {
    const created = output.return as Json;
    return `Done. Return ${String(created.returnId)} for order ${String(created.orderId)} is ${String(created.status)}; refund ${money(created.refund)}.`;
  }
  if (output.cart !== undefined) {
    const lead = output.action === 'apply_coupon' ? `Applied coupon ${String(output.code)}. ` : 'Done. ';
    return cartReply(output.cart as Json, lead);
  }
  if (output.coupon !== undefined) {
    const coupon = output.coupon as Json;
    return `Done! Coupon ${String(coupon.code)} (${describeReward(coupon.reward as Parameters<typeof describeReward>[0])}) is in your wallet. Say "use my coupon" to apply it to your cart.`;
  }
  return 'Done.';
}

/** The words asking for the shopper's yes. */
export function confirmationPrompt(summary: string): string {
  return `Please confirm: ${summary}\nReply "yes" to go ahead, or tell me what to change.`;
}
