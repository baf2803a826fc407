import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite store fixture');

/**
 * Keeps this process's event loop saturated, as a crowd does: a 250 ms synchronous task again and
 * again, with one turn for everything else in between. Returns the function that stops it.
 */
function saturateLoop(): () => void {
  let running = true;
  const block = () => {
    if (!running) return;
    const until = performance.now() + 250;
    while (performance.now() < until) {
      // busy: the loop is late by this long
    }
    setTimeout(block, 1);
  };
  block();
  return () => {
    running = false;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the event loop last line spares what is already metered', () => {
  let test: TestApp;
  let campaignId: string;
  let queuedCampaignId: string;

  beforeAll(async () => {
    // A loop later than 10 ms for half a second sets the last line off; 4x is 40 ms.
    // Holding off: a claim on the engaged room is admitted at once or answered 428 with its place.
    test = await startTestApp(store, { admission: { maxEventLoopDelayMs: 10, holdMs: 0 } });
    campaignId = await createCampaign('Last line', 1);
    queuedCampaignId = await createCampaign('Queued', 1000);
    const forced = await test.app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/campaigns/${queuedCampaignId}/waiting-room`,
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { mode: 'on' },
    });
    expect(forced.statusCode, forced.body).toBe(200);
  });

  async function createCampaign(name: string, claims: number): Promise<string> {
    const created = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/campaigns',
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: {
        name,
        budget: { claims },
        perShopperLimit: 1,
        reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
        status: 'live',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return (created.json() as { id: string }).id;
  }
  afterAll(async () => {
    await test.close();
  });

  const claim = (token: string, key: string, campaign = campaignId) =>
    test.app.server.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaign}/claims`,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
      payload: {},
    });
  const browse = () => test.app.server.inject({ method: 'GET', url: '/api/v1/products' });

  it('sheds browsing but answers sold-out claims, replays and queued claims, past 4x its limit', async () => {
    // Shoppers are made first: sessions are shed by the last line like browsing.
    const winner = await test.newShopper({ deviceId: 'last-line-winner' });
    const late = await test.newShopper({ deviceId: 'last-line-late' });
    const first = await claim(winner.token, 'claim-1');
    expect(first.statusCode, first.body).toBe(201);
    expect((await browse()).statusCode).toBe(200);

    const stop = saturateLoop();
    try {
      // Half a second of late readings, then browsing is refused.
      let shed = false;
      const deadline = performance.now() + 10_000;
      while (!shed && performance.now() < deadline) {
        const answer = await browse();
        shed = answer.statusCode === 503;
        if (shed) expect(answer.json()).toMatchObject({ error: { code: 'OVERLOADED' } });
        else await pause(20);
      }
      expect(shed).toBe(true);
      // The loop is past 4x its limit (250 ms turns, a 10 ms limit)...
      expect(test.app.admission.eventLoopDelayMs).toBeGreaterThan(40);

      // ...and still the sold-out claim is told 410 and the retry of the winner's claim replays.
      const soldOut = await claim(late.token, 'claim-2');
      expect(soldOut.statusCode, soldOut.body).toBe(410);
      const replay = await claim(winner.token, 'claim-1');
      expect(replay.statusCode, replay.body).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      // A claim without a ticket on an engaged room goes to the room (admitted at once into its
      // empty claim path, or given its place), not to a 503 that would only bring it back.
      const queued = await claim(late.token, 'claim-3', queuedCampaignId);
      expect([201, 428], queued.body).toContain(queued.statusCode);
      expect((await browse()).statusCode).toBe(503);
    } finally {
      stop();
    }
    // The loop calms and browsing is served again.
    let served = false;
    const calmBy = performance.now() + 10_000;
    while (!served && performance.now() < calmBy) {
      served = (await browse()).statusCode === 200;
      if (!served) await pause(50);
    }
    expect(served).toBe(true);
  });
});
