import { type Kysely, Migrator } from 'kysely';
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

/** Migration 019 on a store whose finished keys still hold HTTP statuses and bodies. */
for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`migration 019 on a ${store.name} store`, () => {
    it('turns stored statuses and bodies into answers: values, refusals and ACP answers', async () => {
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
        expect((await migrator.migrateTo('018-scrub-card-numbers')).error).toBeUndefined();
        const legacy = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
        const row = (scope: string, key: string, status: number | null, body: unknown, state = 'done') => ({
          scope,
          key,
          request_hash: 'h',
          state,
          response_status: status,
          response_body: body === undefined ? null : JSON.stringify(body),
          locked_until: 0,
          owner: null,
          created_at: Date.now(),
        });
        await legacy
          .insertInto('idempotency_keys')
          .values([
            row('shp_1:POST /api/v1/checkout', 'paid', 201, { id: 'ord_1' }),
            row('shp_1:POST /api/v1/checkout', 'declined', 402, {
              error: {
                code: 'PAYMENT_DECLINED',
                message: 'The payment was declined.',
                details: { reason: 'x' },
              },
            }),
            row('shp_1:ACP POST /checkout_sessions', 'acp', 400, { type: 'invalid_request', code: 'x' }),
            row('shp_1:POST /api/v1/checkout', 'running', null, undefined, 'in_flight'),
          ])
          .execute();

        await migrateToLatest(db, fresh.schema);

        const rows = await db.kysely
          .selectFrom('idempotency_keys')
          .select(['key', 'answer'])
          .orderBy('key')
          .execute();
        expect(Object.fromEntries(rows.map((each) => [each.key, JSON.parse(each.answer ?? 'null')]))).toEqual(
          {
            acp: { ok: true, value: { status: 400, body: { type: 'invalid_request', code: 'x' } } },
            declined: {
              ok: false,
              refusal: {
                code: 'PAYMENT_DECLINED',
                message: 'The payment was declined.',
                details: { reason: 'x' },
              },
            },
            paid: { ok: true, value: { id: 'ord_1' } },
            running: null,
          },
        );
      } finally {
        await db.close();
        await fresh.dispose();
      }
    });
  });
}
