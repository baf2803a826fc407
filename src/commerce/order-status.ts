/** Every status an order can have. */
export const ORDER_STATUSES = [
  'pending',
  'paid',
  'fulfilled',
  'delivered',
  'cancelled',
  'return_requested',
  'returned',
  'refunded',
] as const;

/** Where an order is in its life. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What can happen to an order. Return events are derived from the order's returns (see below). */
export type OrderEvent = 'pay' | 'fulfil' | 'deliver' | 'cancel';

const TRANSITIONS: Record<OrderEvent, readonly OrderStatus[]> = {
  pay: ['pending'],
  fulfil: ['paid'],
  deliver: ['fulfilled'],
  // Cancelling is only possible before fulfilment; a fulfilled order comes back as a return.
  cancel: ['pending', 'paid'],
};

const TARGET: Record<OrderEvent, OrderStatus> = {
  pay: 'paid',
  fulfil: 'fulfilled',
  deliver: 'delivered',
  cancel: 'cancelled',
};

/** The statuses from which `event` may happen. */
export function statusesAllowing(event: OrderEvent): readonly OrderStatus[] {
  return TRANSITIONS[event];
}

/** The status after `event`, or undefined when the event is not allowed from `status`. */
export function nextStatus(status: OrderStatus, event: OrderEvent): OrderStatus | undefined {
  return TRANSITIONS[event].includes(status) ? TARGET[event] : undefined;
}

/** Statuses of an order that was paid, whatever happened after (returns and refunds included). */
export const PAID_STATUSES: readonly OrderStatus[] = [
  'paid',
  'fulfilled',
  'delivered',
  'return_requested',
  'returned',
  'refunded',
];

/** Statuses from which a shopper may ask to return lines (inside the return window). */
export const RETURNABLE_STATUSES: readonly OrderStatus[] = [
  'delivered',
  'return_requested',
  'returned',
  'refunded',
];

/** Where a return is: asked for, goods received back (stock restored), money refunded. */
export type ReturnStatus = 'requested' | 'received' | 'refunded';

/**
 * The status of a delivered order given its returns: any return still awaiting its goods makes it
 * `return_requested`; otherwise any return whose refund is not yet recorded makes it `returned`;
 * otherwise, once every return is refunded, `refunded`. No returns: still `delivered`.
 */
export function statusFromReturns(returns: readonly ReturnStatus[]): OrderStatus {
  if (returns.length === 0) return 'delivered';
  if (returns.includes('requested')) return 'return_requested';
  if (returns.includes('received')) return 'returned';
  return 'refunded';
}

/** True when a string names an order status. */
export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
