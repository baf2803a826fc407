import type {
  OrderCoupon,
  OrderRecord,
  PaymentRecord,
  RefundDue,
  ReturnRecord,
  VariantSnapshot,
} from '../../commerce/commerce-store.js';
import {
  type OrderStatus,
  RETURNABLE_STATUSES,
  type ReturnStatus,
  statusFromReturns,
} from '../../commerce/order-status.js';

export interface Cart {
  readonly id: string;
  readonly shopperId: string;
  couponCodes: readonly string[];
  lines: { readonly id: string; readonly variantId: string; quantity: number; readonly createdAt: number }[];
  checkoutId: string | undefined;
  checkoutStartedAt: number | undefined;
}

export interface Reservation {
  readonly id: string;
  readonly variantId: string;
  readonly quantity: number;
  state: 'held' | 'sold' | 'released';
}

export interface Payment {
  readonly orderId: string;
  readonly kind: 'capture' | 'refund';
  readonly effectKey: string;
  readonly returnId: string | undefined;
  readonly providerKey: string | undefined;
  status: PaymentRecord['status'];
  providerReference: string | undefined;
  readonly amount: number;
  readonly currency: string;
  readonly createdAt: number;
}

export interface Return {
  readonly id: string;
  status: ReturnStatus;
  readonly reason: string;
  readonly lines: readonly {
    readonly orderLineId: string;
    readonly variantId: string;
    readonly quantity: number;
  }[];
  readonly refundAmount: number;
  readonly currency: string;
  readonly createdAt: number;
  receivedAt: number | undefined;
  refundedAt: number | undefined;
}

export type Order = Omit<OrderRecord, 'lines' | 'returns' | 'payments' | 'status' | 'cancelReason'> & {
  status: OrderStatus;
  cancelReason: string | undefined;
  readonly lines: OrderRecord['lines'];
  readonly coupons: readonly OrderCoupon[];
  readonly reservations: Reservation[];
  readonly returns: Return[];
  couponsReleasedAt: number | undefined;
} & {
  -readonly [K in 'placedAt' | 'paidAt' | 'fulfilledAt' | 'deliveredAt' | 'cancelledAt']: number | undefined;
};

/** The records of the memory adapter and the rules its three ports share, over one process's memory. */
export function createMemoryState() {
  const variants = new Map<string, VariantSnapshot & { stock: number }>();
  const carts = new Map<string, Cart>();
  const cartsById = new Map<string, Cart>();
  const orders = new Map<string, Order>();
  const payments: Payment[] = [];

  const cartById = (cartId: string) => cartsById.get(cartId);
  const orderOf = (orderId: string) => orders.get(orderId);

  function variantOf(variantId: string): VariantSnapshot | undefined {
    const variant = variants.get(variantId);
    return variant === undefined ? undefined : { ...variant, options: { ...variant.options } };
  }

  function releaseReservations(order: Order, states: readonly Reservation['state'][]): string[] {
    const released: string[] = [];
    for (const reservation of [...order.reservations].sort((a, b) =>
      a.variantId.localeCompare(b.variantId),
    )) {
      if (!states.includes(reservation.state)) continue;
      reservation.state = 'released';
      const variant = variants.get(reservation.variantId);
      if (variant !== undefined) variant.stock += reservation.quantity;
      released.push(reservation.variantId);
    }
    return released;
  }

  /** The SQL adapter's `openRefundIn`: one row per effect key, never past what the capture has left. */
  function openRefund(
    orderId: string,
    effectKey: string,
    returnId: string | undefined,
    amount: number | undefined,
    now: number,
  ): RefundDue | undefined {
    const capture = payments.find(
      (row) => row.orderId === orderId && row.kind === 'capture' && row.status === 'succeeded',
    );
    if (capture?.providerReference === undefined) return undefined;
    let refund = payments.find((row) => row.effectKey === effectKey);
    if (refund === undefined) {
      const refunded = payments
        .filter((row) => row.orderId === orderId && row.kind === 'refund')
        .reduce((sum, row) => sum + row.amount, 0);
      const remaining = capture.amount - refunded;
      if (remaining <= 0) return undefined;
      refund = {
        orderId,
        kind: 'refund',
        effectKey,
        returnId,
        providerKey: undefined,
        status: 'pending',
        providerReference: undefined,
        amount: Math.min(amount ?? remaining, remaining),
        currency: capture.currency,
        createdAt: now,
      };
      payments.push(refund);
    }
    if (refund.status !== 'pending') return undefined;
    return {
      effectKey: refund.effectKey,
      captureReference: capture.providerReference,
      amount: refund.amount,
      currency: refund.currency,
    };
  }

  function refreshReturnStatus(order: Order): void {
    if (RETURNABLE_STATUSES.includes(order.status)) {
      order.status = statusFromReturns(order.returns.map((item) => item.status));
    }
  }

  function toRecord(order: Order): OrderRecord {
    const { reservations: _reservations, couponsReleasedAt: _released, returns, ...rest } = order;
    return structuredClone({
      ...rest,
      coupons: [...order.coupons],
      returns: returns.map(
        (item): ReturnRecord => ({
          id: item.id,
          orderId: order.id,
          status: item.status,
          reason: item.reason,
          lineIds: item.lines.map((line) => line.orderLineId),
          refundAmount: item.refundAmount,
          currency: item.currency,
          createdAt: item.createdAt,
          receivedAt: item.receivedAt,
          refundedAt: item.refundedAt,
        }),
      ),
      payments: payments
        .filter((row) => row.orderId === order.id)
        .map(
          (row): PaymentRecord => ({
            kind: row.kind,
            effectKey: row.effectKey,
            status: row.status,
            amount: row.amount,
            currency: row.currency,
            createdAt: row.createdAt,
          }),
        ),
    });
  }

  const unsettled = (row: Payment) => row.status === 'pending' || row.status === 'authorized';
  const byCreated = (a: { createdAt: number }, b: { createdAt: number }) => a.createdAt - b.createdAt;

  return {
    variants,
    carts,
    cartsById,
    orders,
    payments,
    cartById,
    orderOf,
    variantOf,
    releaseReservations,
    openRefund,
    refreshReturnStatus,
    toRecord,
    unsettled,
    byCreated,
  };
}

/** The memory adapter's records, shared by its three ports. */
export type MemoryState = ReturnType<typeof createMemoryState>;
