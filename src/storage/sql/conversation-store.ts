import type { Selectable, Transaction } from 'kysely';
import type {
  ConversationRecord,
  ConversationStore,
  MessageRole,
  NewMessage,
  StoredMessage,
  TurnUpdate,
} from '../../assistant/conversation-store.js';
import { newConversation } from '../../assistant/conversation-store.js';
import { newId } from '../../shared/ids.js';
import type { Db } from '../dialect.js';
import { relaxedTransaction } from '../relaxed-commit.js';
import type { Database } from '../schema.js';
import type { AssistantTables } from '../tables/assistant-tables.js';

type ConversationRow = Selectable<AssistantTables['assistant_conversations']>;
type MessageRow = Selectable<AssistantTables['assistant_messages']>;

/** Conversations in the main database (SQLite or PostgreSQL through Kysely). */
export function createSqlConversationStore(db: Db): ConversationStore {
  const kysely = db.kysely;
  return {
    async create(shopperId, now) {
      const conversation = newConversation(shopperId, now);
      await kysely.insertInto('assistant_conversations').values(toRow(conversation)).execute();
      return conversation;
    },

    async start(conversation, messages, update, now) {
      return relaxedTransaction(db, async (trx) => {
        await trx.insertInto('assistant_conversations').values(toRow(conversation)).execute();
        return append(trx, conversation.id, messages, update, now);
      });
    },

    async find(id) {
      const row = await kysely
        .selectFrom('assistant_conversations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toConversation(row);
    },

    async appendMessages(conversationId, messages, update, now) {
      return relaxedTransaction(db, (trx) => append(trx, conversationId, messages, update, now));
    },

    async listMessages(conversationId, limit) {
      const rows = await kysely
        .selectFrom('assistant_messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map(toMessage);
    },

    async setStatus(id, status, takenOverBy, now) {
      const result = await kysely
        .updateTable('assistant_conversations')
        .set({
          status,
          taken_over_by: takenOverBy ?? null,
          updated_at: now,
          // A person answering (or releasing) settles the shopper's request and any pending action.
          handoff_requested: 0,
          pending_confirmation: null,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async list(filter) {
      let query = kysely.selectFrom('assistant_conversations').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.shopperId !== undefined) query = query.where('shopper_id', '=', filter.shopperId);
      const rows = await query
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit)
        .execute();
      return rows.map(toConversation);
    },
  };
}

/** Appends messages after the conversation's last, applying `update`, inside `trx`. */
async function append(
  trx: Transaction<Database>,
  conversationId: string,
  messages: readonly NewMessage[],
  update: TurnUpdate | undefined,
  now: number,
): Promise<StoredMessage[]> {
  // The counter update takes the row lock first, so concurrent appends get distinct positions.
  const counted = await trx
    .updateTable('assistant_conversations')
    .set((eb) => ({
      message_count: eb('message_count', '+', messages.length),
      updated_at: now,
      ...(update === undefined
        ? {}
        : {
            pending_confirmation:
              update.pendingConfirmation === undefined ? null : JSON.stringify(update.pendingConfirmation),
            ...(update.handoffRequested === undefined
              ? {}
              : { handoff_requested: update.handoffRequested ? 1 : 0 }),
          }),
    }))
    .where('id', '=', conversationId)
    .returning('message_count')
    .executeTakeFirstOrThrow();
  const first = Number(counted.message_count) - messages.length + 1;
  const stored = messages.map((message, index) => ({
    ...message,
    id: newId('msg'),
    seq: first + index,
    createdAt: now,
  }));
  const rows: MessageRow[] = stored.map((message) => ({
    id: message.id,
    conversation_id: conversationId,
    seq: message.seq,
    role: message.role,
    text: message.text,
    cards: JSON.stringify(message.cards),
    model_id: message.modelId ?? null,
    degraded: message.degraded ? 1 : 0,
    model_messages: JSON.stringify(message.modelMessages),
    created_at: now,
  }));
  if (rows.length > 0) await trx.insertInto('assistant_messages').values(rows).execute();
  return stored;
}

function toRow(conversation: ConversationRecord): ConversationRow {
  return {
    id: conversation.id,
    shopper_id: conversation.shopperId,
    status: conversation.status,
    handoff_requested: conversation.handoffRequested ? 1 : 0,
    pending_confirmation:
      conversation.pendingConfirmation === undefined
        ? null
        : JSON.stringify(conversation.pendingConfirmation),
    taken_over_by: conversation.takenOverBy ?? null,
    message_count: conversation.messageCount,
    created_at: conversation.createdAt,
    updated_at: conversation.updatedAt,
  };
}

function toConversation(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    shopperId: row.shopper_id,
    status: row.status === 'human' ? 'human' : 'assistant',
    handoffRequested: Number(row.handoff_requested) === 1,
    pendingConfirmation: row.pending_confirmation === null ? undefined : JSON.parse(row.pending_confirmation),
    takenOverBy: row.taken_over_by ?? undefined,
    messageCount: Number(row.message_count),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toMessage(row: MessageRow): StoredMessage {
  const message: NewMessage = {
    role: row.role as MessageRole,
    text: row.text,
    cards: JSON.parse(row.cards) as unknown[],
    modelId: row.model_id ?? undefined,
    degraded: Number(row.degraded) === 1,
    modelMessages: JSON.parse(row.model_messages),
  };
  return { ...message, id: row.id, seq: Number(row.seq), createdAt: Number(row.created_at) };
}
