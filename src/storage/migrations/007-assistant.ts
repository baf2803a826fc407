import type { Kysely } from 'kysely';

/** Assistant conversations and messages. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assistant_conversations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('handoff_requested', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('pending_confirmation', 'text')
    .addColumn('taken_over_by', 'text')
    .addColumn('message_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('assistant_conversations_shopper')
    .on('assistant_conversations')
    .columns(['shopper_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('assistant_conversations_updated')
    .on('assistant_conversations')
    .columns(['updated_at'])
    .execute();

  await db.schema
    .createTable('assistant_messages')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('conversation_id', 'text', (column) =>
      column.notNull().references('assistant_conversations.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('role', 'text', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('cards', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('model_id', 'text')
    .addColumn('degraded', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('model_messages', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addUniqueConstraint('assistant_messages_conversation_seq', ['conversation_id', 'seq'])
    .execute();
}
