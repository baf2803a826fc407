import { type ToolSet, tool } from 'ai';
import { formatMoney } from '../../shared/money.js';
import { addressLine } from '../language/address-zh.js';
import type { AssistantAddress } from '../services.js';
import { cartTools } from './cart-tools.js';
import { describeReward } from './describe-reward.js';
import {
  type ConfirmationRequest,
  confirmationRequest,
  createPending,
  hashArgs,
} from './pending-confirmation.js';
import { runConfirmed } from './run-confirmed-action.js';
import { AddressSchema, TOOL_INPUTS } from './tool-inputs.js';
import {
  cartView,
  checkoutSummary,
  couponView,
  failure,
  failureFrom,
  offerView,
  orderView,
  productDetail,
  productRow,
} from './tool-output.js';
import type { TurnContext } from './turn-context.js';

const PAGE_SIZE = 5;

/** Output of a tool that ran past its per-turn budget. */
const BUDGET_SPENT = failure('TOOL_BUDGET_SPENT', 'Too many tool calls in one turn.');

/**
 * The tools of one turn, bound to its context. Inputs are the strict schemas of tool-inputs.ts (no
 * shopper id: tools act for `context.shopperId` only); outputs are compact JSON the UI renders as cards. Tools whose
 * service is not wired are left out.
 */
