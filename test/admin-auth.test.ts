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
