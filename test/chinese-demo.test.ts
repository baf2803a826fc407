import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`the Chinese demo slice on ${store.name}`, () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp(store, { seedDemo: true, env: { RUSHCART_SEED_DEMO_ZH: 'true' } });
    });
    afterAll(async () => {
      await testApp?.close();
    });

    const search = async (q: string) => {
      const response = await testApp.app.server.inject({
        method: 'GET',
        url: `/api/v1/products?q=${encodeURIComponent(q)}&limit=5`,
      });
      expect(response.statusCode).toBe(200);
      return response.json() as {
        items: { title: string; variants: { price: { currency: string } }[] }[];
      };
    };

    it('is seeded beside the English catalog, in CNY, with its campaign', async () => {
      const found = await search('蓝牙耳机');
      expect(found.items.length).toBeGreaterThan(0);
      expect(found.items.every((item) => item.title.includes('蓝牙耳机'))).toBe(true);
      expect(found.items[0]?.variants[0]?.price.currency).toBe('CNY');
      const { token } = await testApp.newShopper();
      const campaigns = await testApp.app.server.inject({
        method: 'GET',
        url: '/api/v1/campaigns',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(JSON.stringify(campaigns.json())).toContain('新人专享券');
      // The English demo keeps its products too.
      expect((await search('mascara')).items.length).toBeGreaterThan(0);
    });

    it('answers unspaced, Traditional and mixed queries over HTTP', async () => {
      const titles = async (q: string) => (await search(q)).items.map((item) => item.title);
      expect((await titles('我想买一双跑鞋'))[0]).toMatch(/跑步鞋/);
      expect((await titles('藍牙耳機'))[0]).toMatch(/蓝牙耳机/);
      expect((await titles('耐克 running 鞋'))[0]).toMatch(/耐克.*跑步鞋/);
    });
  });
}
