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

// The room admits exactly 20 tickets a second (the minimum equals the maximum, and no held claim
// is admitted ahead of the clock), so a place's wait is its position over 20: place 10 is half a
// second away, place 160 eight seconds.
describe('a claim near the front of the waiting room is held until its admission', () => {
  let test: TestApp;
  let campaignId: string;
  const places: Place[] = [];
  beforeAll(async () => {
    test = await startTestApp(store, {
      admission: {
        room: { minAdmitRate: 20, maxAdmitRate: 20, admitWindow: 0 },
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
    // Joining took a moment, during which the room admitted a few: at least 100 places remain.
    expect(far?.position).toBeGreaterThanOrEqual(100);
    expect(far?.etaSeconds).toBeGreaterThanOrEqual(5);
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

// A claim without a ticket on an engaged room joins the queue; near the front it is held and
// answered once admitted, in one request, as when the room is idle. Further back it gets the 428
// with its place and ticket.
describe('a claim without a ticket is given its place and held when that place is near the front', () => {
  let test: TestApp;
  let campaignId: string;
  beforeAll(async () => {
    test = await startTestApp(store, {
      admission: {
        room: { minAdmitRate: 20, maxAdmitRate: 20, admitWindow: 0 },
        rateLimits: { ...DEFAULT_RATE_LIMITS, sessionsPerIp: { points: 10_000, durationSeconds: 1 } },
      },
    });
    const created = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/campaigns',
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: {
        name: 'Held on arrival',
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
  });
  afterAll(async () => {
    await test.close();
  });

  const claim = (token: string, key: string, ticket?: string) =>
    test.app.server.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/claims`,
      headers: {
        authorization: `Bearer ${token}`,
        'idempotency-key': key,
        ...(ticket === undefined ? {} : { 'x-queue-ticket': ticket }),
      },
      payload: {},
    });

  it('answers a claim at the front of the queue 201 after holding it, in one request', async () => {
    const shopper = await test.newShopper({ deviceId: 'arrival-front' });
    const answer = await claim(shopper.token, 'front-1');
    expect(answer.statusCode, answer.body).toBe(201);
    expect(String(answer.headers['server-timing'])).toMatch(/queue;dur=\d+/);
    // Its place was used by that claim's key: a retry replays, and the queue has no place left.
    const replay = await claim(shopper.token, 'front-1');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('holds arrivals in their order and answers those past the hold 428 with their ticket', async () => {
    const shoppers: { token: string }[] = [];
    for (let index = 0; index < 60; index++)
      shoppers.push(await test.newShopper({ deviceId: `arrival-${index}` }));
    // 60 arrivals at once at 20 a second: the first 40 or so fit in the 2 s hold, the rest do not.
    const started = performance.now();
    const answers = await Promise.all(
      shoppers.map((shopper, index) => claim(shopper.token, `burst-${index}`)),
    );
    const elapsed = performance.now() - started;
    const statuses = answers.map((answer) => answer.statusCode);
    const issued = statuses.filter((status) => status === 201).length;
    const queued = statuses.filter((status) => status === 428).length;
    expect(issued + queued).toBe(60);
    expect(issued).toBeGreaterThanOrEqual(30);
    expect(queued).toBeGreaterThanOrEqual(10);
    expect(elapsed).toBeLessThan(4000);
    // Held claims were answered in the order they joined: 201s first, then the 428s.
    expect(statuses.lastIndexOf(201)).toBeLessThan(statuses.indexOf(428));
    const refused = answers.find((answer) => answer.statusCode === 428);
    if (refused === undefined) throw new Error('no 428');
    const details = (refused.json() as { error: { details: Record<string, unknown> } }).error.details;
    expect(typeof details.ticket).toBe('string');
    expect(details.admitted).toBe(false);
    // The 428's ticket is the shopper's place: claiming with it once admitted issues the coupon.
    const index = statuses.indexOf(428);
    const late = shoppers[index];
    if (late === undefined) throw new Error('no late shopper');
    const claimed = await claim(late.token, `burst-${index}`, String(details.ticket));
    expect(claimed.statusCode, claimed.body).toBe(201);
  }, 20_000);
});
