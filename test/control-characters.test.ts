import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

// Hostile text: a NUL in a text field gave 500 on PostgreSQL (it cannot store NUL in text). Every
// control character but tab, LF and CR is refused with 400 before validation, naming the field,
// on both stores, and nothing is written.
for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`control characters on ${store.name}`, () => {
    let test: TestApp;
    let token: string;
    beforeAll(async () => {
      test = await startTestApp(store);
      token = (await test.newShopper()).token;
    });
    afterAll(async () => {
      await test?.close();
    });

    const admin = () => ({ authorization: `Bearer ${test.adminKey}` });
    const expectRefused = (response: { statusCode: number; body: string }, field: string) => {
      expect(response.statusCode, response.body).toBe(400);
      const error = (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain(field);
    };

    it('refuses a NUL in an admin campaign name and writes nothing', async () => {
      const response = await test.app.server.inject({
        method: 'POST',
        url: '/api/v1/admin/campaigns',
        headers: admin(),
        payload: {
          name: 'Flash\u0000sale',
          budget: { claims: 10 },
          perShopperLimit: 1,
          reward: { type: 'percent', percent: 10 },
          status: 'live',
        },
      });
      expectRefused(response, 'body/name');
      const listed = await test.app.server.inject({
        method: 'GET',
        url: '/api/v1/admin/campaigns',
        headers: admin(),
      });
      expect(listed.body).not.toContain('Flash');
    });

    it('refuses control characters in a product, a session, a search and a chat message', async () => {
      expectRefused(
        await test.app.server.inject({
          method: 'POST',
          url: '/api/v1/admin/products',
          headers: admin(),
          payload: {
            title: 'Tee',
            category: 'clothing\u0007',
            variants: [{ price: { amount: 100, currency: 'USD' }, stock: 1 }],
          },
        }),
        'body/category',
      );
      expectRefused(
        await test.app.server.inject({
          method: 'POST',
          url: '/api/v1/sessions',
          payload: { deviceId: 'dev\u0000' },
        }),
        'body/deviceId',
      );
      expectRefused(
        await test.app.server.inject({ method: 'GET', url: '/api/v1/products?q=tee%00' }),
        'query/q',
      );
      expectRefused(
        await test.app.server.inject({
          method: 'POST',
          url: '/api/v1/assistant/messages',
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          payload: { text: 'find a \u0000 bottle' },
        }),
        'body/text',
      );
    });

    it('keeps tabs and line breaks', async () => {
      const response = await test.app.server.inject({
        method: 'POST',
        url: '/api/v1/assistant/messages',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        payload: { text: 'hello\nany\tdeals?\r\n' },
      });
      expect(response.statusCode, response.body).toBe(200);
    });
  });
}