export function createTools(context: TurnContext): ToolSet {
  const services = context.services;
  const tools: ToolSet = {};
  const guarded =
    <I, O>(run: (input: I) => Promise<O>) =>
    async (input: I) => {
      context.toolCalls += 1;
      if (context.toolCalls > context.maxToolCalls) return BUDGET_SPENT;
      try {
        return await run(input);
      } catch (error) {
        return failureFrom(error);
      }
    };

  const searchProducts = services.searchProducts?.bind(services);
  if (searchProducts !== undefined) {
    tools.search_products = tool({
      description:
        'Search the catalog. Put product words in query; prices are integer minor units (cents). Returns up to 5 products; use offset for more.',
      inputSchema: TOOL_INPUTS.search_products,
      execute: guarded(async (input) => {
        const options: Record<string, string[]> = {};
        if (input.colors?.length) options.color = input.colors;
        if (input.sizes?.length) options.size = input.sizes;
        if (input.materials?.length) options.material = input.materials;
        const offset = input.offset ?? 0;
        const result = await searchProducts({
          text: input.query,
          minPrice: input.minPrice,
          maxPrice: input.maxPrice,
          inStock: input.inStock,
          options: Object.keys(options).length === 0 ? undefined : options,
          sort: input.sort === 'rating_desc' ? 'rating' : input.sort === 'newest' ? 'relevance' : input.sort,
          limit: PAGE_SIZE,
          offset,
        });
        return {
          ok: true,
          total: result.total,
          offset,
          items: result.hits.map((hit, index) => productRow(hit, offset + index + 1)),
        };
      }),
    });
  }

  const findProduct = services.findProduct?.bind(services);
  if (findProduct !== undefined) {
    tools.get_product = tool({
      description: 'Get one product with its variants (options, price, stock) by productId.',
      inputSchema: TOOL_INPUTS.get_product,
      execute: guarded(async ({ productId }) => {
        const product = await findProduct(productId);
        return product === undefined
          ? failure('PRODUCT_NOT_FOUND', 'No product has that id.')
          : { ok: true, product: productDetail(product) };
      }),
    });
    tools.compare_products = tool({
      description: 'Compare 2 to 4 products side by side by productId.',
      inputSchema: TOOL_INPUTS.compare_products,
      execute: guarded(async ({ productIds }: { productIds: string[] }) => {
        const products = await Promise.all(productIds.map((id) => findProduct(id)));
        const found = products.filter((product) => product !== undefined);
        if (found.length < 2) return failure('PRODUCT_NOT_FOUND', 'Fewer than two of those products exist.');
        return {
          ok: true,
          products: found.map((product) => ({ ...productDetail(product), variants: undefined })),
        };
      }),
    });
  }

  const viewCart = services.viewCart?.bind(services);
  Object.assign(tools, cartTools(context, guarded, pend));

  const listOffers = services.listOffers?.bind(services);
  if (listOffers !== undefined) {
    tools.list_offers = tool({
      description: 'List live coupon campaigns this shopper can claim.',
      inputSchema: TOOL_INPUTS.list_offers,
      execute: guarded(async () => ({
        ok: true,
        offers: (await listOffers(context.shopperId))
          .slice(0, 10)
          .map((offer, index) => offerView(offer, index + 1)),
      })),
    });
  }
  const claimCoupon = services.claimCoupon?.bind(services);
  if (claimCoupon !== undefined && listOffers !== undefined) {
    tools.claim_coupon = tool({
      description: 'Ask to claim the coupon of a campaign. Needs the shopper to confirm the summary first.',
      inputSchema: TOOL_INPUTS.claim_coupon,
      execute: guarded(async ({ campaignId }) => {
        const offer = (await listOffers(context.shopperId)).find((item) => item.campaignId === campaignId);
        if (offer === undefined) return failure('CAMPAIGN_NOT_FOUND', 'No live campaign has that id.');
        if (offer.claimed) return failure('ALREADY_CLAIMED', 'This coupon is already in your wallet.');
        return pend(
          'claim_coupon',
          { campaignId },
          `Claim the coupon "${offerView(offer, 1).name}" (${describeReward(offer.reward)}).`,
        );
      }),
    });
  }
  const viewWallet = services.viewWallet?.bind(services);
  if (viewWallet !== undefined) {
    tools.view_wallet = tool({
      description: "List the coupons in the shopper's wallet.",
      inputSchema: TOOL_INPUTS.view_wallet,
      execute: guarded(async () => ({
        ok: true,
        coupons: (await viewWallet(context.shopperId)).map(couponView),
      })),
    });
  }
  const checkout = services.checkout?.bind(services);
  const listOrders = services.listOrders?.bind(services);
  const saveCard = services.saveCard?.bind(services);
  if (checkout !== undefined && viewCart !== undefined && saveCard !== undefined) {
    tools.checkout = tool({
      description:
        "Prepare checkout of the cart. Needs the card (the saved card token tok_... that the shopper's message names; card numbers are replaced by tokens before you see them) and a shipping address (or the address of the last order). Needs the shopper to confirm the summary first.",
      inputSchema: TOOL_INPUTS.checkout,
      execute: guarded(async (input) => {
        const cart = await viewCart(context.shopperId);
        if (cart.lines.length === 0) return failure('CART_EMPTY', 'The cart is empty.');
        const address = input.shippingAddress ?? (await lastAddress());
        const needs = [
          ...(input.card === undefined ? ['card'] : []),
          ...(address === undefined ? ['shippingAddress'] : []),
        ];
        if (input.card === undefined || address === undefined) {
          return {
            ok: false,
            needs,
            cart: cartView(cart),
            error: { code: 'CHECKOUT_DETAILS_NEEDED', message: `Checkout needs: ${needs.join(', ')}.` },
          };
        }
        // A number a model passed on anyway is saved here, so only its token is kept in the pending action.
        const card = await saveCard(
          context.shopperId,
          input.card.startsWith('tok_')
            ? { type: 'test_card', token: input.card }
            : { type: 'test_card', number: input.card },
        );
        const summary = `${checkoutSummary(cartView(cart))} Paid with the card ending ${card.last4}. Shipped to ${addressLine(address)}.`;
        return pend(
          'checkout',
          {
            cardToken: card.token,
            shippingAddress: address,
            expectedTotal: cart.total,
            expectedLines: cart.lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })),
          },
          summary,
        );
      }),
    });
  }
  async function lastAddress(): Promise<AssistantAddress | undefined> {
    if (listOrders === undefined) return undefined;
    const orders = await listOrders(context.shopperId);
    const parsed = AddressSchema.safeParse(orders[0]?.shippingAddress);
    return parsed.success ? parsed.data : undefined;
  }

  if (listOrders !== undefined) {
    tools.list_orders = tool({
      description: "List the shopper's orders, newest first.",
      inputSchema: TOOL_INPUTS.list_orders,
      execute: guarded(async () => ({
        ok: true,
        orders: (await listOrders(context.shopperId)).slice(0, 10).map(orderView),
      })),
    });
  }
  const findOrder = services.findOrder?.bind(services);
  if (findOrder !== undefined) {
    tools.get_order = tool({
      description: 'Get one of the shopper’s orders by orderId.',
      inputSchema: TOOL_INPUTS.get_order,
      execute: guarded(async ({ orderId }) => {
        const order = await findOrder(context.shopperId, orderId);
        return order === undefined
          ? failure('ORDER_NOT_FOUND', 'No order of yours has that id.')
          : { ok: true, order: orderView(order) };
      }),
    });
    if (services.cancelOrder !== undefined) {
      tools.cancel_order = tool({
        description: 'Ask to cancel an order. Needs the shopper to confirm the summary first.',
        inputSchema: TOOL_INPUTS.cancel_order,
        execute: guarded(async ({ orderId }) => {
          const order = await findOrder(context.shopperId, orderId);
          if (order === undefined) return failure('ORDER_NOT_FOUND', 'No order of yours has that id.');
          if (!['pending', 'paid'].includes(order.status)) {
            return failure(
              'ORDER_NOT_CANCELLABLE',
              `Order ${order.id} is ${order.status} and can no longer be cancelled.`,
            );
          }
          return pend(
            'cancel_order',
            { orderId },
            `Cancel order ${order.id} (${formatMoney(order.total)}, ${order.status}).`,
          );
        }),
      });
    }
    if (services.returnItems !== undefined) {
      tools.return_items = tool({
        description:
          'Ask to return lines of a delivered order. Needs the shopper to confirm the summary first.',
        inputSchema: TOOL_INPUTS.return_items,
        execute: guarded(async ({ orderId, lineIds, reason }) => {
          const order = await findOrder(context.shopperId, orderId);
          if (order === undefined) return failure('ORDER_NOT_FOUND', 'No order of yours has that id.');
          if (order.status !== 'delivered' && order.status !== 'return_requested') {
            return failure(
              'ORDER_NOT_RETURNABLE',
              `Order ${order.id} is ${order.status}; only delivered orders can be returned.`,
            );
          }
          const lines = order.lines.filter(
            (line) => line.returnId === undefined && (lineIds === undefined || lineIds.includes(line.id)),
          );
          if (lines.length === 0) return failure('ORDER_NOT_RETURNABLE', 'Those items cannot be returned.');
          const titles = lines.map((line) => `${line.quantity} × ${line.title}`).join(', ');
          return pend(
            'return_items',
            { orderId, lineIds: lines.map((line) => line.id), reason },
            `Return ${titles} from order ${order.id} (reason: ${reason.slice(0, 80)}).`,
          );
        }),
      });
    }
  }

  tools.confirm_action = tool({
    description:
      "Carry out the pending action after the shopper said yes to its exact summary. Pass the pending confirmation's id.",
    inputSchema: TOOL_INPUTS.confirm_action,
    execute: guarded(async ({ confirmationId }) => {
      const pending = context.latestPending;
      if (pending === undefined || pending.id !== confirmationId || context.confirmationUsed) {
        return failure('NO_PENDING_CONFIRMATION', 'Nothing is waiting for confirmation.');
      }
      if (!context.shopperConfirmed)
        return failure('NOT_CONFIRMED', 'The shopper has not confirmed this action.');
      if (hashArgs(pending.action, pending.args) !== pending.argsHash)
        return failure('CONFIRMATION_MISMATCH', 'The action changed.');
      context.confirmationUsed = true;
      return {
        ok: true,
        action: pending.action,
        ...(await runConfirmed(context, pending.action, pending.args, pending.id)),
      };
    }),
  });

  tools.handoff_to_human = tool({
    description: 'Hand the conversation to a person on the support team.',
    inputSchema: TOOL_INPUTS.handoff_to_human,
    execute: guarded(async ({ reason }) => {
      context.handoffReason = reason;
      return { ok: true, handoff: true };
    }),
  });

  return tools;

  function pend(
    action: Parameters<typeof createPending>[0],
    args: Record<string, unknown>,
    summary: string,
  ): ConfirmationRequest {
    const pending = createPending(action, args, summary, context.now());
    context.createdPending = pending;
    return confirmationRequest(pending);
  }
}
