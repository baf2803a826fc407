import { z } from 'zod';
import { PHONE_PATTERN } from '../shared/address.js';
import { MoneySchema } from '../shared/money.js';
import { ORDER_STATUSES } from './order-status.js';
import { PAYMENT_TOKEN_PATTERN } from './payments/payment-provider.js';

/** Most units of one variant a cart line may hold. */
export const MAX_LINE_QUANTITY = 999;
/** Most lines a cart may hold. */
export const MAX_CART_LINES = 50;
/** Most coupon codes a cart may carry. */
export const MAX_CART_COUPONS = 5;

const Id = z.string().min(1).max(128);
const Text = (max: number) => z.string().trim().min(1).max(max);

/** Adding a variant to the cart. */
export const AddLineInput = z
  .object({ variantId: Id, quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) })
  .strict();
/** Changing a line's quantity; 0 removes the line. */
export const UpdateLineInput = z
  .object({ quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY) })
  .strict();
/** Applying a coupon code to the cart. */
export const ApplyCouponInput = z.object({ code: Text(64) }).strict();

/** Where an order ships. */
export const ShippingAddress = z
  .object({
    name: Text(200),
    line1: Text(200),
    line2: z.string().trim().max(200).optional(),
    city: Text(100),
    region: z.string().trim().max(100).optional(),
    postalCode: Text(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'country must be a two-letter ISO 3166 code'),
    /** For the courier; Chinese deliveries need one. */
    phone: z
      .string()
      .trim()
      .regex(PHONE_PATTERN, 'phone must be digits, with spaces, dashes or a leading +')
      .optional(),
  })
  .strict();

/** A card as the shopper enters it: the built-in test provider's cards (docs/payments.md). */
export const CardInput = z
  .object({
    type: z.literal('test_card'),
    number: z.string().regex(/^\d{12,19}$/, 'a card number is 12 to 19 digits'),
  })
  .strict();

/** A saved card: the token `POST /api/v1/payment-methods` (or an earlier checkout) answered. */
export const SavedCardInput = z
  .object({
    type: z.literal('test_card'),
    token: z.string().regex(PAYMENT_TOKEN_PATTERN, 'a card token is tok_ and 24 letters, digits, - or _'),
  })
  .strict();

/**
 * How the shopper pays: a saved card's token, or the card itself, which checkout saves first (so
 * the number is never stored, hashed or shown: only the token and the last 4 digits are).
 */
export const PaymentInput = z.union([SavedCardInput, CardInput]);

/** What `POST /api/v1/payment-methods` answers: the card's token and what may be shown of it. */
export const PaymentTokenView = z.object({
  token: z.string(),
  type: z.literal('test_card'),
  last4: z.string(),
});

/**
 * The checkout request. Without `items` it buys the shopper's cart. With `items` (an express
 * checkout, as an agent's checkout session would send) it buys exactly those items with
 * `couponCodes` applied, in the one request, and leaves the cart as it is: during a flash crowd
 * cart edits are shed before checkout (docs/retry-contract.md), checkout is not.
 */
export const CheckoutInput = z
  .object({
    payment: PaymentInput,
    shippingAddress: ShippingAddress,
    items: z
      .array(AddLineInput)
      .min(1)
      .max(MAX_CART_LINES)
      .refine((items) => new Set(items.map((item) => item.variantId)).size === items.length, {
        message: 'items must not repeat a variant',
      })
      .optional(),
    couponCodes: z
      .array(Text(64))
      .max(MAX_CART_COUPONS)
      .refine((codes) => new Set(codes).size === codes.length, {
        message: 'couponCodes must not repeat',
      })
      .optional(),
    expectedTotal: MoneySchema.optional().describe(
      'the total the shopper confirmed; a checkout whose total came out different is refused with TOTAL_CHANGED and charges nothing',
    ),
    expectedLines: z
      .array(AddLineInput)
      .max(MAX_CART_LINES)
      .optional()
      .describe(
        'the lines the shopper confirmed (variant and quantity, in any order); a cart that holds other lines is refused with TOTAL_CHANGED and charges nothing',
      ),
  })
  .strict()
  .refine((input) => input.couponCodes === undefined || input.items !== undefined, {
    message: 'couponCodes go with items (an express checkout); apply coupons to the cart otherwise',
    path: ['couponCodes'],
  });

