import { afterAll, describe, expect, it } from 'vitest';
import { verifyPromotions } from '../src/cli/verify-command.js';
import type { Db } from '../src/storage/dialect.js';
import { ADMIN_KEY, type Node, post, startNode } from './helpers/crash-node.js';
import { makeCampaign } from './helpers/promotions.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

const BUDGET = 200;
const SHOPPERS = 260;
const KILL_AFTER = 80;

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`kill -9 during claims on ${store.name}`, () => {
    const nodes: Node[] = [];
    let database: FreshDatabase | undefined;
    let db: Db | undefined;
    afterAll(async () => {
      for (const node of nodes) {
        if (node.child.exitCode === null) node.child.kill('SIGKILL');
        await node.exited;
      }
      await db?.close();
      await database?.dispose();
    });

    it('keeps every claim answered 201, in the coupons and the ledger, and never exceeds the budget', async () => {
      database = await store.freshDatabase();
      const first = await startNode(database);
      nodes.push(first);
      const created = await post(
        first.base,
        '/api/v1/admin/campaigns',
        ADMIN_KEY,
        makeCampaign({ budget: BUDGET }),
      );
      expect(created.status).toBe(201);
      const campaignId = created.body.id as string;
      const tokens: string[] = [];
      for (let index = 0; index < SHOPPERS; index += 1) {
        const session = await post(first.base, '/api/v1/sessions', '', {});
        expect(session.status).toBe(201);
        tokens.push(session.body.token as string);
      }

      const acknowledged = new Map<number, string>();
      let next = 0;
      const worker = async () => {
        while (next < SHOPPERS) {
          const shopper = next++;
          try {
            const answer = await post(
              first.base,
              `/api/v1/campaigns/${campaignId}/claims`,
              tokens[shopper] ?? '',
              {},
              {
                'idempotency-key': `claim-${shopper}`,
              },
            );
            if (answer.status === 201) {
              acknowledged.set(shopper, (answer.body.coupon as { code: string }).code);
              if (acknowledged.size === KILL_AFTER) first.child.kill('SIGKILL');
            }
          } catch {
            // The process died under this request: no answer, so no promise was made.
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
      await first.exited;
      expect(first.child.signalCode).toBe('SIGKILL');

      const second = await startNode(database);
      nodes.push(second);
      db = await database.open();
      const rows = await db.kysely
        .selectFrom('coupons')
        .select(['code', 'idempotency_key'])
        .where('campaign_id', '=', campaignId)
        .execute();
      const stored = new Map(rows.map((row) => [row.idempotency_key, row.code]));
      const ledger = await db.kysely
        .selectFrom('coupon_ledger')
        .select('coupon_id')
        .where('campaign_id', '=', campaignId)
        .where('event', '=', 'claimed')
        .execute();
      expect(ledger).toHaveLength(rows.length);
      for (const [shopper, code] of acknowledged) expect(stored.get(`claim-${shopper}`)).toBe(code);
      expect(rows.length).toBeLessThanOrEqual(BUDGET);

      // After the restart every shopper retries with the same key: acknowledged ones replay the
      // same coupon, and the campaign fills exactly to its budget.
      const final = new Map<number, string>();
      for (let shopper = 0; shopper < SHOPPERS; shopper += 1) {
        const answer = await post(
          second.base,
          `/api/v1/campaigns/${campaignId}/claims`,
          tokens[shopper] ?? '',
          {},
          {
            'idempotency-key': `claim-${shopper}`,
          },
        );
        expect([201, 410]).toContain(answer.status);
        if (answer.status === 201) final.set(shopper, (answer.body.coupon as { code: string }).code);
      }
      for (const [shopper, code] of acknowledged) expect(final.get(shopper)).toBe(code);
      expect(final.size).toBe(BUDGET);
      const report = await verifyPromotions(db);
      expect(report.mismatches).toEqual([]);
    });
  });
}
