import { z } from 'zod';

/** A money action the assistant waits for the shopper to confirm. */
export const PendingSchema = z.object({ id: z.string(), action: z.string(), summary: z.string() });

/** Fields of a conversation that shopper and admin reads share. */
export const ConversationHeader = z.object({
  id: z.string(),
  status: z.enum(['assistant', 'human']),
  handoffRequested: z.boolean(),
  pendingConfirmation: PendingSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The messages of a conversation, oldest first. */
export const ConversationMessages = z.array(
  z.object({
    id: z.string(),
    seq: z.number().int(),
    role: z.string(),
    text: z.string(),
    cards: z.array(z.unknown()),
    model: z.string().nullable(),
    degraded: z.boolean(),
    createdAt: z.string(),
  }),
);
