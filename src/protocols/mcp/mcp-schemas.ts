import { z } from 'zod';
import { RewardSchema } from '../../promotions/index.js';
import { MoneySchema } from '../../shared/money.js';

/**
 * Output schemas of the MCP tools. They describe the compact views of the assistant's tools
 * (src/assistant/tools/tool-output.ts), which clean untrusted product text for a model, so an
 * outside agent reads what our own assistant reads. The SDK checks every result against them.
 */
const Options = z.record(z.string(), z.string());
const OptionValues = z.record(z.string(), z.array(z.string()));
const Nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

export const ProductRowSchema = z.object({
  ref: z.number().int().describe('1-based position in the list shown'),
  productId: z.string(),
  variantId: Nullable(z.string()).describe('the variant that best matched the query'),
  title: z.string(),
  brand: Nullable(z.string()),
  price: MoneySchema,
  rating: Nullable(z.number()),
  inStock: z.boolean(),
  options: OptionValues,
});

export const ProductDetailSchema = z.object({
  productId: z.string(),
  title: z.string(),
  brand: Nullable(z.string()),
  category: z.string(),
  rating: Nullable(z.number()),
  description: z.string(),
  price: Nullable(MoneySchema).describe('the lowest variant price'),
  maxPrice: Nullable(MoneySchema),
  inStock: z.boolean(),
  stock: z.number().int(),
  options: OptionValues,
  variants: z.array(
    z.object({ variantId: z.string(), options: Options, price: MoneySchema, stock: z.number().int() }),
  ),
});

export const CartSchema = z.object({
  lines: z.array(
    z.object({
      lineId: z.string(),
      variantId: z.string(),
      productId: z.string(),
      title: z.string(),
      options: Options,
      quantity: z.number().int(),
      unitPrice: MoneySchema,
      lineTotal: MoneySchema,
    }),
  ),
  coupons: z.array(z.object({ code: z.string(), discount: MoneySchema })),
  couponProblems: z.array(z.object({ code: z.string(), message: z.string() })),
  subtotal: MoneySchema,
  discount: MoneySchema,
  shipping: MoneySchema,
  total: MoneySchema,
});

export const OrderSchema = z.object({
  orderId: z.string(),
  status: z.string(),
  total: MoneySchema,
  createdAt: z.string(),
  returnableUntil: Nullable(z.string()),
  lines: z.array(
    z.object({
      lineId: z.string(),
      title: z.string(),
      options: Options,
      quantity: z.number().int(),
      paid: MoneySchema,
      returned: z.boolean(),
    }),
  ),
});

export const OfferSchema = z.object({
  ref: z.number().int(),
  campaignId: z.string(),
  name: z.string(),
  reward: RewardSchema,
  claimed: z.boolean(),
  remaining: Nullable(z.number().int()),
  endsAt: Nullable(z.string()),
  code: Nullable(z.string()).describe('a shared public code, applied without claiming'),
});

export const CouponSchema = z.object({
  code: z.string(),
  campaignId: z.string(),
  name: Nullable(z.string()),
  reward: RewardSchema,
  status: z.string(),
  expiresAt: Nullable(z.string()),
});

export const ReturnSchema = z.object({
  returnId: z.string(),
  orderId: z.string(),
  status: z.string(),
  refund: MoneySchema,
  lineIds: z.array(z.string()),
});

/** What a money action answers before it runs: the summary to show and the token a yes brings back. */
export const ConfirmationSchema = z.object({
  summary: z.string().describe('show this to the shopper and ask for a plain yes'),
  confirmationToken: z.string().describe('call the same tool with the same arguments and this token'),
  expiresAt: z.string(),
});

/** The `structuredContent` of a refused call (`isError: true`). */
export const ToolErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
