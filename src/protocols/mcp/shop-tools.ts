import type { McpServer, ToolAnnotations } from '@modelcontextprotocol/server';
import { z } from 'zod';
import {
  type AssistantServices,
  cartView,
  couponView,
  offerView,
  orderView,
  productDetail,
  productRow,
} from '../../assistant/index.js';
import { MAX_LINE_QUANTITY } from '../../commerce/index.js';
import {
  CartSchema,
  CouponSchema,
  OfferSchema,
  OrderSchema,
  ProductDetailSchema,
  ProductRowSchema,
} from './mcp-schemas.js';
import { answer, guarded, refusal } from './tool-results.js';

/** What a tool needs: the shop's port, the shopper the bearer token named, and where errors go. */
export interface ToolScope {
  readonly services: AssistantServices;
  readonly shopperId: string;
  /** The agent platform calling, when it sent its key: recorded on the orders it places. */
  readonly agentId?: string | undefined;
  readonly onError: (error: unknown) => void;
}

export const Id = z.string().min(1).max(128);
const Words = (max: number) => z.array(z.string().min(1).max(40)).max(max);

/** Reads nothing but the store: safe to call again, no effect outside it. */
export const READ: ToolAnnotations = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };
/** Changes the cart only. */
const CART_EDIT: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };

