import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimResult } from '../src/promotions/index.js';
import { hashRequest } from '../src/shared/idempotency.js';
import { makeCampaign, openPromotions, type PromotionsFixture } from './helpers/promotions.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const BUDGET = 1_000;
const SHOPPERS = 5_000;
const CLAIMS = 20_000;

interface Attempt {
  readonly shopperId: string;
  readonly key: string;
  readonly body: object;
}

/**
 * 20,000 attempts from 5,000 shoppers: each shopper sends its first key twice more (replays),
 * and one attempt with a second key (a duplicate claim), all shuffled together.
 */
function makeAttempts(seed: number): Attempt[] {
  const attempts: Attempt[] = [];
  for (let shopper = 0; shopper < SHOPPERS; shopper += 1) {
    const shopperId = `shp_${shopper}`;
    attempts.push({ shopperId, key: `${shopperId}-a`, body: {} });
    attempts.push({ shopperId, key: `${shopperId}-a`, body: {} });
    attempts.push({ shopperId, key: `${shopperId}-b`, body: {} });
    attempts.push({ shopperId, key: `${shopperId}-a`, body: {} });
  }
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let index = attempts.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [attempts[index], attempts[other]] = [attempts[other] as Attempt, attempts[index] as Attempt];
  }
  expect(attempts).toHaveLength(CLAIMS);
  return attempts;
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`20,000 concurrent claims on ${store.name}`, () => {
    let fixture: PromotionsFixture;
    beforeAll(async () => {
      fixture = await openPromotions(store);
    });
    afterAll(async () => {
      await fixture?.dispose();
    });

    it('issues exactly the budget, at most one per shopper, and every replay is identical', async () => {
      const campaign = await fixture.promotions.campaigns.create(makeCampaign({ budget: BUDGET }));
      const attempts = makeAttempts(7);
      const results = await Promise.all(
        attempts.map((attempt) =>
          fixture.promotions.claims.claim({
            campaignId: campaign.id,
            shopperId: attempt.shopperId,
            idempotencyKey: attempt.key,
            requestHash: hashRequest(attempt.body),
          }),
        ),
      );

      const codesByKey = new Map<string, Set<string>>();
      const couponsByShopper = new Map<string, Set<string>>();
      let ok = 0;
      results.forEach((result: ClaimResult, index) => {
        const attempt = attempts[index] as Attempt;
        if (!result.ok) {
          expect(['CAMPAIGN_EXHAUSTED', 'ALREADY_CLAIMED']).toContain(result.code);
          return;
        }
        ok += 1;
        expect(result.coupon.shopperId).toBe(attempt.shopperId);
        const codes = codesByKey.get(attempt.key) ?? new Set();
        codes.add(result.coupon.code);
        codesByKey.set(attempt.key, codes);
        const held = couponsByShopper.get(attempt.shopperId) ?? new Set();
        held.add(result.coupon.code);
        couponsByShopper.set(attempt.shopperId, held);
      });
      // A key answered with success always names the same coupon (replays are identical).
      for (const codes of codesByKey.values()) expect(codes.size).toBe(1);
      for (const held of couponsByShopper.values()) expect(held.size).toBe(1);
      expect(couponsByShopper.size).toBe(BUDGET);
      expect(ok).toBeGreaterThanOrEqual(BUDGET);

      const rows = await fixture.db.kysely
        .selectFrom('coupons')
        .select(['shopper_id', 'code'])
        .where('campaign_id', '=', campaign.id)
        .execute();
      expect(rows).toHaveLength(BUDGET);
      expect(new Set(rows.map((row) => row.shopper_id)).size).toBe(BUDGET);
      for (const row of rows) expect(couponsByShopper.get(row.shopper_id)?.has(row.code)).toBe(true);

      const stats = await fixture.promotions.campaigns.stats(campaign.id);
      expect(stats).toMatchObject({ claimed: BUDGET, remaining: 0, status: 'exhausted' });
      expect(await fixture.verify()).toMatchObject({ ok: true, mismatches: [] });

      // A shopper who won replays the same coupon after exhaustion; a loser gets 410.
      const winner = rows[0];
      if (winner === undefined) throw new Error('no coupon');
      const replay = await fixture.promotions.claims.claim({
        campaignId: campaign.id,
        shopperId: winner.shopper_id,
        idempotencyKey: `${winner.shopper_id}-a`,
        requestHash: hashRequest({}),
      });
      const again = replay.ok ? replay.coupon.code : undefined;
      const other = await fixture.promotions.claims.claim({
        campaignId: campaign.id,
        shopperId: 'shp_late',
        idempotencyKey: 'late',
        requestHash: hashRequest({}),
      });
      expect(other).toMatchObject({ ok: false, code: 'CAMPAIGN_EXHAUSTED' });
      if (again !== undefined) expect(again).toBe(winner.code);
      else expect(replay).toMatchObject({ ok: false, code: 'ALREADY_CLAIMED' });
    });
  });

  describe.skipIf(store.skipReason !== undefined)(`concurrent claims over HTTP on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      // This suite measures the claim path itself; admission (rate limits, shedding) has its own suites.
      test = await startTestApp(store, { admission: { enabled: false } });
    });
    afterAll(async () => {
      await test?.close();
    });

    it('answers 201 to exactly the budget of shoppers; replays carry Idempotent-Replayed', async () => {
      const { server } = test.app;
      const admin = { authorization: `Bearer ${test.adminKey}` };
      const created = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/campaigns',
        headers: admin,
        payload: makeCampaign({ budget: 50 }),
      });
      expect(created.statusCode).toBe(201);
      const campaignId = created.json().id as string;
      const shoppers = await Promise.all(Array.from({ length: 200 }, () => test.newShopper()));
      const attempts = shoppers.flatMap((shopper, index) => [
        { token: shopper.token, key: `k-${index}` },
        { token: shopper.token, key: `k-${index}` },
        { token: shopper.token, key: `k2-${index}` },
      ]);
      const responses = await Promise.all(
        attempts.map((attempt) =>
          server.inject({
            method: 'POST',
            url: `/api/v1/campaigns/${campaignId}/claims`,
            headers: { authorization: `Bearer ${attempt.token}`, 'idempotency-key': attempt.key },
            payload: {},
          }),
        ),
      );
      const byKey = new Map<string, Set<string>>();
      const winners = new Set<string>();
      for (const [index, response] of responses.entries()) {
        const attempt = attempts[index];
        if (attempt === undefined) continue;
        expect([201, 409, 410]).toContain(response.statusCode);
        if (response.statusCode !== 201) continue;
        const code = response.json().coupon.code as string;
        byKey.set(attempt.key, (byKey.get(attempt.key) ?? new Set()).add(code));
        winners.add(attempt.token);
        if (response.headers['idempotent-replayed'] !== undefined) {
          expect(response.headers['idempotent-replayed']).toBe('true');
        }
      }
      for (const codes of byKey.values()) expect(codes.size).toBe(1);
      expect(winners.size).toBe(50);
      const stats = await server.inject({
        url: `/api/v1/admin/campaigns/${campaignId}/stats`,
        headers: admin,
      });
      expect(stats.json()).toMatchObject({ claimed: 50, remaining: 0 });
    });
  });
}
