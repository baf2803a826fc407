import type { OrderView, ReturnView } from './commerce-schemas.js';
import type { OrderRecord, ReturnRecord } from './commerce-store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The shopper-facing view of an order record; `returnWindowDays` sets `returnableUntil`. */
export function toOrderView(order: OrderRecord, returnWindowDays: number): OrderView {
  const money = (amount: number) => ({ amount, currency: order.currency });
  const returnOfLine = new Map<string, string>();
  for (const item of order.returns) for (const lineId of item.lineIds) returnOfLine.set(lineId, item.id);
  const refunded = order.payments
    .filter((payment) => payment.kind === 'refund' && payment.status === 'succeeded')
    .reduce((sum, payment) => sum + payment.amount, 0);
  return {
    id: order.id,
    status: order.status,
    channel: order.channel,
    ...(order.agentId === undefined ? {} : { agentId: order.agentId }),
    ...(order.cancelReason === undefined ? {} : { cancelReason: order.cancelReason }),
    lines: order.lines.map((line) => {
      const returnId = returnOfLine.get(line.id);
      return {
        id: line.id,
        variantId: line.variantId,
        productId: line.productId,
        title: line.title,
        options: line.options,
        quantity: line.quantity,
        unitPrice: money(line.unitPrice),
        discount: money(line.discount),
        paid: money(line.paidAmount),
        ...(returnId === undefined ? {} : { returnId }),
      };
    }),
    coupons: order.coupons.map((coupon) => ({
      code: coupon.code,
      campaignId: coupon.campaignId,
      discount: money(coupon.discount + coupon.shippingDiscount),
    })),
    subtotal: money(order.subtotal),
    discount: money(order.discount),
    shipping: money(order.shipping),
    total: money(order.total),
    refunded: money(refunded),
    shippingAddress: order.shippingAddress,
    payment: order.paymentMethod,
    returns: order.returns.map(toReturnView),
    createdAt: iso(order.createdAt),
    ...optionalIso('placedAt', order.placedAt),
    ...optionalIso('paidAt', order.paidAt),
    ...optionalIso('fulfilledAt', order.fulfilledAt),
    ...optionalIso('deliveredAt', order.deliveredAt),
    ...optionalIso('cancelledAt', order.cancelledAt),
    ...optionalIso(
      'returnableUntil',
      order.deliveredAt === undefined ? undefined : order.deliveredAt + returnWindowDays * DAY_MS,
    ),
  };
}

/** The view of one return. */
export function toReturnView(item: ReturnRecord): ReturnView {
  return {
    id: item.id,
    orderId: item.orderId,
    status: item.status,
    reason: item.reason,
    lineIds: [...item.lineIds],
    refund: { amount: item.refundAmount, currency: item.currency },
    createdAt: iso(item.createdAt),
    ...optionalIso('receivedAt', item.receivedAt),
    ...optionalIso('refundedAt', item.refundedAt),
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function optionalIso<K extends string>(name: K, epochMs: number | undefined): Partial<Record<K, string>> {
  return epochMs === undefined ? {} : ({ [name]: iso(epochMs) } as Record<K, string>);
}

/** Milliseconds in a day, for return windows. */
export const ONE_DAY_MS = DAY_MS;
