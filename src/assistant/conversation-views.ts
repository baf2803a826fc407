import type { ConversationRecord, StoredMessage } from './conversation-store.js';

/** A conversation as its shopper (or an admin) reads it. */
export interface ConversationView {
  readonly id: string;
  readonly shopperId: string;
  readonly status: 'assistant' | 'human';
  readonly handoffRequested: boolean;
  readonly pendingConfirmation: { id: string; action: string; summary: string } | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly messages: {
    id: string;
    seq: number;
    role: string;
    text: string;
    cards: unknown[];
    model: string | null;
    degraded: boolean;
    createdAt: string;
  }[];
}

/** A conversation's header as shopper and admin reads show it. */
export function summary(conversation: ConversationRecord): Omit<ConversationView, 'messages'> {
  const pending = conversation.pendingConfirmation;
  return {
    id: conversation.id,
    shopperId: conversation.shopperId,
    status: conversation.status,
    handoffRequested: conversation.handoffRequested,
    pendingConfirmation:
      pending === undefined
        ? undefined
        : { id: pending.id, action: pending.action, summary: pending.summary },
    createdAt: new Date(conversation.createdAt).toISOString(),
    updatedAt: new Date(conversation.updatedAt).toISOString(),
  };
}

/** A stored message as reads show it. */
export function messageView(message: StoredMessage): ConversationView['messages'][number] {
  return {
    id: message.id,
    seq: message.seq,
    role: message.role,
    text: message.text,
    cards: [...message.cards],
    model: message.modelId ?? null,
    degraded: message.degraded,
    createdAt: new Date(message.createdAt).toISOString(),
  };
}