/** Registers catalog, cart, offer, wallet and order-reading tools; tools whose service is missing are left out. */
export function registerShopTools(server: McpServer, scope: ToolScope): void {
  const { services, shopperId, onError } = scope;
  const cartResult = (cart: Parameters<typeof cartView>[0]) => answer({ cart: cartView(cart) });

  const search = services.searchProducts?.bind(services);
  if (search !== undefined) {
    server.registerTool(
      'search_products',
      {
        title: 'Search products',
        description:
          'Full-text product search with filters. Prices are integer minor units (cents for USD). Returns up to `limit` products from `offset`.',
        inputSchema: z
          .object({
            query: z.string().max(200),
            minPrice: z.number().int().min(0).optional(),
            maxPrice: z.number().int().min(0).optional(),
            colors: Words(5).optional(),
            sizes: Words(5).optional(),
            inStock: z.boolean().optional(),
            sort: z.enum(['relevance', 'price_asc', 'price_desc', 'rating']).optional(),
            limit: z.number().int().min(1).max(20).optional(),
            offset: z.number().int().min(0).max(500).optional(),
          })
          .strict(),
        outputSchema: z.object({
          total: z.number().int(),
          offset: z.number().int(),
          items: z.array(ProductRowSchema),
        }),
        annotations: READ,
      },
      guarded(onError, async (input) => {
        const options: Record<string, string[]> = {};
        if (input.colors?.length) options.color = input.colors;
        if (input.sizes?.length) options.size = input.sizes;
        const offset = input.offset ?? 0;
        const result = await search({
          text: input.query,
          minPrice: input.minPrice,
          maxPrice: input.maxPrice,
          inStock: input.inStock,
          options: Object.keys(options).length === 0 ? undefined : options,
          sort: input.sort,
          limit: input.limit ?? 10,
          offset,
        });
        return answer({
          total: result.total,
          offset,
          items: result.hits.map((hit, index) => productRow(hit, offset + index + 1)),
        });
      }),
    );
  }

  const findProduct = services.findProduct?.bind(services);
  if (findProduct !== undefined) {
    server.registerTool(
      'get_product',
      {
        title: 'Product details',
        description: 'One product with its variants: options, price and stock of each.',
        inputSchema: z.object({ productId: Id }).strict(),
        outputSchema: z.object({ product: ProductDetailSchema }),
        annotations: READ,
      },
      guarded(onError, async ({ productId }) => {
        const product = await findProduct(productId);
        return product === undefined
          ? refusal('PRODUCT_NOT_FOUND')
          : answer({ product: productDetail(product) });
      }),
    );
  }

  const viewCart = services.viewCart?.bind(services);
  if (viewCart !== undefined) {
    server.registerTool(
      'view_cart',
      {
        title: 'View cart',
        description: "The shopper's cart with coupons, shipping and total.",
        inputSchema: z.object({}).strict(),
        outputSchema: z.object({ cart: CartSchema }),
        annotations: READ,
      },
      guarded(onError, async () => cartResult(await viewCart(shopperId))),
    );
  }
  const addToCart = services.addToCart?.bind(services);
  if (addToCart !== undefined) {
    server.registerTool(
      'add_to_cart',
      {
        title: 'Add to cart',
        description:
          'Adds units of a variant (variantId from search_products or get_product). Calling it again adds again.',
        inputSchema: z
          .object({ variantId: Id, quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) })
          .strict(),
        outputSchema: z.object({ cart: CartSchema }),
        annotations: { ...CART_EDIT, idempotentHint: false },
      },
      guarded(onError, async ({ variantId, quantity }) =>
        cartResult(await addToCart(shopperId, variantId, quantity)),
      ),
    );
  }
  const updateLine = services.updateCartLine?.bind(services);
  if (updateLine !== undefined) {
    server.registerTool(
      'update_cart_line',
      {
        title: 'Change a cart line',
        description: 'Sets the quantity of a cart line (lineId from view_cart); quantity 0 removes the line.',
        inputSchema: z
          .object({ lineId: Id, quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY) })
          .strict(),
        outputSchema: z.object({ cart: CartSchema }),
        annotations: { ...CART_EDIT, destructiveHint: true, idempotentHint: true },
      },
      guarded(onError, async ({ lineId, quantity }) =>
        cartResult(await updateLine(shopperId, lineId, quantity)),
      ),
    );
  }
  const applyCoupon = services.applyCoupon?.bind(services);
  if (applyCoupon !== undefined) {
    server.registerTool(
      'apply_coupon',
      {
        title: 'Apply a coupon',
        description:
          'Applies a coupon code (from view_wallet, claim_coupon or an offer’s shared code) to the cart.',
        inputSchema: z.object({ code: z.string().trim().min(1).max(64) }).strict(),
        outputSchema: z.object({ cart: CartSchema }),
        annotations: { ...CART_EDIT, idempotentHint: true },
      },
      guarded(onError, async ({ code }) => cartResult(await applyCoupon(shopperId, code))),
    );
  }

  const listOffers = services.listOffers?.bind(services);
  if (listOffers !== undefined) {
    server.registerTool(
      'list_offers',
      {
        title: 'Coupon offers',
        description: 'Live coupon campaigns, whether this shopper claimed each, and how many coupons remain.',
        inputSchema: z.object({}).strict(),
        outputSchema: z.object({ offers: z.array(OfferSchema) }),
        annotations: READ,
      },
      guarded(onError, async () =>
        answer({
          offers: (await listOffers(shopperId))
            .slice(0, 20)
            .map((offer, index) => offerView(offer, index + 1)),
        }),
      ),
    );
  }
  const viewWallet = services.viewWallet?.bind(services);
  if (viewWallet !== undefined) {
    server.registerTool(
      'view_wallet',
      {
        title: 'Coupon wallet',
        description: 'The coupons this shopper holds and whether each is still available.',
        inputSchema: z.object({}).strict(),
        outputSchema: z.object({ coupons: z.array(CouponSchema) }),
        annotations: READ,
      },
      guarded(onError, async () => answer({ coupons: (await viewWallet(shopperId)).map(couponView) })),
    );
  }

  const listOrders = services.listOrders?.bind(services);
  if (listOrders !== undefined) {
    server.registerTool(
      'list_orders',
      {
        title: 'Orders',
        description: "The shopper's orders, newest first (at most 20).",
        inputSchema: z.object({}).strict(),
        outputSchema: z.object({ orders: z.array(OrderSchema) }),
        annotations: READ,
      },
      guarded(onError, async () => answer({ orders: (await listOrders(shopperId)).map(orderView) })),
    );
  }
  const findOrder = services.findOrder?.bind(services);
  if (findOrder !== undefined) {
    server.registerTool(
      'get_order',
      {
        title: 'Order status',
        description: 'One of the shopper’s orders: status, lines, total and the return deadline.',
        inputSchema: z.object({ orderId: Id }).strict(),
        outputSchema: z.object({ order: OrderSchema }),
        annotations: READ,
      },
      guarded(onError, async ({ orderId }) => {
        const order = await findOrder(shopperId, orderId);
        return order === undefined ? refusal('ORDER_NOT_FOUND') : answer({ order: orderView(order) });
      }),
    );
  }
}
