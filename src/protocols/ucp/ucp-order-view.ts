import type { OrderView } from '../../commerce/index.js';
import { postalAddressOf } from './ucp-address.js';
import { ucpMember } from './ucp-meta.js';

/** How far a line has got, as an order line's status. */
function lineStatus(order: OrderView, line: OrderView['lines'][number]): string {
  if (order.status === 'cancelled' || line.returnId !== undefined) return 'removed';
  if (order.fulfilledAt !== undefined || order.deliveredAt !== undefined) return 'fulfilled';
  return 'processing';
}

/** An order in UCP's words: lines, where they go, what happened to them, and the money. */
export function orderView(order: OrderView, checkoutId: string, origin: string) {
  const shipped = order.fulfilledAt ?? order.deliveredAt;
  const amount = (money: { amount: number }) => money.amount;
  const refundState = order.refunded.amount >= order.total.amount ? 'completed' : 'pending';
  const adjustments = [
    ...(order.cancelledAt === undefined
      ? []
      : [
          {
            id: `${order.id}:cancel`,
            type: 'cancellation',
            occurred_at: order.cancelledAt,
            status: 'completed',
            line_items: order.lines.map((line) => ({ id: line.id, quantity: -line.quantity })),
          },
          {
            id: `${order.id}:refund`,
            type: 'refund',
            occurred_at: order.cancelledAt,
            status: order.total.amount === 0 ? 'completed' : refundState,
            totals: [{ type: 'total', display_text: 'Refunded', amount: amount(order.refunded) }],
          },
        ]),
    ...order.returns.map((item) => ({
      id: item.id,
      type: 'return',
      occurred_at: item.createdAt,
      status: item.refundedAt === undefined ? 'pending' : 'completed',
      line_items: item.lineIds.map((id) => ({
        id,
        quantity: -(order.lines.find((line) => line.id === id)?.quantity ?? 0),
      })),
      totals: [{ type: 'total', display_text: 'Refund', amount: amount(item.refund) }],
    })),
  ];
  return {
    ucp: ucpMember('order'),
    id: order.id,
    label: order.id,
    checkout_id: checkoutId,
    permalink_url: `${origin}/orders/${order.id}`,
    currency: order.total.currency,
    line_items: order.lines.map((line) => ({
      id: line.id,
      item: { id: line.variantId, title: line.title, price: line.unitPrice.amount },
      quantity: {
        original: line.quantity,
        total: lineStatus(order, line) === 'removed' ? 0 : line.quantity,
        fulfilled: shipped === undefined ? 0 : line.quantity,
      },
      totals: [
        { type: 'subtotal', display_text: 'Subtotal', amount: line.unitPrice.amount * line.quantity },
        ...(line.discount.amount > 0
          ? [{ type: 'items_discount', display_text: 'Discount', amount: -line.discount.amount }]
          : []),
        { type: 'total', display_text: 'Total', amount: line.paid.amount },
      ],
      status: lineStatus(order, line),
    })),
    fulfillment: {
      expectations: [
        {
          id: `${order.id}:shipping`,
          line_items: order.lines.map((line) => ({ id: line.id, quantity: line.quantity })),
          method_type: 'shipping',
          destination: postalAddressOf(order.shippingAddress),
        },
      ],
      events:
        shipped === undefined
          ? []
          : [
              {
                id: `${order.id}:shipped`,
                occurred_at: shipped,
                type: order.deliveredAt === undefined ? 'shipped' : 'delivered',
                line_items: order.lines.map((line) => ({ id: line.id, quantity: line.quantity })),
              },
            ],
    },
    adjustments,
    totals: [
      { type: 'subtotal', display_text: 'Subtotal', amount: amount(order.subtotal) },
      ...(order.discount.amount > 0
        ? [{ type: 'discount', display_text: 'Discount', amount: -order.discount.amount }]
        : []),
      { type: 'fulfillment', display_text: 'Shipping', amount: amount(order.shipping) },
      { type: 'total', display_text: 'Total', amount: amount(order.total) },
    ],
    messages: [{ type: 'info', code: 'order_status', content: `The order is ${order.status}.` }],
  };
}
