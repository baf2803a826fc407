import { z } from 'zod';
import { MoneySchema } from '../shared/money.js';
import { EligibilitySchema, RewardSchema, ScopeSchema, StackingSchema, ValiditySchema } from './campaign.js';

/** PostgreSQL text cannot hold NUL, so it is refused at the edge rather than failing in the store. */
const noNul = (text: string) => !text.includes('\u0000');
const Name = z.string().trim().min(1).max(200).refine(noNul, 'must not contain NUL');
const Description = z.string().max(4000).refine(noNul, 'must not contain NUL');
const Instant = z.iso.datetime({ offset: true });
/** A shared public code: letters, digits and dashes, as shoppers type it. */
const PublicCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'code must be 3 to 40 upper-case letters, digits or dashes');

/** The body of `POST /api/v1/admin/campaigns`. */
export const CampaignCreateSchema = z
  .object({
    name: Name,
    description: Description.optional(),
    budget: z
      .object({
        claims: z.number().int().min(1).max(1_000_000_000),
        discount: MoneySchema.optional(),
      })
      .strict(),
    perShopperLimit: z.number().int().min(1).max(100),
    reward: RewardSchema,
    scope: ScopeSchema.optional(),
    eligibility: EligibilitySchema.optional(),
    validity: ValiditySchema.optional(),
    stacking: StackingSchema.optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    status: z.enum(['draft', 'live']).optional(),
    code: PublicCode.optional(),
  })
  .strict();
/** A campaign as the merchant creates it. */
export type CampaignCreate = z.infer<typeof CampaignCreateSchema>;

/**
 * The body of `PATCH /api/v1/admin/campaigns/{id}`. A draft may change anything; a campaign that
 * went live may only change what cannot hurt shoppers who already claimed: name, description, a
 * later end, a larger budget, or `status: "ended"`.
 */
export const CampaignUpdateSchema = z
  .object({
    name: Name.optional(),
    description: Description.optional(),
    budget: z
      .object({
        claims: z.number().int().min(1).max(1_000_000_000).optional(),
        discount: MoneySchema.optional(),
      })
      .strict()
      .optional(),
    perShopperLimit: z.number().int().min(1).max(100).optional(),
    reward: RewardSchema.optional(),
    scope: ScopeSchema.optional(),
    eligibility: EligibilitySchema.optional(),
    validity: ValiditySchema.optional(),
    stacking: StackingSchema.optional(),
    startsAt: Instant.nullable().optional(),
    endsAt: Instant.nullable().optional(),
    status: z.enum(['draft', 'live', 'ended']).optional(),
    code: PublicCode.nullable().optional(),
  })
  .strict();
/** A partial change to a campaign. */
export type CampaignUpdate = z.infer<typeof CampaignUpdateSchema>;
