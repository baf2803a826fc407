import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_FAILURES } from '../src/http/auth.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite store fixture');

// The admin key is checked before the body is read, and guessing it is rate limited per address.
describe('admin authentication at the edge', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(store);
  });
  afterAll(async () => {
    await test.close();
  });

  const listCampaigns = (key: string, remoteAddress: string) =>
    test.app.server.inject({
      method: 'GET',
      url: '/api/v1/admin/campaigns',
      headers: { authorization: `Bearer ${key}` },
      remoteAddress,
    });

  it('refuses a request without the key before parsing its body', async () => {
    const response = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/campaigns',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": not json',
      remoteAddress: '10.0.0.1',
    });
    expect(response.statusCode, response.body).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'ADMIN_KEY_REQUIRED' } });
  });

  it('refuses an address that guessed wrong too often, even with the right key, and no other', async () => {
    for (let attempt = 0; attempt < ADMIN_FAILURES.points; attempt++) {
      expect((await listCampaigns(`wrong-key-${attempt}`, '10.0.0.2')).statusCode).toBe(401);
    }
    const limited = await listCampaigns(`wrong-key-last`, '10.0.0.2');
    expect(limited.statusCode, limited.body).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await listCampaigns(test.adminKey, '10.0.0.2')).statusCode).toBe(429);
    expect((await listCampaigns(test.adminKey, '10.0.0.3')).statusCode).toBe(200);
  });
});

// Behind a proxy every request comes from the proxy's address: with RUSHCART_TRUST_PROXY naming
// it, the lockout (and every per-IP limit) counts the client's address from X-Forwarded-For;
// without it, a forged header changes nothing.
for (const trusted of [true, false]) {
  describe(`admin lockout behind a proxy, X-Forwarded-For ${trusted ? 'trusted' : 'ignored'}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store, trusted ? { env: { RUSHCART_TRUST_PROXY: '10.9.0.1' } } : {});
    });
    afterAll(async () => {
      await test.close();
    });

    const fromProxy = (key: string, client: string) =>
      test.app.server.inject({
        method: 'GET',
        url: '/api/v1/admin/campaigns',
        headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': client },
        remoteAddress: '10.9.0.1',
      });

    it(trusted ? 'locks out the guessing client, not the proxy' : 'locks out the proxy address', async () => {
      for (let attempt = 0; attempt <= ADMIN_FAILURES.points; attempt++)
        await fromProxy('wrong-key', '203.0.113.7');
      expect((await fromProxy(test.adminKey, '203.0.113.7')).statusCode).toBe(429);
      expect((await fromProxy(test.adminKey, '198.51.100.20')).statusCode).toBe(trusted ? 200 : 429);
    });
  });
}