/** A return request: which lines of the order and why. */
export const ReturnInput = z
  .object({
    lineIds: z
      .array(Id)
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'lineIds must not repeat'),
    reason: Text(500),
  })
  .strict();

const Timestamp = z.string().describe('ISO 8601 UTC');

/** A cart line as shoppers see it. */
export const CartLineView = z.object({
  id: z.string(),
  variantId: z.string(),
  productId: z.string(),
  title: z.string(),
  options: z.record(z.string(), z.string()),
  quantity: z.number().int(),
  unitPrice: MoneySchema,
  lineTotal: MoneySchema,
  inStock: z.number().int().describe('units on hand right now'),
});

/** A shopper's cart with its computed amounts. */
export const CartView = z.object({
  id: z.string().nullable().describe('null until the first line is added'),
  currency: z.string(),
  lines: z.array(CartLineView),
  coupons: z.array(z.object({ code: z.string(), campaignId: z.string(), discount: MoneySchema })),
  couponProblems: z.array(z.object({ code: z.string(), error: z.string(), message: z.string() })),
  itemCount: z.number().int(),
  subtotal: MoneySchema,
  discount: MoneySchema,
  shipping: MoneySchema,
  total: MoneySchema,
});

/** A return as shoppers and admins see it. */
export const ReturnView = z.object({
  id: z.string(),
  orderId: z.string(),
  status: z.enum(['requested', 'received', 'refunded']),
  reason: z.string(),
  lineIds: z.array(z.string()),
  refund: MoneySchema,
  createdAt: Timestamp,
  receivedAt: Timestamp.optional(),
  refundedAt: Timestamp.optional(),
});

/** An order as shoppers and admins see it. */
/** Where an order was placed: the REST API and storefront, our assistant, or an outside agent's protocol. */
export const ORDER_CHANNELS = ['web', 'assistant', 'mcp', 'acp', 'ucp'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

export const OrderView = z.object({
  id: z.string(),
  status: z.enum(ORDER_STATUSES),
  channel: z
    .enum(ORDER_CHANNELS)
    .describe('where the order was placed: web, assistant, or an outside agent (mcp, acp, ucp)'),
  agentId: z
    .string()
    .optional()
    .describe('the agent platform the order was placed through, when the agent sent its key'),
  cancelReason: z.string().optional(),
  lines: z.array(
    z.object({
      id: z.string(),
      variantId: z.string(),
      productId: z.string(),
      title: z.string(),
      options: z.record(z.string(), z.string()),
      quantity: z.number().int(),
      unitPrice: MoneySchema,
      discount: MoneySchema,
      paid: MoneySchema,
      returnId: z.string().optional(),
    }),
  ),
  coupons: z.array(z.object({ code: z.string(), campaignId: z.string(), discount: MoneySchema })),
  subtotal: MoneySchema,
  discount: MoneySchema,
  shipping: MoneySchema,
  total: MoneySchema,
  refunded: MoneySchema.describe('refunds completed so far'),
  shippingAddress: z.record(z.string(), z.string()),
  payment: z.record(z.string(), z.string()),
  returns: z.array(ReturnView),
  createdAt: Timestamp,
  placedAt: Timestamp.optional(),
  paidAt: Timestamp.optional(),
  fulfilledAt: Timestamp.optional(),
  deliveredAt: Timestamp.optional(),
  cancelledAt: Timestamp.optional(),
  returnableUntil: Timestamp.optional(),
});

/** A page of orders, newest first. */
export const OrderPage = z.object({ items: z.array(OrderView), nextCursor: z.string().optional() });

export type AddLineInput = z.infer<typeof AddLineInput>;
export type CheckoutInput = z.infer<typeof CheckoutInput>;
export type PaymentInput = z.infer<typeof PaymentInput>;
export type PaymentTokenView = z.infer<typeof PaymentTokenView>;
export type ReturnInput = z.infer<typeof ReturnInput>;
export type CartView = z.infer<typeof CartView>;
export type OrderView = z.infer<typeof OrderView>;
export type ReturnView = z.infer<typeof ReturnView>;
export type OrderPage = z.infer<typeof OrderPage>;
