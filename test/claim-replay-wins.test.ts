import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriorityClass } from '../src/admission/index.js';
import { createShopperHistory } from '../src/commerce/index.js';
import { createLocalCampaignNotifier, createPromotions, type Promotions } from '../src/promotions/index.js';
import type { Db } from '../src/storage/dialect.js';
import { createPostgresClaimBatch } from '../src/storage/postgres/claim-batch.js';
import { createSqlCampaignStore } from '../src/storage/sql/campaign-store.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { createSqliteClaimBatch } from '../src/storage/sqlite/claim-batch.js';
import { makeCampaign } from './helpers/promotion-factory.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite store fixture');

/** One node's promotions over a shared database, as a second server process would have them. */
function node(db: Db): Promotions {
  return createPromotions({
    store: createSqlCampaignStore(db),
    shopperHistory: createShopperHistory(createSqlCommerceStore(db)),
    claimBatch: db.dialect === 'sqlite' ? createSqliteClaimBatch(db) : createPostgresClaimBatch(db),
    notifier: createLocalCampaignNotifier(),
    refreshMs: 0,
  });
}

describe('a retried claim replays its coupon on a sold-out campaign, on any node', () => {
  let database: FreshDatabase;
  let db: Db;
  let first: Promotions;
  let second: Promotions;
  let campaignId: string;

  beforeAll(async () => {
    database = await store.freshDatabase();
    db = await database.open();
    campaignId = await makeCampaign(db, { budgetClaims: 1 });
    first = node(db);
    second = node(db);
    await first.start();
    await second.start();
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await db.close();
    await database.dispose();
  });

  const claim = (promotions: Promotions, shopperId: string, idempotencyKey: string, requestHash = 'h') =>
    promotions.claims.claim({ campaignId, shopperId, idempotencyKey, requestHash });

  it('replays on the node that issued it and, from the store, on a node that did not', async () => {
    const issued = await claim(first, 'shp_winner', 'key-winner');
    expect(issued.ok).toBe(true);
    expect(await claim(first, 'shp_late', 'key-late')).toMatchObject({
      ok: false,
      code: 'CAMPAIGN_EXHAUSTED',
    });
    // The second node learns the counter (as its notice or refresh would tell it) but never saw the coupon.
    await second.registry.load(campaignId);
    expect(second.registry.knowsEveryClaim(campaignId)).toBe(false);
    expect(first.registry.knowsEveryClaim(campaignId)).toBe(true);

    for (const promotions of [first, second]) {
      const retry = await claim(promotions, 'shp_winner', 'key-winner');
      expect(retry).toMatchObject({ ok: true, replayed: true });
      if (retry.ok && issued.ok) expect(retry.coupon.code).toBe(issued.coupon.code);
    }
    // The same key with another body is still a conflict, and strangers still hear 410.
    expect(await claim(second, 'shp_winner', 'key-winner', 'other')).toMatchObject({
      ok: false,
      code: 'IDEMPOTENCY_CONFLICT',
    });
    expect(await claim(second, 'shp_other', 'key-other')).toMatchObject({
      ok: false,
      code: 'CAMPAIGN_EXHAUSTED',
    });
    expect(await claim(second, 'shp_winner', 'key-new')).toMatchObject({
      ok: false,
      code: 'ALREADY_CLAIMED',
    });
  });

  it('knows every claim after warming a campaign from a store holding fewer coupons than it keeps', async () => {
    const third = node(db);
    await third.start();
    try {
      expect(third.registry.knowsEveryClaim(campaignId)).toBe(true);
      expect(third.claims.replays(campaignId, 'shp_winner', 'key-winner')).toBe(true);
      expect(third.claims.replays(campaignId, 'shp_winner', 'key-other')).toBe(false);
    } finally {
      await third.close();
    }
  });
});

