import { zodSchema } from 'ai';
import { z } from 'zod';
import { PHONE_PATTERN } from '../../shared/address.js';

const Id = z.string().min(1).max(128);
const Quantity = z.number().int().min(1).max(99);

/** A shipping address as a tool takes it (and as the last order's address is read back). */
export const AddressSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/),
    phone: z.string().trim().regex(PHONE_PATTERN).optional(),
  })
  .strict();

const NoInput = z.object({}).strict();

/**
 * The input schema of every tool: strict Zod objects (no shopper id: tools act for the turn's
 * shopper only), each wrapped once for the process. The AI SDK turns a schema into JSON Schema
 * on every step it is given a bare Zod object; a wrapped one keeps its JSON Schema after the first
 * step, which was a quarter of a local-model turn's CPU (docs/benchmarks.md, Assistant).
 */
export const TOOL_INPUTS = {
  search_products: zodSchema(
    z
      .object({
        query: z.string().max(200),
        minPrice: z.number().int().min(0).optional(),
        maxPrice: z.number().int().min(0).optional(),
        colors: z.array(z.string().max(40)).max(5).optional(),
        sizes: z.array(z.string().max(20)).max(5).optional(),
        materials: z.array(z.string().max(40)).max(5).optional(),
        sort: z.enum(['relevance', 'price_asc', 'price_desc', 'rating_desc', 'newest']).optional(),
        inStock: z.boolean().optional(),
        offset: z.number().int().min(0).max(500).optional(),
      })
      .strict(),
  ),
  get_product: zodSchema(z.object({ productId: Id }).strict()),
  compare_products: zodSchema(z.object({ productIds: z.array(Id).min(2).max(4) }).strict()),
  view_cart: zodSchema(NoInput),
  add_to_cart: zodSchema(z.object({ variantId: Id, quantity: Quantity }).strict()),
  update_cart_line: zodSchema(z.object({ lineId: Id, quantity: Quantity }).strict()),
  remove_from_cart: zodSchema(z.object({ lineId: Id }).strict()),
  apply_coupon: zodSchema(z.object({ code: z.string().trim().min(1).max(64) }).strict()),
  list_offers: zodSchema(NoInput),
  claim_coupon: zodSchema(z.object({ campaignId: Id }).strict()),
  view_wallet: zodSchema(NoInput),
  checkout: zodSchema(
    z
      .object({
        card: z
          .string()
          .regex(/^(?:tok_[A-Za-z0-9_-]{24}|\d{12,19})$/)
          .optional(),
        shippingAddress: AddressSchema.optional(),
      })
      .strict(),
  ),
  list_orders: zodSchema(NoInput),
  get_order: zodSchema(z.object({ orderId: Id }).strict()),
  cancel_order: zodSchema(z.object({ orderId: Id }).strict()),
  return_items: zodSchema(
    z
      .object({
        orderId: Id,
        lineIds: z.array(Id).min(1).max(50).optional(),
        reason: z.string().trim().min(1).max(300),
      })
      .strict(),
  ),
  confirm_action: zodSchema(z.object({ confirmationId: Id }).strict()),
  handoff_to_human: zodSchema(z.object({ reason: z.string().trim().min(1).max(300) }).strict()),
};
