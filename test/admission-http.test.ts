import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PriorityClass } from '../src/admission/index.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

// Tight shopper limits on claims so the rate-limit test needs only a few calls; the room admits
// 50 tickets a second so a forced-on room lets tests through quickly. Holding is off: these tests
// are about the 428 answers and tickets (test/waiting-room-hold.test.ts is about holds).
process.env.RUSHCART_RATE_LIMITS = JSON.stringify({ shopper: { claim: { points: 6, durationSeconds: 60 } } });
process.env.RUSHCART_ROOM_MIN_ADMIT_RATE = '50';
process.env.RUSHCART_ROOM_HOLD_MS = '0';

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite store fixture');

async function createCampaign(test: TestApp, claims: number): Promise<string> {
  const response = await test.app.server.inject({
    method: 'POST',
    url: '/api/v1/admin/campaigns',
    headers: { authorization: `Bearer ${test.adminKey}` },
    payload: {
      name: `Flash ${claims}`,
      budget: { claims },
      perShopperLimit: 1,
      reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
      status: 'live',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

describe('admission over HTTP', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(store);
  });
  afterAll(async () => {
    await test.close();
  });

  const claim = (token: string, campaignId: string, key: string, ticket?: string) =>
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
  const join = (token: string, campaignId: string) =>
    test.app.server.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/queue`,
      headers: { authorization: `Bearer ${token}` },
    });
  const poll = (token: string, campaignId: string, ticket: string) =>
    test.app.server.inject({
      method: 'GET',
      url: `/api/v1/campaigns/${campaignId}/queue/${ticket}`,
      headers: { authorization: `Bearer ${token}` },
    });
  const setRoom = (campaignId: string, mode: 'auto' | 'on' | 'off') =>
    test.app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/campaigns/${campaignId}/waiting-room`,
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { mode },
    });

  it('rate limits a shopper with 429, a jittered Retry-After and retryAfterMs', async () => {
    const campaignId = await createCampaign(test, 100);
    const shopper = await test.newShopper();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.push((await claim(shopper.token, campaignId, `rl-${attempt}`)).statusCode);
    }
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const limited = await claim(shopper.token, campaignId, 'rl-last');
    expect(limited.statusCode).toBe(429);
    const body = limited.json() as { error: { code: string; details: { retryAfterMs: number } } };
    expect(body.error.code).toBe('RATE_LIMITED');
    const seconds = Number(limited.headers['retry-after']);
    expect(Number.isInteger(seconds) && seconds >= 1).toBe(true);
    expect(body.error.details.retryAfterMs).toBeGreaterThan(0);
    expect(Math.ceil(body.error.details.retryAfterMs / 1000)).toBe(seconds);
    // Another shopper is not affected.
    const other = await test.newShopper();
    expect((await claim(other.token, campaignId, 'rl-other')).statusCode).toBe(201);
  });

  it('sheds browsing and claims with 503 while checkout and operations still get through', async () => {
    const gate = test.app.admission.gate;
    let held = 0;
    while (gate.tryAcquire(PriorityClass.browse)) held++;
    let claimsHeld = 0;
    while (gate.tryAcquire(PriorityClass.claim)) claimsHeld++;
    try {
      const shopper = await test.newShopper().catch(() => undefined);
      expect(shopper).toBeUndefined(); // sessions are browsing: shed
      const browse = await test.app.server.inject({ method: 'GET', url: '/api/v1/products' });
      expect(browse.statusCode).toBe(503);
      expect(Number(browse.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((browse.json() as { error: { code: string } }).error.code).toBe('OVERLOADED');
      const checkout = await test.app.server.inject({ method: 'POST', url: '/api/v1/checkout', payload: {} });
      expect(checkout.statusCode).not.toBe(503);
      expect(checkout.statusCode).toBeLessThan(500);
      expect((await test.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await test.app.server.inject({ method: 'GET', url: '/metrics' })).body).toContain(
        'rushcart_admission_decisions_total{class="browse",outcome="shed"}',
      );
    } finally {
      for (let index = 0; index < held; index++) gate.release(PriorityClass.browse, Date.now());
      for (let index = 0; index < claimsHeld; index++) gate.release(PriorityClass.claim, Date.now());
    }
  });

  it('sheds on a saturated event loop, whose delay histogram then records no sample', async () => {
    const burn = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // Every loop turn outlasts under-pressure's 10 ms resolution, as in a crowd.
      }
    };
    const { token } = await test.newShopper();
    const newcomer = await test.newShopper();
    const campaignId = await createCampaign(test, 10);
    expect((await setRoom(campaignId, 'on')).statusCode).toBe(200);
    const joined = await join(token, campaignId);
    expect(joined.statusCode, joined.body).toBe(201);
    const ticket = (joined.json() as { ticket: string }).ticket;
    // The same place with another MAC: made up from a real ticket, as an attacker would.
    const parts = ticket.split('.');
    const mac = parts[4] ?? '';
    const altered = [...parts.slice(0, 4), (mac.startsWith('A') ? 'B' : 'A') + mac.slice(1)].join('.');
    // Seven turns of 400 ms: each sample of the loop comes 300 ms late, over the 200 ms limit.
    for (let turn = 0; turn < 7; turn++) {
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          burn(400);
          resolve();
        }, 0),
      );
    }
    expect(test.app.admission.eventLoopDelayMs).toBeGreaterThan(200);
    const pending = test.app.server.inject({ method: 'GET', url: '/api/v1/products' });
    // A claim that brings a ticket the room issued is spared like checkout; made-up ones are not.
    // One without a ticket is given its place (a 428, or its coupon when the place is admitted at
    // once), not sent back in a second or two by a 503.
    const placed = claim(newcomer.token, campaignId, 'last-line-0');
    const ticketed = claim(token, campaignId, 'last-line-1', ticket);
    const madeUp = claim(token, campaignId, 'last-line-2', 'not-a-real-ticket');
    const forged = claim(token, campaignId, 'last-line-3', altered);
    burn(400);
    const browse = await pending;
    expect(browse.statusCode).toBe(503);
    expect((browse.json() as { error: { code: string } }).error.code).toBe('OVERLOADED');
    const given = await placed;
    expect([201, 428], given.body).toContain(given.statusCode);
    const spared = await ticketed;
    expect(spared.statusCode, spared.body).not.toBe(503);
    expect(spared.statusCode).toBeLessThan(500);
    for (const refused of [await madeUp, await forged]) {
      expect(refused.statusCode, refused.body).toBe(503);
      expect((refused.json() as { error: { code: string } }).error.code).toBe('OVERLOADED');
    }
    // A calm loop lifts it within a few samples.
    let status = 503;
    for (let attempt = 0; attempt < 40 && status === 503; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await test.app.server.inject({ method: 'GET', url: '/api/v1/products' })).statusCode;
    }
    expect(status).toBe(200);
  }, 20_000);

  it('keeps answering waiting-room joins and polls while the gate sheds claims', async () => {
    const campaignId = await createCampaign(test, 100);
    expect((await setRoom(campaignId, 'on')).statusCode).toBe(200);
    const shopper = await test.newShopper();
    const other = await test.newShopper();
    const gate = test.app.admission.gate;
    let held = 0;
    while (gate.tryAcquire(PriorityClass.claim)) held++;
    try {
      // The gate is full for claims: a claim with a bad ticket is refused before it takes a slot...
      const junk = await claim(shopper.token, campaignId, 'gate-full', 'not-a-ticket');
      expect(junk.statusCode).toBe(403);
      // ...but the queue, answered from memory, still lets the shopper wait and learn admission.
      const joined = await join(shopper.token, campaignId);
      expect(joined.statusCode, joined.body).toBe(201);
      const { ticket } = joined.json() as { ticket: string };
      const polled = await poll(shopper.token, campaignId, ticket);
      expect(polled.statusCode, polled.body).toBe(200);
      // A claim with no ticket takes no slot either: it is told its place (428), not shed.
      const placed = await claim(other.token, campaignId, 'gate-full-no-ticket');
      expect(placed.statusCode, placed.body).toBe(428);
      expect(gate.inflight).toBe(held);
    } finally {
      for (let index = 0; index < held; index++) gate.release(PriorityClass.claim, Date.now());
    }
  });

  it('needs an admitted, unforged ticket of this shopper and campaign while the room is on; single use', async () => {
    const campaignId = await createCampaign(test, 100);
    const otherCampaign = await createCampaign(test, 100);
    expect((await setRoom(campaignId, 'on')).statusCode).toBe(200);
    expect((await setRoom(otherCampaign, 'on')).statusCode).toBe(200);
    const alice = await test.newShopper();
    const bob = await test.newShopper();

    const noTicket = await claim(alice.token, campaignId, 'a-0');
    expect(noTicket.statusCode).toBe(428);
    expect((noTicket.json() as { error: { code: string } }).error.code).toBe('QUEUE_TICKET_REQUIRED');

    const joined = await join(alice.token, campaignId);
    expect(joined.statusCode).toBe(201);
    const { ticket } = joined.json() as { ticket: string; position: number; admitted: boolean };
    await vi.waitFor(
      async () => {
        const polled = await poll(alice.token, campaignId, ticket);
        expect(polled.statusCode).toBe(200);
        expect((polled.json() as { admitted: boolean }).admitted).toBe(true);
      },
      { timeout: 5000, interval: 50 },
    );

    const forged = `${ticket.slice(0, -2)}${ticket.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await claim(alice.token, campaignId, 'a-forged', forged)).statusCode).toBe(403);
    expect((await claim(bob.token, campaignId, 'b-stolen', ticket)).statusCode).toBe(403);
    expect((await poll(bob.token, campaignId, ticket)).statusCode).toBe(403);
    const wrongCampaign = await claim(alice.token, otherCampaign, 'a-other', ticket);
    expect(wrongCampaign.statusCode).toBe(403);

    const first = await claim(alice.token, campaignId, 'a-1', ticket);
    expect(first.statusCode, first.body).toBe(201);
    const replay = await claim(alice.token, campaignId, 'a-1', ticket);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const reused = await claim(alice.token, campaignId, 'a-2', ticket);
    expect(reused.statusCode).toBe(403);
    expect((reused.json() as { error: { code: string } }).error.code).toBe('QUEUE_TICKET_INVALID');

    expect((await setRoom(campaignId, 'off')).statusCode).toBe(200);
    expect((await claim(bob.token, campaignId, 'b-1')).statusCode).toBe(201);
  });

  it('gives a claim without a ticket a place in the queue in its 428, which it can claim with once admitted', async () => {
    const campaignId = await createCampaign(test, 100);
    expect((await setRoom(campaignId, 'on')).statusCode).toBe(200);
    const carol = await test.newShopper();

    const stranger = await claim('not-a-token', campaignId, 'x-0');
    expect(stranger.statusCode).toBe(401);

    const first = await claim(carol.token, campaignId, 'c-1');
    expect(first.statusCode).toBe(428);
    const details = (first.json() as { error: { details: Record<string, unknown> } }).error.details;
    expect(details.queue).toBe(`/api/v1/campaigns/${campaignId}/queue`);
    expect(typeof details.ticket).toBe('string');
    expect(typeof details.position).toBe('number');
    expect(typeof details.pollAfterMs).toBe('number');
    const ticket = String(details.ticket);
    // The same place as a join: no second place for one shopper.
    const joined = await join(carol.token, campaignId);
    expect((joined.json() as { ticket: string }).ticket).toBe(ticket);

    await vi.waitFor(
      async () => {
        const polled = await poll(carol.token, campaignId, ticket);
        expect((polled.json() as { admitted: boolean }).admitted).toBe(true);
      },
      { timeout: 5000, interval: 50 },
    );
    const claimed = await claim(carol.token, campaignId, 'c-1', ticket);
    expect(claimed.statusCode, claimed.body).toBe(201);
    expect((await claim(carol.token, campaignId, 'c-2', ticket)).statusCode).toBe(403);

    // No place in the queue of a campaign that cannot issue: the same answer as the join route.
    const paused = await test.app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/campaigns/${campaignId}/pause`,
      headers: { authorization: `Bearer ${test.adminKey}` },
    });
    expect(paused.statusCode, paused.body).toBe(200);
    const late = await test.newShopper();
    const refused = await claim(late.token, campaignId, 'l-1');
    expect(refused.statusCode, refused.body).toBe(409);
    expect((refused.json() as { error: { code: string } }).error.code).toBe('CAMPAIGN_NOT_LIVE');
    expect((await setRoom(campaignId, 'off')).statusCode).toBe(200);
  });

  it('answers a claim without a ticket before reading its body, still limited per shopper', async () => {
    const campaignId = await createCampaign(test, 100);
    expect((await setRoom(campaignId, 'on')).statusCode).toBe(200);
    const shopper = await test.newShopper();
    const raw = (key: string, payload: string, ticket?: string) =>
      test.app.server.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/claims`,
        headers: {
          authorization: `Bearer ${shopper.token}`,
          'idempotency-key': key,
          'content-type': 'application/json',
          ...(ticket === undefined ? {} : { 'x-queue-ticket': ticket }),
        },
        payload,
      });
    // A body the route would refuse (400): the place is given before the body is read.
    const placed = await raw('p-1', '{"source":');
    expect(placed.statusCode, placed.body).toBe(428);
    const ticket = String((placed.json() as { error: { details: { ticket: string } } }).error.details.ticket);
    await vi.waitFor(
      async () => {
        const polled = await poll(shopper.token, campaignId, ticket);
        expect((polled.json() as { admitted: boolean }).admitted).toBe(true);
      },
      { timeout: 5000, interval: 50 },
    );
    // The body is judged when the shopper claims with the ticket.
    expect((await raw('p-2', '{"source":', ticket)).statusCode).toBe(400);
    expect((await raw('p-3', '{}', ticket)).statusCode).toBe(201);

    // The early answer spends the shopper's claim points like any claim (6 a minute in this file).
    const other = await test.newShopper();
    // (Its place may be admitted at once, and then used by the first key: 201, then 403 for the
    // other keys.) The place given before the body and the claim it lets go on spend one point.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++)
      statuses.push((await claim(other.token, campaignId, `o-${attempt}`)).statusCode);
    expect(
      statuses.slice(0, 6).every((status) => [201, 403, 428].includes(status)),
      `${statuses}`,
    ).toBe(true);
    expect(statuses[6]).toBe(429);
    // Someone without a valid token is left to the route: 401.
    expect((await claim('not-a-token', campaignId, 'x-1')).statusCode).toBe(401);
    await setRoom(campaignId, 'off');
  });

  it('lets a claim the room admitted through a full gate without a slot, checked before it is let through', async () => {
    const campaignId = await createCampaign(test, 100);
    expect((await setRoom(campaignId, 'on')).statusCode).toBe(200);
    const dana = await test.newShopper();
    const erin = await test.newShopper();
    const placeOf = async (token: string) => {
      const ticket = String(((await join(token, campaignId)).json() as { ticket: string }).ticket);
      await vi.waitFor(
        async () => {
          const polled = await poll(token, campaignId, ticket);
          expect((polled.json() as { admitted: boolean }).admitted).toBe(true);
        },
        { timeout: 5000, interval: 50 },
      );
      return ticket;
    };
    const danaTicket = await placeOf(dana.token);
    const erinTicket = await placeOf(erin.token);
    const gate = test.app.admission.gate;
    let held = 0;
    while (gate.tryAcquire(PriorityClass.claim)) held++;
    try {
      // Other claims are shed at their share; a forged ticket is refused (403) without a slot.
      const forged = `${danaTicket.slice(0, -2)}${danaTicket.endsWith('AA') ? 'BB' : 'AA'}`;
      expect((await claim(dana.token, campaignId, 'd-forged', forged)).statusCode).toBe(403);
      expect(gate.inflight).toBe(held);
      const admitted = await claim(dana.token, campaignId, 'd-1', danaTicket);
      expect(admitted.statusCode, admitted.body).toBe(201);
      expect(gate.inflight).toBe(held);
      // Even with checkout's reserve full too: the room meters admitted claims, not the gate.
      while (gate.tryAcquire(PriorityClass.checkout)) held++;
      const full = await claim(erin.token, campaignId, 'e-1', erinTicket);
      expect(full.statusCode, full.body).toBe(201);
      expect(gate.inflight).toBe(held);
    } finally {
      for (let index = 0; index < held; index++) gate.release(PriorityClass.claim, Date.now());
      await setRoom(campaignId, 'off');
    }
  });

  it('tells everyone still queued at their next poll that the campaign is exhausted (410)', async () => {
    const campaignId = await createCampaign(test, 1);
    await setRoom(campaignId, 'on');
    const first = await test.newShopper();
    const rest = await Promise.all([test.newShopper(), test.newShopper(), test.newShopper()]);
    const firstTicket = (await join(first.token, campaignId)).json() as { ticket: string };
    const tickets: string[] = [];
    for (const shopper of rest)
      tickets.push(((await join(shopper.token, campaignId)).json() as { ticket: string }).ticket);
    await vi.waitFor(
      async () => {
        expect(
          ((await poll(first.token, campaignId, firstTicket.ticket)).json() as { admitted: boolean })
            .admitted,
        ).toBe(true);
      },
      { timeout: 5000, interval: 50 },
    );
    expect((await claim(first.token, campaignId, 'only', firstTicket.ticket)).statusCode).toBe(201);
    for (const [index, shopper] of rest.entries()) {
      const polled = await poll(shopper.token, campaignId, tickets[index] ?? '');
      expect(polled.statusCode).toBe(410);
      expect((polled.json() as { error: { code: string } }).error.code).toBe('CAMPAIGN_EXHAUSTED');
    }
    expect((await join(rest[0]?.token ?? '', campaignId)).statusCode).toBe(410);
  });

  it('answers bad queue input with 4xx, never 5xx', async () => {
    const shopper = await test.newShopper();
    expect((await join(shopper.token, 'cmp_missing')).statusCode).toBe(404);
    expect((await poll(shopper.token, 'cmp_missing', 'q1.garbage.sig')).statusCode).toBe(403);
    const long = (await poll(shopper.token, 'cmp_missing', 'x'.repeat(600))).statusCode;
    expect(long >= 400 && long < 500).toBe(true);
    const badMode = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/campaigns/cmp_missing/waiting-room',
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { mode: 'sideways' },
    });
    expect(badMode.statusCode).toBe(400);
    const noAdmin = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/campaigns/cmp_missing/waiting-room',
      payload: { mode: 'on' },
    });
    expect(noAdmin.statusCode).toBe(401);
  });
});
