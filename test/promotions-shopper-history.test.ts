import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalCampaignNotifier,
  createPromotions,
  type ShopperHistory,
} from '../src/promotions/index.js';
import { hashRequest } from '../src/shared/idempotency.js';
import { createPostgresClaimBatch } from '../src/storage/postgres/claim-batch.js';
import { createSqlCampaignStore } from '../src/storage/sql/campaign-store.js';
import { createSqliteClaimBatch } from '../src/storage/sqlite/claim-batch.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const NEW_SHOPPERS_ONLY = {
  name: 'First order treat',
  budget: { claims: 100 },
  perShopperLimit: 1,
  reward: { type: 'amount', amount: { amount: 300, currency: 'USD' } },
  eligibility: { newShoppersOnly: true },
  status: 'live',
};

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `newShoppersOnly through ShopperHistory on ${store.name}`,
    () => {
      let test: TestApp;
      beforeAll(async () => {
        test = await startTestApp(store);
      });
      afterAll(async () => {
        await test?.close();
      });

      it('commerce answers for the app: a paid order makes a shopper ineligible, a declined attempt does not', async () => {
        const admin = clientFor(test, test.adminKey);
        const created = await admin.post('/api/v1/admin/campaigns', NEW_SHOPPERS_ONLY);
        expect(created.statusCode, created.body).toBe(201);
        const campaignId = created.json().id as string;
        const variant = await makeVariant(test.app.db, { price: 2_000, stock: 10 });

        const buyer = clientFor(test, (await test.newShopper()).token);
        await buyer.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
        expect((await buyer.checkout('buyer-order')).statusCode).toBe(201);
        const refused = await buyer.post(
          `/api/v1/campaigns/${campaignId}/claims`,
          {},
          { 'idempotency-key': 'b1' },
        );
        expect(refused.statusCode, refused.body).toBe(403);
        expect(refused.json().error.code).toBe('NOT_ELIGIBLE');

        const declined = clientFor(test, (await test.newShopper()).token);
        await declined.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
        expect((await declined.checkout('declined', checkoutBody('4000000000000002'))).statusCode).toBe(402);
        const claimed = await declined.post(
          `/api/v1/campaigns/${campaignId}/claims`,
          {},
          { 'idempotency-key': 'd1' },
        );
        expect(claimed.statusCode, claimed.body).toBe(201);

        const fresh = clientFor(test, (await test.newShopper()).token);
        const first = await fresh.post(
          `/api/v1/campaigns/${campaignId}/claims`,
          {},
          { 'idempotency-key': 'f1' },
        );
        expect(first.statusCode, first.body).toBe(201);
      });

      it('the claim path asks the ShopperHistory port, not the orders table', async () => {
        const { db } = test.app;
        const asked: string[] = [];
        // Commerce's record is bypassed: this history says one shopper paid though no order exists.
        const history: ShopperHistory = {
          async hasPaidOrder(shopperId) {
            asked.push(shopperId);
            return shopperId === paidElsewhere;
          },
        };
        const paidElsewhere = (await test.newShopper()).shopperId;
        const newcomer = (await test.newShopper()).shopperId;
        const promotions = createPromotions({
          store: createSqlCampaignStore(db),
          claimBatch: db.dialect === 'sqlite' ? createSqliteClaimBatch(db) : createPostgresClaimBatch(db),
          notifier: createLocalCampaignNotifier(),
          shopperHistory: history,
          refreshMs: 0,
        });
        await promotions.start();
        try {
          const campaign = await promotions.campaigns.create({
            ...NEW_SHOPPERS_ONLY,
            reward: { type: 'amount', amount: { amount: 300, currency: 'USD' } },
            status: 'live',
          });
          const claim = (shopperId: string) =>
            promotions.claims.claim({
              campaignId: campaign.id,
              shopperId,
              idempotencyKey: `k-${shopperId}`,
              requestHash: hashRequest({}),
            });
          expect(await claim(paidElsewhere)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
          expect(await claim(newcomer)).toMatchObject({ ok: true });
          expect(asked).toEqual([paidElsewhere, newcomer]);
        } finally {
          await promotions.close();
        }
      });
    },
  );
}
