import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../bench/lib/server-process.js';
import type { Db } from '../src/storage/dialect.js';
import { makeCampaign } from './helpers/promotions.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

const BUDGET = 50;
const SHOPPERS = 150;
const SHARED_SECRET = 'multiprocess-suite-secret-0123456789abcdef';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`two server processes on one ${store.name} store`, () => {
    let database: FreshDatabase;
    let db: Db;
    const nodes: ServerProcess[] = [];

    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
      for (let index = 0; index < 2; index += 1) {
        nodes.push(
          await startServer({
            RUSHCART_DATABASE_URL: database.url,
            RUSHCART_DATABASE_SCHEMA: database.schema ?? '',
            RUSHCART_JWT_SECRET: SHARED_SECRET,
            RUSHCART_SEED_DEMO: 'false',
            RUSHCART_ADMISSION: 'off',
          }),
        );
      }
    }, 120_000);
    afterAll(async () => {
      for (const node of nodes) {
        await node.stop();
        node.dispose();
      }
      await db?.close();
      await database?.dispose();
    });

    it('never issue past the budget or twice to a shopper, with claims spread over both', async () => {
      const [first, second] = nodes;
      if (first === undefined || second === undefined) throw new Error('nodes did not start');
      const created = await fetch(`${first.url}/api/v1/admin/campaigns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(makeCampaign({ budget: BUDGET })),
      });
      expect(created.status).toBe(201);
      const campaignId = ((await created.json()) as { id: string }).id;

      const tokens = await Promise.all(
        Array.from({ length: SHOPPERS }, async (_, index) => {
          const node = index % 2 === 0 ? first : second;
          const session = await fetch(`${node.url}/api/v1/sessions`, { method: 'POST' });
          return ((await session.json()) as { token: string }).token;
        }),
      );
      // Every shopper claims twice, once on each node with its own key, all at once.
      const attempts = tokens.flatMap((token, index) =>
        [first, second].map(async (node, side) => {
          const response = await fetch(`${node.url}/api/v1/campaigns/${campaignId}/claims`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': `shopper-${index}-node-${side}`,
            },
            body: '{}',
          });
          return { shopper: index, status: response.status };
        }),
      );
      const results = await Promise.all(attempts);
      const issued = results.filter((result) => result.status === 201);
      expect(issued).toHaveLength(BUDGET);
      expect(new Set(issued.map((result) => result.shopper)).size).toBe(BUDGET);
      for (const result of results) expect([201, 409, 410]).toContain(result.status);

      const coupons = await db.kysely
        .selectFrom('coupons')
        .select(['shopper_id'])
        .where('campaign_id', '=', campaignId)
        .execute();
      expect(coupons).toHaveLength(BUDGET);
      expect(new Set(coupons.map((coupon) => coupon.shopper_id)).size).toBe(BUDGET);
      const campaign = await db.kysely
        .selectFrom('campaigns')
        .select(['claimed', 'budget_claims'])
        .where('id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(campaign).toEqual({ claimed: BUDGET, budget_claims: BUDGET });
    });
  });
}
