import type { ModelMessage } from 'ai';
import { newId } from '../shared/ids.js';
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

/** A conversation not yet stored: it is stored with its first messages (`ConversationStore.start`). */
export function newConversation(shopperId: string, now: number): ConversationRecord {
  return {
    id: newId('cnv'),
    shopperId,
    status: 'assistant',
    handoffRequested: false,
    pendingConfirmation: undefined,
    takenOverBy: undefined,
    messageCount: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Persists conversations; each method is one atomic step. Message writes may be relaxed-durability
 * commits (a power loss can drop the last turns of a transcript, never half of one).
 */
export interface ConversationStore {
  /** Stores an empty conversation. */
  create(shopperId: string, now: number): Promise<ConversationRecord>;
  /** Stores `conversation` (from newConversation) with its first messages, in one transaction. */
  start(
    conversation: ConversationRecord,
    messages: readonly NewMessage[],
    update: TurnUpdate | undefined,
    now: number,
  ): Promise<StoredMessage[]>;
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
