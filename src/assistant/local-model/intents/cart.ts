import type { Intent } from '../../language/intent.js';
import { resolveReference } from '../../language/references.js';
import { cartReply } from '../replies.js';
import { type Json, type Plan, type Step, text } from '../step.js';

/** Shows the cart. */
export function viewCart(step: Step): Plan {
  return step.once('view_cart', {}, (event) => cartReply(event.output?.cart as Json, ''));
}

/** Changes the quantity of a cart line, or removes it: the cart first, to find the line meant. */
export function changeCart(
  step: Step,
  intent: Extract<Intent, { kind: 'update_cart' | 'remove_from_cart' }>,
): Plan {
  const changed = step.ran(intent.kind === 'update_cart' ? 'update_cart_line' : 'remove_from_cart');
  if (changed !== undefined) {
    const removed = changed.output?.removed as Json | null | undefined;
    const lead = removed ? `Removed ${String(removed.title)}. ` : 'Updated. ';
    return text(cartReply(changed.output?.cart as Json, lead));
  }
  const cartEvent = step.ran('view_cart');
  if (cartEvent === undefined) return step.call('view_cart', {});
  const lines = ((cartEvent.output?.cart as Json | undefined)?.lines as Json[] | undefined) ?? [];
  if (lines.length === 0) return text('Your cart is empty.');
  const candidates = lines.map((line) => ({
    title: String(line.title),
    brand: null,
    lineId: String(line.lineId),
  }));
  let [target] = resolveReference(intent.reference, candidates);
  // "Remove it" means the line added last; with one line, that one.
  if (target === undefined && (intent.reference.pronoun || candidates.length === 1))
    target = candidates.at(-1);
  if (target === undefined) {
    const listed = candidates.map((line, index) => `${index + 1}. ${line.title}`).join('; ');
    return text(`Which item? Your cart has: ${listed}.`);
  }
  return intent.kind === 'update_cart'
    ? step.call('update_cart_line', { lineId: target.lineId, quantity: intent.quantity })
    : step.call('remove_from_cart', { lineId: target.lineId });
}
