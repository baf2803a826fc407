import type { TurnToolEvent } from './agent/run-agent-turn.js';
import type { PendingConfirmation } from './tools/pending-confirmation.js';

/** A card the storefront renders beside a reply; `data` is the compact tool output it came from. */
export interface Card {
  readonly type:
    | 'products'
    | 'product'
    | 'comparison'
    | 'cart'
    | 'offers'
    | 'wallet'
    | 'coupon'
    | 'orders'
    | 'order'
    | 'return'
    | 'confirmation'
    | 'handoff';
  readonly data: unknown;
}

type Json = Record<string, unknown>;

/** Cards for one turn, from its successful tool results only (never from model text). */
export function buildCards(
  events: readonly TurnToolEvent[],
  pending: PendingConfirmation | undefined,
): Card[] {
  const cards: Card[] = [];
  for (const event of events) {
    const output = event.output as Json | undefined;
    if (output?.ok !== true) continue;
    switch (event.toolName) {
      case 'search_products':
        cards.push({
          type: 'products',
          data: { items: output.items, total: output.total, offset: output.offset },
        });
        break;
      case 'get_product':
        cards.push({ type: 'product', data: output.product });
        break;
      case 'compare_products':
        cards.push({ type: 'comparison', data: { products: output.products } });
        break;
      case 'view_cart':
      case 'add_to_cart':
      case 'update_cart_line':
      case 'remove_from_cart':
      case 'apply_coupon':
        cards.push({ type: 'cart', data: output.cart });
        break;
      case 'list_offers':
        cards.push({ type: 'offers', data: { offers: output.offers } });
        break;
      case 'view_wallet':
        cards.push({ type: 'wallet', data: { coupons: output.coupons } });
        break;
      case 'list_orders':
        cards.push({ type: 'orders', data: { orders: output.orders } });
        break;
      case 'get_order':
        cards.push({ type: 'order', data: output.order });
        break;
      case 'confirm_action':
        if (output.order !== undefined) cards.push({ type: 'order', data: output.order });
        if (output.return !== undefined) cards.push({ type: 'return', data: output.return });
        if (output.coupon !== undefined) cards.push({ type: 'coupon', data: output.coupon });
        break;
      case 'handoff_to_human':
        cards.push({ type: 'handoff', data: { requested: true } });
        break;
      default:
        break;
    }
  }
  // Keep the latest card of each kind except product lists, so a turn shows one cart, not three.
  const deduplicated = cards.filter(
    (card, index) =>
      card.type === 'products' || !cards.slice(index + 1).some((later) => later.type === card.type),
  );
  if (pending !== undefined) {
    deduplicated.push({
      type: 'confirmation',
      data: { id: pending.id, action: pending.action, summary: pending.summary },
    });
  }
  return deduplicated;
}
