import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectiveStatus, type Promotions } from '../src/promotions/index.js';
import { hashRequest } from '../src/shared/idempotency.js';
import { makeCampaign, openPromotions, type PromotionsFixture } from './helpers/promotions.js';
import { STORES } from './helpers/stores.js';

const postgres = STORES.find((store) => store.name === 'postgres');

/** Resolves with the milliseconds it took until `condition` held, or rejects after `limitMs`. */
async function within(limitMs: number, condition: () => boolean): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return performance.now() - started;
}

describe.skipIf(postgres === undefined || postgres.skipReason !== undefined)(
  'two nodes on one PostgreSQL (separate pools, memories, batchers and LISTEN connections)',
  () => {
    let fixture: PromotionsFixture;
    let other: Promotions;
    beforeAll(async () => {
      if (postgres === undefined) return;
      // Periodic refresh off: whatever reaches the other node here came through LISTEN/NOTIFY.
      fixture = await openPromotions(postgres, { refreshMs: 0 });
      other = (await fixture.openNode({ refreshMs: 0 })).promotions;
    });
    afterAll(async () => {
      await fixture?.dispose();
    });

    it('never over-issues when both nodes claim at once', async () => {
      const campaign = await fixture.promotions.campaigns.create(makeCampaign({ budget: 500 }));
      await within(1000, () => other.registry.get(campaign.id) !== undefined);
      const nodes = [fixture.promotions, other];
      const results = await Promise.all(
        Array.from({ length: 3000 }, (_, index) => {
          const shopper = `shp_${index % 1500}`;
          const node = nodes[(index * 7919) % 2] as Promotions;
          return node.claims.claim({
            campaignId: campaign.id,
            shopperId: shopper,
            idempotencyKey: `${shopper}-${index % 3}`,
            requestHash: hashRequest({}),
          });
        }),
      );
      const winners = new Set(results.flatMap((result) => (result.ok ? [result.coupon.shopperId] : [])));
      expect(winners.size).toBe(500);
      const rows = await fixture.db.kysely
        .selectFrom('coupons')
        .select('shopper_id')
        .where('campaign_id', '=', campaign.id)
        .execute();
      expect(rows).toHaveLength(500);
      expect(new Set(rows.map((row) => row.shopper_id)).size).toBe(500);
      expect(await fixture.verify()).toMatchObject({ ok: true });
      // Exhaustion reached the node that did not issue the last coupon, too.
      await within(
        1000,
        () => effectiveStatus(other.registry.get(campaign.id) ?? campaign, Date.now()) === 'exhausted',
      );
    });

    it('pause and resume on one node reach the other within one second', async () => {
      const campaign = await fixture.promotions.campaigns.create(makeCampaign({ budget: 10 }));
      await within(1000, () => other.registry.get(campaign.id)?.storedStatus === 'live');
      await fixture.promotions.campaigns.pause(campaign.id);
      const pauseMs = await within(1000, () => other.registry.get(campaign.id)?.storedStatus === 'paused');
      const refused = await other.claims.claim({
        campaignId: campaign.id,
        shopperId: 'shp_x',
        idempotencyKey: 'k',
        requestHash: hashRequest({}),
      });
      expect(refused).toMatchObject({ ok: false, code: 'CAMPAIGN_NOT_LIVE' });
      await fixture.promotions.campaigns.resume(campaign.id);
      const resumeMs = await within(1000, () => other.registry.get(campaign.id)?.storedStatus === 'live');
      expect(pauseMs).toBeLessThan(1000);
      expect(resumeMs).toBeLessThan(1000);
      const accepted = await other.claims.claim({
        campaignId: campaign.id,
        shopperId: 'shp_x',
        idempotencyKey: 'k',
        requestHash: hashRequest({}),
      });
      expect(accepted.ok).toBe(true);
    });
  },
);
