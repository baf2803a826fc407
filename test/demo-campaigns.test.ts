import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DEMO_CAMPAIGN_IDS, seedDemoCampaigns } from '../src/promotions/index.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlCampaignStore } from '../src/storage/sql/campaign-store.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { checkoutBody } from './helpers/commerce-client.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

const HOUR = 60 * 60 * 1000;

async function campaignRows(db: Db) {
  return db.kysely.selectFrom('campaigns').select(['id', 'code', 'status']).orderBy('id').execute();
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`demo campaigns on ${store.name}`, () => {
    let database: FreshDatabase;
    let app: App;
    const start = () =>
      createApp(
        loadConfig(
          { RUSHCART_LOG_LEVEL: 'silent', RUSHCART_ADMISSION: 'off' },
          {
            dataDir: database.dataDir,
            databaseUrl: database.url,
            databaseSchema: database.schema,
            seedDemo: true,
            adminKey: 'test-admin-key-0123456789',
          },
        ),
        { logger: false },
      );

    beforeAll(async () => {
      database = await store.freshDatabase();
      app = await start();
    });
    afterAll(async () => {
      await app?.close();
      await database?.dispose();
    });

    const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object, key?: string) =>
      app.server.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
        ...(payload === undefined ? {} : { payload }),
      });

    it('first start seeds a live welcome offer and the shared code WELCOME5, which shoppers can use', async () => {
      expect(await campaignRows(app.db)).toEqual([
        { id: DEMO_CAMPAIGN_IDS.welcome, code: null, status: 'live' },
        { id: DEMO_CAMPAIGN_IDS.welcome5, code: 'WELCOME5', status: 'live' },
      ]);
      const session = await app.server.inject({ method: 'POST', url: '/api/v1/sessions', payload: {} });
      const { token } = session.json() as { token: string };

      const offers = (await call(token, 'GET', '/api/v1/campaigns')).json().items as {
        id: string;
        status: string;
        remaining: number;
        code: string | null;
      }[];
      expect(offers.map((offer) => [offer.id, offer.status, offer.remaining, offer.code])).toEqual([
        [DEMO_CAMPAIGN_IDS.welcome, 'live', 1_000, null],
        [DEMO_CAMPAIGN_IDS.welcome5, 'live', 500, 'WELCOME5'],
      ]);

      const before = Date.now();
      const claimed = await call(
        token,
        'POST',
        `/api/v1/campaigns/${DEMO_CAMPAIGN_IDS.welcome}/claims`,
        {},
        'w1',
      );
      expect(claimed.statusCode, claimed.body).toBe(201);
      const coupon = claimed.json().coupon as { code: string; reward: unknown; expiresAt: string };
      expect(coupon.reward).toEqual({
        type: 'percent',
        percent: 10,
        cap: { amount: 1_500, currency: 'USD' },
      });
      const expiresAt = Date.parse(coupon.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 48 * HOUR);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 48 * HOUR);

      // $50 of goods: 10% ($5) from the welcome coupon combines with WELCOME5's $5.
      const variant = await makeVariant(app.db, { price: 5_000, stock: 5 });
      await call(token, 'POST', '/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      expect((await call(token, 'POST', '/api/v1/cart/coupons', { code: coupon.code })).statusCode).toBe(200);
      const cart = await call(token, 'POST', '/api/v1/cart/coupons', { code: 'WELCOME5' });
      expect(cart.statusCode, cart.body).toBe(200);
      expect(cart.json().discount).toEqual({ amount: 1_000, currency: 'USD' });
      const order = await call(token, 'POST', '/api/v1/checkout', checkoutBody(), 'demo-order');
      expect(order.statusCode, order.body).toBe(201);
      expect(order.json().discount.amount).toBe(1_000);
    });

    it('a restart seeds nothing more, and two nodes seeding one empty store at once insert each campaign once', async () => {
      await app.close();
      app = await start();
      expect(await campaignRows(app.db)).toHaveLength(2);

      const other = await store.freshDatabase();
      const first = await other.open();
      const second = await other.open();
      try {
        const now = Date.now();
        const seeded = await Promise.all([
          seedDemoCampaigns(createSqlCampaignStore(first), now),
          seedDemoCampaigns(createSqlCampaignStore(second), now),
        ]);
        expect(await campaignRows(first)).toEqual([
          { id: DEMO_CAMPAIGN_IDS.welcome, code: null, status: 'live' },
          { id: DEMO_CAMPAIGN_IDS.welcome5, code: 'WELCOME5', status: 'live' },
        ]);
        expect(
          seeded
            .flat()
            .map((campaign) => campaign.id)
            .sort(),
        ).toEqual([DEMO_CAMPAIGN_IDS.welcome, DEMO_CAMPAIGN_IDS.welcome5]);
        expect(await seedDemoCampaigns(createSqlCampaignStore(first), now)).toEqual([]);
      } finally {
        await first.close();
        await second.close();
        await other.dispose();
      }
    });

    it('a store that already has campaigns gets no demo campaigns', async () => {
      const other = await store.freshDatabase();
      const db = await other.open();
      try {
        const campaigns = createSqlCampaignStore(db);
        const [mine] = await seedDemoCampaigns(campaigns, Date.now());
        expect(mine).toBeDefined();
        await db.kysely.deleteFrom('campaigns').where('id', '=', DEMO_CAMPAIGN_IDS.welcome5).execute();
        // The merchant removed WELCOME5; a restart must not bring it back.
        expect(await seedDemoCampaigns(campaigns, Date.now())).toEqual([]);
        expect(await campaignRows(db)).toHaveLength(1);
      } finally {
        await db.close();
        await other.dispose();
      }
    });
  });
}
