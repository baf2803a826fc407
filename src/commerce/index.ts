/** Commerce: carts, checkout as compensated steps, orders, payments and returns. */
export { type CartService, createCartService, EMPTY_CART_CURRENCY } from './cart-service.js';
export { type CheckoutService, capturePaymentKey, createCheckoutService } from './checkout-service.js';
export * from './commerce-schemas.js';
export type { CartStore, CheckoutStore, CommerceStore, OrderStore } from './commerce-store.js';
export type {
  AppliedCoupon,
  CouponContext,
  CouponHook,
  CouponQuote,
  PricedLine,
} from './coupon-hook.js';
export { type ItemQuote, type QuotedLine, quoteItems } from './item-quote.js';
export { createNoCouponsHook } from './no-coupons.js';
export { createOrderService, type OrderService, type PageRequest } from './order-service.js';
export {
  nextStatus,
  ORDER_STATUSES,
  type OrderStatus,
  PAID_STATUSES,
  statusFromReturns,
} from './order-status.js';
export type { ReconcileReport } from './payments/capture-reconciler.js';
export { createFaultyPaymentProvider, type PaymentFaults } from './payments/faulty-payment-provider.js';
export {
  type CardDetails,
  KEY_REUSED,
  PAYMENT_TOKEN_PATTERN,
  type PaymentLookup,
  type PaymentMethod,
  type PaymentProvider,
  type PaymentToken,
} from './payments/payment-provider.js';
export {
  createMemoryPaymentLedger,
  createTestPaymentProvider,
  type LedgerEntry,
  TEST_CARDS,
  type TestPaymentLedger,
} from './payments/test-payment-provider.js';
export { type ReservationSweeper, startReservationSweeper } from './reservation-sweeper.js';
export {
  FLAT_SHIPPING,
  FREE_SHIPPING_FROM,
  type ShippingRule,
  shippingFor,
  shippingRule,
} from './shipping.js';
export { createShopperHistory } from './shopper-history.js';
export type { StockListener } from './stock-listener.js';

import type { CartService } from './cart-service.js';
import type { CheckoutService } from './checkout-service.js';
import type { OrderService } from './order-service.js';

/** The commerce services the edge, the assistant and the protocol adapters call. */
export interface Commerce {
  readonly carts: CartService;
  readonly checkout: CheckoutService;
  readonly orders: OrderService;
}
