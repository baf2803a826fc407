import { type ToolSet, tool } from 'ai';
import { formatMoney } from '../../shared/money.js';
import { describeReward } from './describe-reward.js';
import type { ConfirmationRequest, createPending } from './pending-confirmation.js';
import { TOOL_INPUTS } from './tool-inputs.js';
import { cartView } from './tool-output.js';
import type { TurnContext } from './turn-context.js';

/**
 * The most units one cart change may add without the shopper confirming: a bigger jump ("add 20",
 * "make it 50") is more likely a misheard number than a wish, and it moves money at checkout.
 */
export const UNCONFIRMED_QUANTITY = 5;

type Guarded = <I, O>(run: (input: I) => Promise<O>) => (input: I) => Promise<unknown>;
type Pend = (
  action: Parameters<typeof createPending>[0],
  args: Record<string, unknown>,
  summary: string,
) => ConfirmationRequest;

/** "Water Bottle (red, 1000ml)": a line or variant as the shopper knows it. */
function named(title: string, options: Readonly<Record<string, string>>): string {
  const values = Object.values(options).join(', ');
  return values === '' ? title : `${title} (${values})`;
}

/**
 * The cart tools of one turn. Small changes run at once; adding more than UNCONFIRMED_QUANTITY
 * units in one change, and applying a coupon, first ask the shopper to confirm a summary, and run
 * from confirm_action (`runConfirmed`).
 */
export function cartTools(context: TurnContext, guarded: Guarded, pend: Pend): ToolSet {
  const services = context.services;
  const tools: ToolSet = {};
  const viewCart = services.viewCart?.bind(services);
  if (viewCart !== undefined) {
    tools.view_cart = tool({
      description: "Show the shopper's cart.",
      inputSchema: TOOL_INPUTS.view_cart,
      execute: guarded(async () => ({ ok: true, cart: cartView(await viewCart(context.shopperId)) })),
    });
  }
  const addToCart = services.addToCart?.bind(services);
  const findVariant = services.findVariant?.bind(services);
  if (addToCart !== undefined) {
    tools.add_to_cart = tool({
      description: `Add a product variant to the cart. Adding more than ${UNCONFIRMED_QUANTITY} units needs the shopper to confirm the summary first.`,
      inputSchema: TOOL_INPUTS.add_to_cart,
      execute: guarded(async ({ variantId, quantity }) => {
        if (quantity > UNCONFIRMED_QUANTITY) {
          const variant = await findVariant?.(variantId);
          const what =
            variant === undefined
              ? `${quantity} units`
              : `${quantity} × ${named(variant.title, variant.options)} at ${formatMoney(variant.unitPrice)} each (${formatMoney({ ...variant.unitPrice, amount: variant.unitPrice.amount * quantity })})`;
          return pend('add_to_cart', { variantId, quantity }, `Add ${what} to the cart.`);
        }
        const cart = cartView(await addToCart(context.shopperId, variantId, quantity));
        const line = cart.lines.find((item) => item.variantId === variantId);
        return { ok: true, added: line === undefined ? null : { ...line, quantityAdded: quantity }, cart };
      }),
    });
  }
  const updateCartLine = services.updateCartLine?.bind(services);
  if (updateCartLine !== undefined) {
    tools.update_cart_line = tool({
      description: `Set the quantity of a cart line (lineId from view_cart). Raising it by more than ${UNCONFIRMED_QUANTITY} needs the shopper to confirm the summary first.`,
      inputSchema: TOOL_INPUTS.update_cart_line,
      execute: guarded(async ({ lineId, quantity }) => {
        const line = (await viewCart?.(context.shopperId))?.lines.find((item) => item.id === lineId);
        if (line !== undefined && quantity - line.quantity > UNCONFIRMED_QUANTITY) {
          const total = formatMoney({ ...line.unitPrice, amount: line.unitPrice.amount * quantity });
          return pend(
            'update_cart_line',
            { lineId, quantity },
            `Change ${named(line.title, line.options)} from ${line.quantity} to ${quantity} (${total}).`,
          );
        }
        return { ok: true, cart: cartView(await updateCartLine(context.shopperId, lineId, quantity)) };
      }),
    });
    tools.remove_from_cart = tool({
      description: 'Remove a line from the cart (lineId from view_cart).',
      inputSchema: TOOL_INPUTS.remove_from_cart,
      execute: guarded(async ({ lineId }) => {
        const before = viewCart === undefined ? undefined : await viewCart(context.shopperId);
        const removed = before?.lines.find((line) => line.id === lineId);
        const cart = cartView(await updateCartLine(context.shopperId, lineId, 0));
        return {
          ok: true,
          removed: removed === undefined ? null : { title: removed.title, options: removed.options },
          cart,
        };
      }),
    });
  }
  const applyCoupon = services.applyCoupon?.bind(services);
  const viewWallet = services.viewWallet?.bind(services);
  if (applyCoupon !== undefined) {
    tools.apply_coupon = tool({
      description:
        'Apply a coupon code to the cart (a code from view_wallet or list_offers). Needs the shopper to confirm the summary first.',
      inputSchema: TOOL_INPUTS.apply_coupon,
      execute: guarded(async ({ code }) => {
        const coupon = (await viewWallet?.(context.shopperId))?.find(
          (item) => item.code.toUpperCase() === code.toUpperCase(),
        );
        const reward = coupon === undefined ? '' : ` (${describeReward(coupon.reward)})`;
        return pend('apply_coupon', { code }, `Apply the coupon ${code}${reward} to the cart.`);
      }),
    });
  }
  return tools;
}
