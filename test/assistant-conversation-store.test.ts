import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation } from '../src/assistant/conversation-store.js';
import type { ConversationStore, NewMessage } from '../src/assistant/index.js';
import { createPending } from '../src/assistant/tools/pending-confirmation.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlConversationStore } from '../src/storage/sql/conversation-store.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

const message = (text: string, role: NewMessage['role'] = 'shopper'): NewMessage => ({
  role,
  text,
  cards: role === 'assistant' ? [{ type: 'cart', data: { total: 1 } }] : [],
  modelId: role === 'assistant' ? 'local' : undefined,
  degraded: false,
  modelMessages: [{ role: role === 'shopper' ? 'user' : 'assistant', content: text }],
});

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`conversation store on ${store.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    let conversations: ConversationStore;
    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
      conversations = createSqlConversationStore(db);
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });

    it('appends messages in order with the model and cards, and reads the last ones', async () => {
      const created = await conversations.create('shp_1', 1_000);
      await conversations.appendMessages(
        created.id,
        [message('hi'), message('Hello!', 'assistant')],
        undefined,
        2_000,
      );
      await conversations.appendMessages(
        created.id,
        [message('cart?'), message('Your cart', 'assistant')],
        undefined,
        3_000,
      );
      const all = await conversations.listMessages(created.id, 10);
      expect(all.map((item) => [item.seq, item.role, item.text, item.modelId])).toEqual([
        [1, 'shopper', 'hi', undefined],
        [2, 'assistant', 'Hello!', 'local'],
        [3, 'shopper', 'cart?', undefined],
        [4, 'assistant', 'Your cart', 'local'],
      ]);
      expect(all[3]?.cards).toEqual([{ type: 'cart', data: { total: 1 } }]);
      expect(all[3]?.modelMessages).toEqual([{ role: 'assistant', content: 'Your cart' }]);
      expect((await conversations.listMessages(created.id, 2)).map((item) => item.seq)).toEqual([3, 4]);
      const found = await conversations.find(created.id);
      expect(found).toMatchObject({
        shopperId: 'shp_1',
        messageCount: 4,
        updatedAt: 3_000,
        status: 'assistant',
      });
    });

    it('gives concurrent appends distinct positions', async () => {
      const created = await conversations.create('shp_2', 1_000);
      await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          conversations.appendMessages(created.id, [message(`m${index}`)], undefined, 2_000),
        ),
      );
      const seqs = (await conversations.listMessages(created.id, 100)).map((item) => item.seq);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('stores, replaces and clears the pending confirmation with the turn', async () => {
      const created = await conversations.create('shp_3', 1_000);
      const pending = createPending('cancel_order', { orderId: 'ord_1' }, 'Cancel order ord_1.', 1_000);
      await conversations.appendMessages(
        created.id,
        [message('cancel')],
        { pendingConfirmation: pending, handoffRequested: true },
        2_000,
      );
      expect(await conversations.find(created.id)).toMatchObject({
        pendingConfirmation: pending,
        handoffRequested: true,
      });
      await conversations.appendMessages(
        created.id,
        [message('something else')],
        { pendingConfirmation: undefined },
        3_000,
      );
      expect((await conversations.find(created.id))?.pendingConfirmation).toBeUndefined();
    });

    it('starts a conversation with its first messages in one transaction, never twice', async () => {
      const fresh = newConversation('shp_5', 1_000);
      const pending = createPending('cancel_order', { orderId: 'ord_2' }, 'Cancel order ord_2.', 1_000);
      const stored = await conversations.start(
        fresh,
        [message('cancel it'), message('Shall I?', 'assistant')],
        { pendingConfirmation: pending },
        2_000,
      );
      expect(stored.map((item) => [item.seq, item.text])).toEqual([
        [1, 'cancel it'],
        [2, 'Shall I?'],
      ]);
      expect(await conversations.find(fresh.id)).toMatchObject({
        shopperId: 'shp_5',
        messageCount: 2,
        pendingConfirmation: pending,
        updatedAt: 2_000,
      });
      // A second start of the same conversation fails whole: no message of it is kept.
      await expect(conversations.start(fresh, [message('again')], undefined, 3_000)).rejects.toThrow();
      expect((await conversations.listMessages(fresh.id, 10)).map((item) => item.text)).toEqual([
        'cancel it',
        'Shall I?',
      ]);
    });

    it('relaxes only the transcript commit: the configured durability is back after it, even on failure', async () => {
      if (db.dialect !== 'sqlite') {
        // PostgreSQL: SET LOCAL ends with the transaction; the session setting stays on.
        await conversations.appendMessages(
          (await conversations.create('shp_6', 1)).id,
          [message('x')],
          undefined,
          2,
        );
        const { rows } = await db.pool.query<{ synchronous_commit: string }>('show synchronous_commit');
        expect(rows[0]?.synchronous_commit).toBe('on');
        return;
      }
      const connection = db.sqlite;
      const level = () => Number(connection.pragma('synchronous', { simple: true }));
      const configured = level();
      const created = await conversations.create('shp_6', 1_000);
      await conversations.appendMessages(created.id, [message('x')], undefined, 2_000);
      expect(level()).toBe(configured);
      await expect(
        conversations.appendMessages('cnv_missing', [message('y')], undefined, 3_000),
      ).rejects.toThrow();
      expect(level()).toBe(configured);
    });

    it('takes over and releases, clearing requests, and lists by status', async () => {
      const created = await conversations.create('shp_4', 1_000);
      expect(await conversations.setStatus(created.id, 'human', 'sam', 5_000)).toBe(true);
      expect(await conversations.find(created.id)).toMatchObject({
        status: 'human',
        takenOverBy: 'sam',
        handoffRequested: false,
      });
      const humans = await conversations.list({ status: 'human', limit: 10 });
      expect(humans.map((item) => item.id)).toEqual([created.id]);
      expect(await conversations.setStatus(created.id, 'assistant', undefined, 6_000)).toBe(true);
      expect(await conversations.list({ status: 'human', limit: 10 })).toEqual([]);
      expect((await conversations.list({ shopperId: 'shp_4', limit: 10 }))[0]?.status).toBe('assistant');
      expect(await conversations.setStatus('cnv_missing', 'human', 'sam', 7_000)).toBe(false);
      expect(await conversations.find('cnv_missing')).toBeUndefined();
    });
  });
}
