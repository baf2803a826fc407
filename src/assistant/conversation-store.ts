import type { ModelMessage } from 'ai';
import type { PendingConfirmation } from './tools/pending-confirmation.js';

/** Who is answering a conversation. */
export type ConversationStatus = 'assistant' | 'human';

/** A conversation between a shopper and the assistant (or a person who took over). */
export interface ConversationRecord {
  readonly id: string;
  readonly shopperId: string;
  readonly status: ConversationStatus;
  readonly handoffRequested: boolean;
  readonly pendingConfirmation: PendingConfirmation | undefined;
  readonly takenOverBy: string | undefined;
  readonly messageCount: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Who wrote a message. */
export type MessageRole = 'shopper' | 'assistant' | 'human';

/** A message to append. */
export interface NewMessage {
  readonly role: MessageRole;
  readonly text: string;
  readonly cards: readonly unknown[];
  /** The model that wrote an assistant message; undefined for shoppers and people. */
  readonly modelId: string | undefined;
  readonly degraded: boolean;
  /** The AI SDK messages of this message (the user message, or the turn's tool calls, results and reply). */
  readonly modelMessages: readonly ModelMessage[];
}

/** A stored message. */
export interface StoredMessage extends NewMessage {
  readonly id: string;
  readonly seq: number;
  readonly createdAt: number;
}

/** What a turn changes on the conversation along with its messages. */
export interface TurnUpdate {
  /** The confirmation this turn asked for; undefined clears any earlier one. */
  readonly pendingConfirmation: PendingConfirmation | undefined;
  readonly handoffRequested?: boolean | undefined;
}

/** Persists conversations; each method is one atomic step. */
export interface ConversationStore {
  create(shopperId: string, now: number): Promise<ConversationRecord>;
  find(id: string): Promise<ConversationRecord | undefined>;
  /** Appends messages in order and applies `update`, in one transaction. */
  appendMessages(
    conversationId: string,
    messages: readonly NewMessage[],
    update: TurnUpdate | undefined,
    now: number,
  ): Promise<StoredMessage[]>;
  /** The last `limit` messages, oldest first. */
  listMessages(conversationId: string, limit: number): Promise<StoredMessage[]>;
  /** Sets who answers; false when there is no such conversation. */
  setStatus(
    id: string,
    status: ConversationStatus,
    takenOverBy: string | undefined,
    now: number,
  ): Promise<boolean>;
  /** Conversations, most recently updated first; `status` filters. */
  list(filter: {
    status?: ConversationStatus | undefined;
    shopperId?: string | undefined;
    limit: number;
  }): Promise<ConversationRecord[]>;
}
