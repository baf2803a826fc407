import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../src/storage/dialect.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { scrubCardNumbers } from '../src/storage/migrations/018-scrub-card-numbers.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import { openPostgres } from '../src/storage/postgres/open-postgres.js';
import { openSqlite } from '../src/storage/sqlite/open-sqlite.js';
import { STORES } from './helpers/stores.js';

const CARD = '4242 4242 4242 4242';

describe('scrubCardNumbers', () => {
  it('keeps the last four digits of Luhn-valid numbers and leaves other digit runs', () => {
    expect(scrubCardNumbers(`pay with card ${CARD} please`)).toBe('pay with card card ending 4242 please');
    expect(scrubCardNumbers('{"cardNumber":"4000000000000002"}')).toBe('{"cardNumber":"card ending 0002"}');
    expect(scrubCardNumbers('order 1234567890123 ships')).toBe('order 1234567890123 ships');
  });
});

/** Migration 018 on a store written before cards were saved for tokens. */
for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`migration 018 on a ${store.name} store`, () => {
    it('scrubs card numbers from conversations and stored ACP attempts', async () => {
      const fresh = await store.freshDatabase();
      const db: Db =
        fresh.schema === undefined
          ? openSqlite(fresh.url)
          : openPostgres({ url: fresh.url, schema: fresh.schema });
      try {
        const migrator = new Migrator({
          db: db.kysely,
          provider: migrationProvider,
          ...(fresh.schema === undefined ? {} : { migrationTableSchema: fresh.schema }),
        });
        expect((await migrator.migrateTo('017-test-payment-cards')).error).toBeUndefined();
        const now = Date.now();
        await db.kysely
          .insertInto('assistant_conversations')
          .values({
            id: 'cnv_old',
            shopper_id: 'shp_old',
            status: 'assistant',
            handoff_requested: 0,
            pending_confirmation: JSON.stringify({
              action: 'checkout',
              args: { cardNumber: '4242424242424242' },
            }),
            taken_over_by: null,
            message_count: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await db.kysely
          .insertInto('assistant_messages')
          .values({
            id: 'msg_old',
            conversation_id: 'cnv_old',
            seq: 1,
            role: 'shopper',
            text: `check out, pay with card ${CARD}`,
            cards: '[]',
            model_id: null,
            degraded: 0,
            model_messages: JSON.stringify([{ role: 'user', content: `check out, pay with card ${CARD}` }]),
            created_at: now,
          })
          .execute();
        await db.kysely
          .insertInto('agent_checkout_sessions')
          .values({
            id: 'cs_old',
            shopper_id: 'shp_old',
            status: 'completing',
            state: '{}',
            order_id: null,
            attempt_key: 'acp:cs_old:att_1',
            attempt_input: JSON.stringify({ payment: { type: 'test_card', number: '4242424242424242' } }),
            attempt_started_at: now,
            created_at: now,
            updated_at: now,
            expires_at: now + 60_000,
          })
          .execute();

        await migrateToLatest(db, fresh.schema);

        const dump = JSON.stringify([
          await db.kysely.selectFrom('assistant_conversations').selectAll().execute(),
          await db.kysely.selectFrom('assistant_messages').selectAll().execute(),
          await db.kysely.selectFrom('agent_checkout_sessions').selectAll().execute(),
        ]);
        expect(dump).not.toContain('4242424242424242');
        expect(dump).not.toContain(CARD);
        expect(dump).toContain('card ending 4242');
        const attempt = await db.kysely
          .selectFrom('agent_checkout_sessions')
          .select('attempt_input')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(attempt.attempt_input ?? '{}').payment).toEqual({
          type: 'test_card',
          token: 'tok_scrubbedcardnumber000000',
        });
      } finally {
        await db.close();
        await fresh.dispose();
      }
    });
  });
}
