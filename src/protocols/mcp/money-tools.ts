import type { CallToolResult, McpServer, ToolAnnotations } from '@modelcontextprotocol/server';
import { z } from 'zod';
import {
  type ConfirmableAction,
  cartView,
  checkoutSummary,
  couponView,
  hashArgs,
  orderView,
} from '../../assistant/index.js';
import { PAYMENT_TOKEN_PATTERN, ShippingAddress } from '../../commerce/index.js';
import { formatMoney, type Money, MoneySchema } from '../../shared/money.js';
import type { Confirmation, ConfirmationTokens } from '../confirmation-tokens.js';
import { ConfirmationSchema, CouponSchema, OrderSchema, ReturnSchema } from './mcp-schemas.js';
import { Id, type ToolScope } from './shop-tools.js';
import { answer, guarded, refusal } from './tool-results.js';

/** Takes money or gives it back; the same arguments and token repeat nothing. */
const MONEY: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: false,
};

const Token = z
  .string()
  .min(20)
  .max(4096)
  .describe('the confirmationToken of the previous call, after the shopper said yes to its summary');
const Status = z.enum(['confirmation_required', 'done']);
const ConfirmedLines = z.array(z.object({ variantId: Id, quantity: z.number().int().min(1) }));

/**
 * Registers the tools that move money or coupons. Checkout, cancel and return run in two calls:
 * the first answers a summary and a signed token, the second, with the same arguments and the
 * token, acts under an idempotency key named by the token, so a retried second call never acts
 * twice. A claim costs the shopper nothing and takes the caller's own Idempotency-Key instead.
 */
