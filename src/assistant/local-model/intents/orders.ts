import { parseReference, resolveReference } from '../../language/references.js';
import { failureReply, orderReply, ordersReply } from '../replies.js';
import { type Json, type Plan, type Step, text } from '../step.js';

/** Lists the shopper's orders. */
export function listOrders(step: Step): Plan {
  return step.once('list_orders', {}, ordersReply);
}

/** The status of the order named, or of the latest one. */
export function orderStatus(step: Step, orderId: string | undefined): Plan {
  const got = step.ran('get_order');
  if (got !== undefined)
    return text(got.output?.ok === true ? orderReply(got.output.order as Json) : failureReply(got));
  if (orderId !== undefined) return step.call('get_order', { orderId });
  const listed = step.ran('list_orders');
  if (listed === undefined) return step.call('list_orders', {});
  const [latest] = (listed.output?.orders as Json[] | undefined) ?? [];
  return text(latest === undefined ? 'You have no orders yet.' : orderReply(latest, 'Your latest order: '));
}

/** Cancels the order named, or the latest one that still can be. */
export function cancelOrder(step: Step, orderId: string | undefined): Plan {
  const id = orderId ?? latestOrder(step, ['pending', 'paid']);
  if (typeof id !== 'string') return id;
  return step.call('cancel_order', { orderId: id });
}

/**
 * Returns the order named, or the latest delivered one: the line whose product the message names
 * ("return the mug"), or the whole order.
 */
export function returnItems(step: Step, orderId: string | undefined, reason: string | undefined): Plan {
  const id = orderId ?? latestOrder(step, ['delivered']);
  if (typeof id !== 'string') return id;
  const input: Json = { orderId: id, reason: reason ?? 'Requested through the assistant.' };
  const nameWords = parseReference(step.view.userText).nameWords.filter(
    (word) => !/^(?:return|refund|because|order|since|too)$/.test(word),
  );
  const orders = (step.ran('list_orders')?.output?.orders as Json[] | undefined) ?? [];
  const order = orders.find((item) => item.orderId === id);
  if (order !== undefined && nameWords.length > 0 && reason === undefined) {
    const lines = ((order.lines as Json[]) ?? []).map((line) => ({
      title: String(line.title),
      brand: null,
      lineId: String(line.lineId),
    }));
    const [picked] = resolveReference({ positions: [], pronoun: false, nameWords }, lines);
    if (picked !== undefined) input.lineIds = [picked.lineId];
  }
  return step.call('return_items', input);
}

/** The id of the latest order in one of `statuses`, or the step that gets there (list, or say none fits). */
function latestOrder(step: Step, statuses: readonly string[]): string | Plan {
  const listed = step.ran('list_orders');
  if (listed === undefined) return step.call('list_orders', {});
  const orders = (listed.output?.orders as Json[] | undefined) ?? [];
  const fits = orders.find((order) => statuses.includes(String(order.status)));
  if (fits !== undefined) return String(fits.orderId);
  if (orders.length === 0) return text('You have no orders yet.');
  return text(
    statuses.includes('delivered')
      ? 'None of your orders can be returned (only delivered orders can).'
      : 'None of your orders can still be cancelled (only orders not yet fulfilled can).',
  );
}