describe('over HTTP, a replay wins over the waiting room and the sold-out answer', () => {
  let test: TestApp;
  let campaignId: string;

  beforeAll(async () => {
    // Holding off: a new claim on the engaged room is answered 428 (a replay is not).
    test = await startTestApp(store, {
      admission: { holdMs: 0, room: { minAdmitRate: 5, maxAdmitRate: 5 } },
    });
    const created = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/campaigns',
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: {
        name: 'Replays',
        budget: { claims: 2 },
        perShopperLimit: 1,
        reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
        status: 'live',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    campaignId = (created.json() as { id: string }).id;
  });
  afterAll(async () => {
    await test.close();
  });

  let winnerToken = '';
  const claim = (token: string, key: string) =>
    test.app.server.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/claims`,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
      payload: {},
    });
  const roomMode = (mode: 'on' | 'off' | 'auto') =>
    test.app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/campaigns/${campaignId}/waiting-room`,
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { mode },
    });

  it('answers the retry 201 with its coupon where a new claim gets 428 or 410', async () => {
    const winner = await test.newShopper({ deviceId: 'replay-winner' });
    winnerToken = winner.token;
    const first = await claim(winner.token, 'claim-1');
    expect(first.statusCode, first.body).toBe(201);
    const code = (first.json() as { coupon: { code: string } }).coupon.code;

    expect((await roomMode('on')).statusCode).toBe(200);
    const stranger = await test.newShopper({ deviceId: 'replay-stranger' });
    const queued = await claim(stranger.token, 'claim-2');
    expect(queued.statusCode, queued.body).toBe(428);

    const engaged = await claim(winner.token, 'claim-1');
    expect(engaged.statusCode, engaged.body).toBe(201);
    expect(engaged.headers['idempotent-replayed']).toBe('true');
    expect((engaged.json() as { coupon: { code: string } }).coupon.code).toBe(code);
    // A new key of the same shopper is not a replay: the room still asks for a ticket.
    expect((await claim(winner.token, 'claim-3')).statusCode).toBe(428);

    // The stranger takes the last coupon; with the room engaged again, a new shopper hears 410
    // and the retries of both claims get their coupons.
    expect((await roomMode('off')).statusCode).toBe(200);
    expect((await claim(stranger.token, 'claim-2')).statusCode).toBe(201);
    expect((await roomMode('on')).statusCode).toBe(200);
    const late = await test.newShopper({ deviceId: 'replay-late' });
    expect((await claim(late.token, 'claim-4')).statusCode).toBe(410);
    test.app.admission.markExhausted(campaignId);
    for (const [token, key] of [
      [winner.token, 'claim-1'],
      [stranger.token, 'claim-2'],
    ] as const) {
      const soldOut = await claim(token, key);
      expect(soldOut.statusCode, soldOut.body).toBe(201);
      expect(soldOut.headers['idempotent-replayed']).toBe('true');
    }
    expect((await claim(late.token, 'claim-4')).statusCode).toBe(410);
  });

  it('answers a replay and a sold-out claim when checkouts fill the pool, instead of shedding them', async () => {
    // Runs after the test above: the campaign is sold out and both its coupons are held. With
    // the room off, every claim goes to the gate unless it is answered from the store.
    expect((await roomMode('off')).statusCode).toBe(200);
    const newcomer = await test.newShopper({ deviceId: 'full-pool-new' });
    const gate = test.app.admission.gate;
    let taken = 0;
    while (gate.tryAcquire(PriorityClass.checkout)) taken++;
    try {
      const replay = await claim(winnerToken, 'claim-1');
      expect(replay.statusCode, replay.body).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      // The same claim sent without a body (it is optional) replays too.
      const bodiless = await test.app.server.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/claims`,
        headers: { authorization: `Bearer ${winnerToken}`, 'idempotency-key': 'claim-1' },
      });
      expect(bodiless.statusCode, bodiless.body).toBe(201);
      expect(bodiless.headers['idempotent-replayed']).toBe('true');
      const late = await claim(newcomer.token, 'claim-5');
      expect(late.statusCode, late.body).toBe(410);
      // A shopper who never claimed here, on a pool this full, is refused by the gate as before.
      const browse = await test.app.server.inject({ method: 'GET', url: '/api/v1/products' });
      expect(browse.statusCode).toBe(503);
    } finally {
      for (let index = 0; index < taken; index++) gate.release(PriorityClass.checkout, Date.now());
    }
  });
});
