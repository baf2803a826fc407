import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCampaign } from './helpers/promotions.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`promotions HTTP API on ${store.name}`, () => {
    let test: TestApp;
    let admin: Record<string, string>;
    beforeAll(async () => {
      test = await startTestApp(store, { admission: { enabled: false } });
      admin = { authorization: `Bearer ${test.adminKey}` };
    });
    afterAll(async () => {
      await test?.close();
    });

    const create = async (body: object) => {
      const response = await test.app.server.inject({
        method: 'POST',
        url: '/api/v1/admin/campaigns',
        headers: admin,
        payload: body,
      });
      expect(response.statusCode).toBe(201);
      return response.json() as { id: string; status: string; version: number };
    };
    const claim = (campaignId: string, token: string, key: string | undefined, payload: unknown = {}) =>
      test.app.server.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/claims`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
        payload: payload as object,
      });

    it('creates, reads, lists, pauses, resumes and reports a campaign; claims follow its status', async () => {
      const { server } = test.app;
      const campaign = await create(
        makeCampaign({ budget: 2, validity: { hoursAfterClaim: 24 }, description: 'Two coupons' }),
      );
      expect(campaign).toMatchObject({ status: 'live', version: 1 });
      const read = await server.inject({ url: `/api/v1/admin/campaigns/${campaign.id}`, headers: admin });
      expect(read.json()).toMatchObject({ id: campaign.id, budget: { claims: 2 }, remaining: 2 });
      const list = await server.inject({ url: '/api/v1/admin/campaigns', headers: admin });
      expect(list.json().items.map((item: { id: string }) => item.id)).toContain(campaign.id);

      const shopper = await test.newShopper();
      const offers = await server.inject({
        url: '/api/v1/campaigns',
        headers: { authorization: `Bearer ${shopper.token}` },
      });
      expect(offers.json().items).toContainEqual(
        expect.objectContaining({ id: campaign.id, claimed: false, remaining: 2 }),
      );

      const paused = await server.inject({
        method: 'POST',
        url: `/api/v1/admin/campaigns/${campaign.id}/pause`,
        headers: admin,
      });
      expect(paused.json().status).toBe('paused');
      const refused = await claim(campaign.id, shopper.token, 'p-1');
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('CAMPAIGN_NOT_LIVE');
      await server.inject({
        method: 'POST',
        url: `/api/v1/admin/campaigns/${campaign.id}/resume`,
        headers: admin,
      });

      const first = await claim(campaign.id, shopper.token, 'p-1');
      expect(first.statusCode).toBe(201);
      const coupon = first.json().coupon;
      expect(coupon.code).toMatch(/^RUSH(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
      expect(coupon).toMatchObject({ campaignId: campaign.id, reward: { type: 'amount' } });
      expect(Date.parse(coupon.expiresAt)).toBeGreaterThan(Date.now() + 23 * 3600_000);
      const replay = await claim(campaign.id, shopper.token, 'p-1');
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      const conflict = await claim(campaign.id, shopper.token, 'p-1', { source: 'widget' });
      expect(conflict.statusCode).toBe(422);
      expect(conflict.json().error.code).toBe('IDEMPOTENCY_CONFLICT');
      const twice = await claim(campaign.id, shopper.token, 'p-2');
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error).toMatchObject({
        code: 'ALREADY_CLAIMED',
        details: { coupon: { code: coupon.code } },
      });

      const other = await test.newShopper();
      expect((await claim(campaign.id, other.token, 'o-1')).statusCode).toBe(201);
      const late = await test.newShopper();
      const gone = await claim(campaign.id, late.token, 'l-1');
      expect(gone.statusCode).toBe(410);
      expect(gone.json().error.code).toBe('CAMPAIGN_EXHAUSTED');

      const stats = await server.inject({
        url: `/api/v1/admin/campaigns/${campaign.id}/stats`,
        headers: admin,
      });
      expect(stats.json()).toMatchObject({
        claimed: 2,
        remaining: 0,
        redeemed: 0,
        status: 'exhausted',
        discountRedeemed: { amount: 0, currency: 'USD' },
        outcomes: { ISSUED: 2, REPLAYED: 1, CAMPAIGN_EXHAUSTED: 1, ALREADY_CLAIMED: 1 },
      });

      // A larger budget is a safe change while live; the campaign is claimable again.
      const grown = await server.inject({
        method: 'PATCH',
        url: `/api/v1/admin/campaigns/${campaign.id}`,
        headers: admin,
        payload: { budget: { claims: 3 }, name: 'Three coupons' },
      });
      expect(grown.statusCode).toBe(200);
      expect(grown.json()).toMatchObject({ status: 'live', remaining: 1, name: 'Three coupons' });
      expect((await claim(campaign.id, late.token, 'l-2')).statusCode).toBe(201);
      const offersAfter = await server.inject({
        url: '/api/v1/campaigns',
        headers: { authorization: `Bearer ${shopper.token}` },
      });
      expect(offersAfter.json().items.some((item: { id: string }) => item.id === campaign.id)).toBe(false);
    });

    it('refuses unsafe updates once live, allows anything on a draft, and deletes only unused campaigns', async () => {
      const { server } = test.app;
      const live = await create(makeCampaign({ budget: 5, endsAt: '2099-01-01T00:00:00Z' }));
      const patch = (id: string, payload: object) =>
        server.inject({ method: 'PATCH', url: `/api/v1/admin/campaigns/${id}`, headers: admin, payload });
      for (const payload of [
        { budget: { claims: 4 } },
        { reward: { type: 'free_shipping' } },
        { perShopperLimit: 2 },
        { endsAt: '2098-01-01T00:00:00Z' },
        { status: 'draft' },
      ]) {
        const response = await patch(live.id, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(409);
        expect(response.json().error.code).toBe('CAMPAIGN_UPDATE_UNSAFE');
      }
      expect((await patch(live.id, { endsAt: '2100-01-01T00:00:00Z' })).statusCode).toBe(200);
      expect((await patch(live.id, { reward: makeCampaign().reward })).statusCode).toBe(200);

      const draft = await create(makeCampaign({ status: 'draft' }));
      expect(draft.status).toBe('draft');
      const changed = await patch(draft.id, {
        perShopperLimit: 3,
        reward: { type: 'free_shipping' },
        status: 'live',
      });
      expect(changed.json()).toMatchObject({ perShopperLimit: 3, status: 'live' });
      const shopper = await test.newShopper();
      expect((await claim(live.id, shopper.token, 'x')).statusCode).toBe(201);
      const deleteUsed = await server.inject({
        method: 'DELETE',
        url: `/api/v1/admin/campaigns/${live.id}`,
        headers: admin,
      });
      expect(deleteUsed.statusCode).toBe(409);
      const unused = await create(makeCampaign({ status: 'draft' }));
      const deleted = await server.inject({
        method: 'DELETE',
        url: `/api/v1/admin/campaigns/${unused.id}`,
        headers: admin,
      });
      expect(deleted.statusCode).toBe(204);
      const missing = await server.inject({ url: `/api/v1/admin/campaigns/${unused.id}`, headers: admin });
      expect(missing.json().error.code).toBe('CAMPAIGN_NOT_FOUND');
    });

    it('answers bad input on every promotions route with a 4xx and a stable code', async () => {
      const { server } = test.app;
      const shopper = await test.newShopper();
      const campaign = await create(makeCampaign({ budget: 5 }));
      const cases: {
        method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
        url: string;
        headers?: Record<string, string>;
        payload?: string;
        code: string;
      }[] = [
        {
          method: 'POST',
          url: `/api/v1/campaigns/${campaign.id}/claims`,
          headers: { authorization: `Bearer ${shopper.token}` },
          payload: '{}',
          code: 'IDEMPOTENCY_KEY_REQUIRED',
        },
        {
          method: 'POST',
          url: `/api/v1/campaigns/${campaign.id}/claims`,
          headers: { authorization: `Bearer ${shopper.token}`, 'idempotency-key': 'x'.repeat(300) },
          payload: '{}',
          code: 'VALIDATION_FAILED',
        },
        {
          method: 'POST',
          url: `/api/v1/campaigns/${campaign.id}/claims`,
          headers: { authorization: `Bearer ${shopper.token}`, 'idempotency-key': 'k' },
          payload: '{"source":',
          code: 'MALFORMED_JSON',
        },
        {
          method: 'POST',
          url: `/api/v1/campaigns/${campaign.id}/claims`,
          headers: { authorization: `Bearer ${shopper.token}`, 'idempotency-key': 'k' },
          payload: '{"source":42}',
          code: 'VALIDATION_FAILED',
        },
        {
          method: 'POST',
          url: `/api/v1/campaigns/${campaign.id}/claims`,
          headers: { authorization: `Bearer ${shopper.token}`, 'idempotency-key': 'k' },
          payload: JSON.stringify({ source: 'x'.repeat(5000) }),
          code: 'BODY_TOO_LARGE',
        },
        {
          method: 'POST',
          url: '/api/v1/campaigns/cmp_nope/claims',
          headers: { authorization: `Bearer ${shopper.token}`, 'idempotency-key': 'k' },
          payload: '{}',
          code: 'CAMPAIGN_NOT_FOUND',
        },
        {
          method: 'POST',
          url: `/api/v1/campaigns/${campaign.id}/claims`,
          headers: { 'idempotency-key': 'k' },
          payload: '{}',
          code: 'UNAUTHENTICATED',
        },
        { method: 'GET', url: '/api/v1/campaigns', code: 'UNAUTHENTICATED' },
        {
          method: 'GET',
          url: '/api/v1/admin/campaigns',
          headers: { authorization: `Bearer ${shopper.token}` },
          code: 'ADMIN_KEY_REQUIRED',
        },
        {
          method: 'POST',
          url: '/api/v1/admin/campaigns',
          headers: admin,
          payload: '{"name":"x"}',
          code: 'VALIDATION_FAILED',
        },
        {
          method: 'POST',
          url: '/api/v1/admin/campaigns',
          headers: admin,
          payload: '[1,2',
          code: 'MALFORMED_JSON',
        },
        {
          method: 'POST',
          url: '/api/v1/admin/campaigns',
          headers: admin,
          payload: JSON.stringify({ ...makeCampaign(), budget: { claims: -1 } }),
          code: 'VALIDATION_FAILED',
        },
        {
          method: 'POST',
          url: '/api/v1/admin/campaigns',
          headers: admin,
          payload: JSON.stringify({
            ...makeCampaign(),
            budget: { claims: 5, discount: { amount: 100, currency: 'EUR' } },
          }),
          code: 'VALIDATION_FAILED',
        },
        {
          method: 'POST',
          url: '/api/v1/admin/campaigns',
          headers: admin,
          payload: JSON.stringify({
            ...makeCampaign(),
            startsAt: '2030-01-02T00:00:00Z',
            endsAt: '2030-01-01T00:00:00Z',
          }),
          code: 'VALIDATION_FAILED',
        },
        {
          method: 'POST',
          url: '/api/v1/admin/campaigns',
          headers: admin,
          payload: JSON.stringify({ ...makeCampaign(), name: 'x'.repeat(100_000) }),
          code: 'BODY_TOO_LARGE',
        },
        {
          method: 'PATCH',
          url: '/api/v1/admin/campaigns/cmp_nope',
          headers: admin,
          payload: '{"name":"y"}',
          code: 'CAMPAIGN_NOT_FOUND',
        },
        {
          method: 'PATCH',
          url: `/api/v1/admin/campaigns/${campaign.id}`,
          headers: admin,
          payload: '{"unknown":1}',
          code: 'VALIDATION_FAILED',
        },
        {
          method: 'POST',
          url: '/api/v1/admin/campaigns/cmp_nope/pause',
          headers: admin,
          code: 'CAMPAIGN_NOT_FOUND',
        },
        {
          method: 'POST',
          url: '/api/v1/admin/campaigns/cmp_nope/resume',
          headers: admin,
          code: 'CAMPAIGN_NOT_FOUND',
        },
        {
          method: 'GET',
          url: '/api/v1/admin/campaigns/cmp_nope/stats',
          headers: admin,
          code: 'CAMPAIGN_NOT_FOUND',
        },
        {
          method: 'DELETE',
          url: '/api/v1/admin/campaigns/cmp_nope',
          headers: admin,
          code: 'CAMPAIGN_NOT_FOUND',
        },
        {
          method: 'GET',
          url: `/api/v1/admin/campaigns/${encodeURIComponent('\u0000\u00ff')}`,
          headers: admin,
          code: 'VALIDATION_FAILED',
        },
      ];
      for (const entry of cases) {
        const response = await server.inject({
          method: entry.method,
          url: entry.url,
          headers: {
            ...(entry.payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...entry.headers,
          },
          ...(entry.payload === undefined ? {} : { payload: entry.payload }),
        });
        expect(
          response.statusCode,
          `${entry.method} ${entry.url} ${entry.payload ?? ''}`,
        ).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.json().error.code, `${entry.method} ${entry.url}`).toBe(entry.code);
      }
      const stats = await server.inject({
        url: `/api/v1/admin/campaigns/${campaign.id}/stats`,
        headers: admin,
      });
      expect(stats.json().claimed).toBe(0);
    });

    it('never answers a random body, key or id with a 5xx', async () => {
      const { server } = test.app;
      const shopper = await test.newShopper();
      const campaign = await create(makeCampaign({ budget: 1000 }));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('claim', 'create', 'update', 'pause'),
          fc.oneof(
            fc.json(),
            fc.string(),
            fc.jsonValue().map((value) => JSON.stringify(value)),
          ),
          fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
          fc.oneof(fc.constant(campaign.id), fc.string({ minLength: 1, maxLength: 120 })),
          async (route, payload, key, id) => {
            const safeId = encodeURIComponent(id);
            const target =
              route === 'claim'
                ? { method: 'POST' as const, url: `/api/v1/campaigns/${safeId}/claims`, auth: shopper.token }
                : route === 'create'
                  ? { method: 'POST' as const, url: '/api/v1/admin/campaigns', auth: test.adminKey }
                  : route === 'update'
                    ? {
                        method: 'PATCH' as const,
                        url: `/api/v1/admin/campaigns/${safeId}`,
                        auth: test.adminKey,
                      }
                    : {
                        method: 'POST' as const,
                        url: `/api/v1/admin/campaigns/${safeId}/pause`,
                        auth: test.adminKey,
                      };
            const headers: Record<string, string> = {
              authorization: `Bearer ${target.auth}`,
              'content-type': 'application/json',
            };
            if (key !== undefined && /^[\t\x20-\x7e]*$/.test(key)) headers['idempotency-key'] = key;
            const response = await server.inject({
              method: target.method,
              url: target.url,
              headers,
              payload,
            });
            expect(response.statusCode, `${target.method} ${target.url} ${payload}`).toBeLessThan(500);
            if (response.statusCode >= 400) expect(typeof response.json().error.code).toBe('string');
          },
        ),
        { numRuns: 300 },
      );
      await server.inject({
        method: 'POST',
        url: `/api/v1/admin/campaigns/${campaign.id}/resume`,
        headers: admin,
      });
    });
  });
}
