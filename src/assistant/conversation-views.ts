import type { ConversationView } from './assistant-service.js';
import type { ConversationRecord, StoredMessage } from './conversation-store.js';

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