export function registerMoneyTools(
  server: McpServer,
  scope: ToolScope,
  confirmations: ConfirmationTokens,
): void {
  const { services, shopperId, onError } = scope;

  /** The first call's answer: what will happen, and the token that lets it happen. */
  async function confirmationFor(
    action: ConfirmableAction,
    argsHash: string,
    summary: string,
    facts: Record<string, unknown>,
  ): Promise<CallToolResult> {
    const issued = await confirmations.issue(shopperId, action, argsHash, facts);
    return answer({
      status: 'confirmation_required',
      confirmation: { summary, confirmationToken: issued.token, expiresAt: issued.expiresAt },
    });
  }
  /** The confirmation a second call brings, or the refusal to answer with. */
  async function confirmed(
    token: string,
    action: ConfirmableAction,
    argsHash: string,
  ): Promise<Confirmation | CallToolResult> {
    const verdict = await confirmations.verify(token, shopperId, action, argsHash);
    return verdict.ok ? verdict.confirmation : refusal(verdict.code);
  }
  const isRefusal = (value: Confirmation | CallToolResult): value is CallToolResult => 'content' in value;
  const keyOf = (confirmation: Confirmation) => `mcp:${confirmation.nonce}`;

  const claimCoupon = services.claimCoupon?.bind(services);
  if (claimCoupon !== undefined) {
    server.registerTool(
      'claim_coupon',
      {
        title: 'Claim a coupon',
        description:
          'Claims the coupon of a live campaign (campaignId from list_offers) into the wallet. Send a fresh idempotencyKey per claim and the same one when retrying. While the campaign has a queue the answer is QUEUE_TICKET_REQUIRED with the position and wait: the place is kept, call again after the wait.',
        inputSchema: z
          .object({
            campaignId: Id,
            idempotencyKey: z.string().regex(/^[\x21-\x7e]{1,255}$/, '1 to 255 printable ASCII characters'),
          })
          .strict(),
        outputSchema: z.object({ coupon: CouponSchema }),
        annotations: { ...MONEY, destructiveHint: false },
      },
      guarded(onError, async ({ campaignId, idempotencyKey }) =>
        answer({ coupon: couponView(await claimCoupon(shopperId, campaignId, `mcp:${idempotencyKey}`)) }),
      ),
    );
  }

  const viewCart = services.viewCart?.bind(services);
  const checkout = services.checkout?.bind(services);
  const saveCard = services.saveCard?.bind(services);
  if (viewCart !== undefined && checkout !== undefined && saveCard !== undefined) {
    server.registerTool(
      'checkout',
      {
        title: 'Check out',
        description:
          'Places an order for the cart. Call it first without confirmationToken: the answer is a summary (lines, coupons, address, total) to show the shopper. Only after the shopper says yes, call it again with the same arguments and the confirmationToken. The order is charged only at the total the shopper saw. Pay with cardToken (a saved card, tok_...) or cardNumber, which is saved at once and never kept: the summary names the token to use from then on.',
        inputSchema: z
          .object({
            cardNumber: z
              .string()
              .regex(/^\d{12,19}$/, 'a card number is 12 to 19 digits')
              .optional(),
            cardToken: z
              .string()
              .regex(PAYMENT_TOKEN_PATTERN, 'a card token is tok_ and 24 characters')
              .optional(),
            shippingAddress: ShippingAddress,
            confirmationToken: Token.optional(),
          })
          .strict()
          .refine((input) => (input.cardNumber === undefined) !== (input.cardToken === undefined), {
            message: 'send cardNumber or cardToken, not both',
          }),
        outputSchema: z.object({
          status: Status,
          confirmation: ConfirmationSchema.optional(),
          order: OrderSchema.optional(),
        }),
        annotations: MONEY,
      },
      guarded(onError, async ({ cardNumber, cardToken, shippingAddress, confirmationToken }) => {
        // Saved first: the confirmation binds the card's token, and no number is hashed or kept.
        const card = await saveCard(
          shopperId,
          cardNumber === undefined
            ? { type: 'test_card', token: cardToken ?? '' }
            : { type: 'test_card', number: cardNumber },
        );
        const argsHash = hashArgs('checkout', { card: card.token, shippingAddress });
        if (confirmationToken === undefined) {
          const cart = await viewCart(shopperId);
          if (cart.lines.length === 0) return refusal('CART_EMPTY');
          const summary = `${checkoutSummary(cartView(cart))} Paid with the card ending ${card.last4} (cardToken ${card.token}). Shipped to ${shippingAddress.name}, ${shippingAddress.line1}, ${shippingAddress.city} ${shippingAddress.postalCode}, ${shippingAddress.country}.`;
          // The token carries what the summary showed: the checkout buys exactly these lines at this total.
          return confirmationFor('checkout', argsHash, summary, {
            total: cart.total,
            lines: cart.lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })),
          });
        }
        const confirmation = await confirmed(confirmationToken, 'checkout', argsHash);
        if (isRefusal(confirmation)) return confirmation;
        const total = MoneySchema.parse(confirmation.facts.total);
        const lines = ConfirmedLines.parse(confirmation.facts.lines);
        const order = await checkout(
          shopperId,
          {
            payment: { type: 'test_card', token: card.token },
            shippingAddress,
            expectedTotal: total,
            expectedLines: lines,
          },
          keyOf(confirmation),
          scope.agentId,
        );
        return answer({ status: 'done', order: orderView(order) });
      }),
    );
  }

  const findOrder = services.findOrder?.bind(services);
  const cancelOrder = services.cancelOrder?.bind(services);
  if (findOrder !== undefined && cancelOrder !== undefined) {
    server.registerTool(
      'cancel_order',
      {
        title: 'Cancel an order',
        description:
          'Cancels a paid order that has not shipped and refunds it. First call without confirmationToken for the summary; after the shopper says yes, call again with the token.',
        inputSchema: z.object({ orderId: Id, confirmationToken: Token.optional() }).strict(),
        outputSchema: z.object({
          status: Status,
          confirmation: ConfirmationSchema.optional(),
          order: OrderSchema.optional(),
        }),
        annotations: MONEY,
      },
      guarded(onError, async ({ orderId, confirmationToken }) => {
        const argsHash = hashArgs('cancel_order', { orderId });
        if (confirmationToken === undefined) {
          const order = await findOrder(shopperId, orderId);
          if (order === undefined) return refusal('ORDER_NOT_FOUND');
          if (order.status !== 'paid' && order.status !== 'pending') {
            return refusal(
              'ORDER_NOT_CANCELLABLE',
              `Order ${order.id} is ${order.status}; it can no longer be cancelled.`,
            );
          }
          const summary = `Cancel order ${order.id} (${order.status}) and refund ${formatMoney(order.total)} to the card it was paid with.`;
          return confirmationFor('cancel_order', argsHash, summary, {});
        }
        const confirmation = await confirmed(confirmationToken, 'cancel_order', argsHash);
        if (isRefusal(confirmation)) return confirmation;
        const order = await cancelOrder(shopperId, orderId, keyOf(confirmation));
        return answer({ status: 'done', order: orderView(order) });
      }),
    );
  }

  const returnItems = services.returnItems?.bind(services);
  if (findOrder !== undefined && returnItems !== undefined) {
    server.registerTool(
      'return_items',
      {
        title: 'Return items',
        description:
          'Asks to return lines of a delivered order (all lines not yet returned when lineIds is left out); the refund is paid when the goods arrive. First call without confirmationToken for the summary; after the shopper says yes, call again with the same arguments and the token.',
        inputSchema: z
          .object({
            orderId: Id,
            lineIds: z.array(Id).min(1).max(50).optional(),
            reason: z.string().trim().min(1).max(500),
            confirmationToken: Token.optional(),
          })
          .strict(),
        outputSchema: z.object({
          status: Status,
          confirmation: ConfirmationSchema.optional(),
          return: ReturnSchema.optional(),
        }),
        annotations: MONEY,
      },
      guarded(onError, async ({ orderId, lineIds, reason, confirmationToken }) => {
        const argsHash = hashArgs('return_items', { orderId, lineIds: lineIds ?? null, reason });
        if (confirmationToken === undefined) {
          const order = await findOrder(shopperId, orderId);
          if (order === undefined) return refusal('ORDER_NOT_FOUND');
          const lines = orderView(order).lines.filter(
            (line) => !line.returned && (lineIds === undefined || lineIds.includes(line.lineId)),
          );
          if (order.status !== 'delivered' && order.status !== 'return_requested') {
            return refusal(
              'ORDER_NOT_RETURNABLE',
              `Order ${order.id} is ${order.status}; only delivered orders can be returned.`,
            );
          }
          if (lines.length === 0 || (lineIds !== undefined && lines.length !== lineIds.length)) {
            return refusal(
              'ORDER_NOT_RETURNABLE',
              'Those lines are not on the order or are already returned.',
            );
          }
          const refund: Money = {
            amount: lines.reduce((sum, line) => sum + line.paid.amount, 0),
            currency: order.total.currency,
          };
          const titles = lines.map((line) => `${line.quantity} × ${line.title}`).join(', ');
          const summary = `Return ${titles} from order ${order.id}; ${formatMoney(refund)} is refunded once the goods arrive. Reason: ${reason}.`;
          return confirmationFor('return_items', argsHash, summary, {
            lineIds: lines.map((line) => line.lineId),
          });
        }
        const confirmation = await confirmed(confirmationToken, 'return_items', argsHash);
        if (isRefusal(confirmation)) return confirmation;
        const confirmedLines = z.array(Id).parse(confirmation.facts.lineIds);
        const created = await returnItems(shopperId, orderId, confirmedLines, reason, keyOf(confirmation));
        return answer({
          status: 'done',
          return: {
            returnId: created.id,
            orderId: created.orderId,
            status: created.status,
            refund: created.refund,
            lineIds: [...created.lineIds],
          },
        });
      }),
    );
  }
}
