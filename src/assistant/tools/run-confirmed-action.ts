import type { AssistantAddress } from '../services.js';
import { cartView, couponView, failure, orderView } from './tool-output.js';
import type { TurnContext } from './turn-context.js';

/** Carries out a money action the shopper confirmed, by its stored arguments; failures are values. */
export async function runConfirmed(
  context: TurnContext,
  action: string,
  args: Readonly<Record<string, unknown>>,
  confirmationId: string,
): Promise<object> {
  const services = context.services;
  const shopperId = context.shopperId;
  switch (action) {
    case 'checkout': {
      if (services.checkout === undefined || services.viewCart === undefined)
        return failure('UNAVAILABLE', 'Checkout is unavailable.');
      const expected = args.expectedTotal as { amount: number; currency: string };
      const cart = await services.viewCart(shopperId);
      if (cart.total.amount !== expected.amount || cart.total.currency !== expected.currency) {
        return failure('CART_CHANGED', 'The cart changed since you confirmed; please confirm the new total.');
      }
      const order = await services.checkout(
        shopperId,
        {
          payment: { type: 'test_card', token: String(args.cardToken) },
          shippingAddress: args.shippingAddress as AssistantAddress,
          expectedTotal: expected,
          expectedLines: args.expectedLines as { variantId: string; quantity: number }[] | undefined,
        },
        confirmationId,
      );
      return { order: orderView(order) };
    }
    case 'cancel_order': {
      if (services.cancelOrder === undefined) return failure('UNAVAILABLE', 'Cancelling is unavailable.');
      return { order: orderView(await services.cancelOrder(shopperId, String(args.orderId))) };
    }
    case 'return_items': {
      if (services.returnItems === undefined) return failure('UNAVAILABLE', 'Returns are unavailable.');
      const created = await services.returnItems(
        shopperId,
        String(args.orderId),
        args.lineIds as string[],
        String(args.reason),
      );
      return {
        return: {
          returnId: created.id,
          orderId: created.orderId,
          status: created.status,
          refund: created.refund,
        },
      };
    }
    case 'add_to_cart': {
      if (services.addToCart === undefined) return failure('UNAVAILABLE', 'The cart is unavailable.');
      const variantId = String(args.variantId);
      const quantity = Number(args.quantity);
      const cart = cartView(await services.addToCart(shopperId, variantId, quantity));
      const line = cart.lines.find((item) => item.variantId === variantId);
      return { added: line === undefined ? null : { ...line, quantityAdded: quantity }, cart };
    }
    case 'update_cart_line': {
      if (services.updateCartLine === undefined) return failure('UNAVAILABLE', 'The cart is unavailable.');
      return {
        cart: cartView(await services.updateCartLine(shopperId, String(args.lineId), Number(args.quantity))),
      };
    }
    case 'apply_coupon': {
      if (services.applyCoupon === undefined) return failure('UNAVAILABLE', 'Coupons are unavailable.');
      const code = String(args.code);
      return { code, cart: cartView(await services.applyCoupon(shopperId, code)) };
    }
    case 'claim_coupon': {
      if (services.claimCoupon === undefined) return failure('UNAVAILABLE', 'Claiming is unavailable.');
      return {
        coupon: couponView(await services.claimCoupon(shopperId, String(args.campaignId), confirmationId)),
      };
    }
    default:
      return failure('UNKNOWN_ACTION', 'Unknown action.');
  }
}
