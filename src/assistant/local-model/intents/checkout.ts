import { parseChineseAddress } from '../../language/address-zh.js';
import { hasChinese } from '../../language/text.js';
import type { ConversationView } from '../conversation-view.js';
import type { PendingConfirmation } from '../dialogue-state.js';
import { confirmedReply, failureReply } from '../replies.js';
import { type Json, type Plan, type Step, text } from '../step.js';

/** Checks out with the card and address given now or earlier, asking for what is missing. */
export function checkout(step: Step, address: string | undefined, card: string | undefined): Plan {
  const done = step.ran('checkout');
  if (done !== undefined) {
    const needs = (done.output?.needs as string[] | undefined) ?? [];
    if (needs.length === 0) return text(failureReply(done));
    const asks = needs.map((need) =>
      need === 'card'
        ? // No card number in a reply: replies are stored, and no card number is (docs/payments.md).
          'a test card number (say "pay with card" and its number; the test card ending 4242, listed on the checkout page, succeeds)'
        : 'a shipping address as "ship to Name, Street, City, Postal code, Country code"',
    );
    return text(`To check out I need ${asks.join(' and ')}.`);
  }
  const input: Json = {};
  const named = card ?? rememberedCard(step.view);
  if (named !== undefined) input.card = named;
  const parsed = parseAddress(address);
  if (parsed !== undefined) input.shippingAddress = parsed;
  return step.call('checkout', input);
}

/** Runs the action the shopper said yes to. */
export function confirm(step: Step, pending: PendingConfirmation | undefined): Plan {
  const done = step.ran('confirm_action');
  if (done !== undefined) return text(confirmedReply(done));
  if (pending === undefined)
    return text('There is nothing waiting for your confirmation. What would you like to do?');
  return step.call('confirm_action', { confirmationId: pending.id });
}

/** The card (a token, never a number) of an earlier checkout attempt in this conversation. */
function rememberedCard(view: ConversationView): string | undefined {
  const earlier = [...view.pastEvents].reverse().find((event) => event.toolName === 'checkout');
  return typeof earlier?.input.card === 'string' ? earlier.input.card : undefined;
}

/**
 * Reads "Name, Street, City, Postal code, CC" into a shipping address, or a Chinese one written
 * large to small ("广东省深圳市南山区科技园路1号，张三，518000").
 */
export function parseAddress(value: string | undefined): Json | undefined {
  if (value === undefined) return undefined;
  const chinese = hasChinese(value) ? parseChineseAddress(value) : undefined;
  if (chinese !== undefined) return { ...chinese };
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length < 5) return undefined;
  const country = parts.at(-1)?.toUpperCase() ?? '';
  if (!/^[A-Z]{2}$/.test(country)) return undefined;
  const [name, line1, city, postalCode] = [parts[0], parts[1], parts.at(-3), parts.at(-2)];
  if (name === undefined || line1 === undefined || city === undefined || postalCode === undefined)
    return undefined;
  return { name, line1, city, postalCode, country };
}
