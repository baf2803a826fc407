import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import {
  AddLineInput,
  ApplyCouponInput,
  CardInput,
  CartView,
  CheckoutInput,
  OrderPage,
  OrderView,
  PaymentTokenView,
  ReturnInput,
  ReturnView,
  UpdateLineInput,
} from '../../commerce/index.js';
import type { RouteModule } from '../server.js';

const Id = z.string().min(1).max(128);
const LineParams = z.object({ lineId: Id }).strict();
const CodeParams = z.object({ code: z.string().min(1).max(64) }).strict();
const OrderParams = z.object({ id: Id }).strict();
const PageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).optional(),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();
const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().optional() });

const security = [{ bearer: [] }];

/** The Idempotency-Key header, if the client sent one. */
export function idempotencyKeyOf(headers: Record<string, unknown>): string | undefined {
  const value = headers['idempotency-key'];
  return typeof value === 'string' ? value : undefined;
}

/** Shopper commerce routes: cart, checkout, orders, cancellation and returns. */
export const commerceRoutes: RouteModule = (server, context) => {
  const { carts, checkout, orders } = context.commerce;
  const shopper = { preHandler: context.requireShopper };

  server.get(
    '/api/v1/cart',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: { tags: ['cart'], summary: "The shopper's cart", security, response: { 200: CartView } },
    },
    async (request) => carts.getCart(request.shopperId),
  );

  server.post(
    '/api/v1/cart/lines',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: {
        tags: ['cart'],
        summary: 'Add a variant to the cart (merges with an existing line)',
        security,
        body: AddLineInput,
        response: { 200: CartView },
      },
    },
    async (request) => carts.addLine(request.shopperId, request.body),
  );

  server.patch(
    '/api/v1/cart/lines/:lineId',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: {
        tags: ['cart'],
        summary: "Change a line's quantity (0 removes it)",
        security,
        params: LineParams,
        body: UpdateLineInput,
        response: { 200: CartView },
      },
    },
    async (request) => carts.updateLine(request.shopperId, request.params.lineId, request.body.quantity),
  );

  server.delete(
    '/api/v1/cart/lines/:lineId',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: {
        tags: ['cart'],
        summary: 'Remove a line',
        security,
        params: LineParams,
        response: { 200: CartView },
      },
    },
    async (request) => carts.removeLine(request.shopperId, request.params.lineId),
  );

  server.post(
    '/api/v1/cart/coupons',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: {
        tags: ['cart'],
        summary: "Apply a coupon code; answers the coupon's error code when it does not apply",
        security,
        body: ApplyCouponInput,
        response: { 200: CartView },
      },
    },
    async (request) => carts.applyCoupon(request.shopperId, request.body.code),
  );

  server.delete(
    '/api/v1/cart/coupons/:code',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: {
        tags: ['cart'],
        summary: 'Remove a coupon code from the cart',
        security,
        params: CodeParams,
        response: { 200: CartView },
      },
    },
    async (request) => carts.removeCoupon(request.shopperId, request.params.code),
  );

  server.post(
    '/api/v1/payment-methods',
    {
      config: { admission: Admission.checkout },
      ...shopper,
      schema: {
        tags: ['checkout'],
        summary: 'Save a card: answers its token (tok_...) to pay with, and its last 4 digits',
        description:
          'The card number is never stored: checkout, the assistant and agents pay with the token. The same card of the same shopper always gets the same token.',
        security,
        body: CardInput,
        response: { 201: PaymentTokenView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await checkout.saveCard(request.shopperId, request.body)),
  );

  server.post(
    '/api/v1/checkout',
    {
      config: { admission: Admission.checkout },
      ...shopper,
      schema: {
        tags: ['checkout'],
        summary:
          'Place the order: reserve stock and coupons, capture payment, commit (Idempotency-Key required)',
        description:
          'Pay with a saved card ({type: "test_card", token}) or a card ({type: "test_card", number}), which is saved first. Test cards: 4242424242424242 succeeds, 4000000000000002 is declined, 4000000000000259 fails (docs/payments.md).',
        security,
        headers: IdempotencyHeaders,
        body: CheckoutInput,
        response: { 201: OrderView },
      },
    },
    async (request, reply) => {
      const placed = await checkout.checkout(
        request.shopperId,
        request.body,
        idempotencyKeyOf(request.headers),
      );
      // A replayed refusal (a decline) is thrown again and sent by the error handler, marked too.
      if (placed.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(placed.value);
    },
  );

  server.get(
    '/api/v1/orders',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: {
        tags: ['orders'],
        summary: "The shopper's orders, newest first",
        security,
        querystring: PageQuery,
        response: { 200: OrderPage },
      },
    },
    async (request) => orders.listOrders(request.shopperId, request.query),
  );

  server.get(
    '/api/v1/orders/:id',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: {
        tags: ['orders'],
        summary: 'One order',
        security,
        params: OrderParams,
        response: { 200: OrderView },
      },
    },
    async (request) => orders.getOrder(request.shopperId, request.params.id),
  );

  server.post(
    '/api/v1/orders/:id/cancel',
    {
      config: { admission: Admission.checkout },
      ...shopper,
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order that is not yet fulfilled (stock back, refund, coupons released)',
        security,
        headers: IdempotencyHeaders,
        params: OrderParams,
        response: { 200: OrderView },
      },
    },
    async (request, reply) => {
      const cancelled = await orders.cancelOrder(
        request.shopperId,
        request.params.id,
        idempotencyKeyOf(request.headers),
      );
      if (cancelled.replayed) reply.header('idempotent-replayed', 'true');
      return cancelled.value;
    },
  );

  server.post(
    '/api/v1/orders/:id/returns',
    {
      config: { admission: Admission.browse },
      ...shopper,
      schema: {
        tags: ['orders'],
        summary: 'Return lines of a delivered order inside the return window',
        security,
        headers: IdempotencyHeaders,
        params: OrderParams,
        body: ReturnInput,
        response: { 201: ReturnView },
      },
    },
    async (request, reply) => {
      const requested = await orders.requestReturn(
        request.shopperId,
        request.params.id,
        request.body,
        idempotencyKeyOf(request.headers),
      );
      if (requested.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(requested.value);
    },
  );
};
