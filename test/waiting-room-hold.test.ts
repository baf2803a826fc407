import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/admission/index.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite store fixture');

/** Places in the queue, each with its shopper's token, ticket and the server's hints. */
interface Place {
  readonly token: string;
  readonly ticket: string;
  readonly position: number;
  readonly etaSeconds: number;
  readonly pollAfterMs: number;
  readonly claimAfterMs: number;
}

// The room admits exactly 20 tickets a second (the minimum equals the maximum), so a place's
// wait is its position over 20: place 10 is half a second away, place 160 eight seconds.
describe('a claim near the front of the waiting room is held until its admission', () => {
  let test: TestApp;
  let campaignId: string;
  const places: Place[] = [];
  beforeAll(async () => {
    test = await startTestApp(store, {
      admission: {
        room: { minAdmitRate: 20, maxAdmitRate: 20 },
        rateLimits: { ...DEFAULT_RATE_LIMITS, sessionsPerIp: { points: 10_000, durationSeconds: 1 } },
      },
    });
    const created = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/campaigns',
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: {
        name: 'Held claims',
        budget: { claims: 1000 },
        perShopperLimit: 1,
        reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
        status: 'live',
      },
    });
    campaignId = (created.json() as { id: string }).id;
    const room = await test.app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/campaigns/${campaignId}/waiting-room`,
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { mode: 'on' },
    });
    expect(room.statusCode, room.body).toBe(200);
    for (let index = 0; index < 160; index++) {
      const shopper = await test.newShopper({ deviceId: `hold-${index}` });
      const joined = await test.app.server.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/queue`,
        headers: { authorization: `Bearer ${shopper.token}` },
      });
      expect(joined.statusCode, joined.body).toBe(201);
      places.push({ token: shopper.token, ...(joined.json() as Omit<Place, 'token'>) });
    }
  });
  afterAll(async () => {
    await test.close();
  });

  const claim = (place: Place, key: string) =>
    test.app.server.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/claims`,
      headers: {
        authorization: `Bearer ${place.token}`,
        'idempotency-key': key,
        'x-queue-ticket': place.ticket,
      },
      payload: {},
    });

  it('tells a queued shopper when to claim: half a hold before the expected admission', () => {
    const far = places[159];
    expect(far?.position).toBeGreaterThanOrEqual(150);
    expect(far?.etaSeconds).toBeGreaterThanOrEqual(7);
    // About 8 s away and a 2 s hold: claim after about 7 s (jittered by 10%), poll after about 8.
    expect(far?.claimAfterMs).toBeGreaterThan(3000);
    expect(far?.claimAfterMs).toBeLessThan(far?.pollAfterMs ?? 0);
  });

  it('answers a claim far from the front 428 at once, with its place and when to come back', async () => {
    const far = places[159];
    if (far === undefined) throw new Error('no place');
    const started = performance.now();
    const answer = await claim(far, 'far-1');
    expect(performance.now() - started).toBeLessThan(500);
    expect(answer.statusCode, answer.body).toBe(428);
    const details = (answer.json() as { error: { details: Record<string, unknown> } }).error.details;
    expect(details.position).toBeGreaterThan(40);
    expect(details.admitted).toBe(false);
    expect(details.claimAfterMs).toBeGreaterThan(0);
    expect(details.pollAfterMs).toBeGreaterThan(0);
    expect(answer.headers['server-timing']).toBeUndefined();
  });

  it('holds a claim within the hold of its admission and answers it once admitted, saying how long it queued', async () => {
    // Someone now 10-30 places from the front is 0.5-1.5 s from admission.
    let near: Place | undefined;
    for (const place of places) {
      const polled = await test.app.server.inject({
        method: 'GET',
        url: `/api/v1/campaigns/${campaignId}/queue/${place.ticket}`,
        headers: { authorization: `Bearer ${place.token}` },
      });
      const position = (polled.json() as { position: number }).position;
      if (position >= 10 && position <= 30) {
        near = place;
        break;
      }
    }
    if (near === undefined) throw new Error('no place near the front');
    const started = performance.now();
    const answer = await claim(near, 'near-1');
    const waited = performance.now() - started;
    expect(answer.statusCode, answer.body).toBe(201);
    expect(waited).toBeGreaterThan(100);
    expect(waited).toBeLessThan(2500);
    const timing = /queue;dur=(\d+)/.exec(String(answer.headers['server-timing']));
    expect(Number(timing?.[1])).toBeGreaterThan(100);
    // The ticket was used by that claim: another key cannot use it again.
    expect((await claim(near, 'near-2')).statusCode).toBe(403);
  });
});
