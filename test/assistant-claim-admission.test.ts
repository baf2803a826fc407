import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chat, createLiveCampaign, startChat } from './helpers/assistant-chat.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite store fixture');

// The chat claim goes through the campaign's waiting room as the HTTP claim does: while the room
// is engaged the shopper takes a place in the same queue and gets a coupon only when admitted.
describe('the assistant claims a coupon through the waiting room', () => {
  let test: TestApp;
  let campaignId: string;

  beforeAll(async () => {
    test = await startTestApp(store, {
      admission: { holdMs: 1500, room: { minAdmitRate: 2, maxAdmitRate: 2 } },
    });
    campaignId = await createLiveCampaign(test, 'Queue ten');
  });
  afterAll(async () => {
    await test.close();
  });

  const roomMode = async (mode: 'on' | 'off') => {
    const response = await test.app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/campaigns/${campaignId}/waiting-room`,
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { mode },
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const walletSize = async (chat: Chat) => {
    const wallet = await test.app.server.inject({
      method: 'GET',
      url: '/api/v1/wallet',
      headers: { authorization: `Bearer ${chat.token}` },
    });
    return (wallet.json() as { coupons: unknown[] }).coupons.length;
  };
  const askToClaim = async (chat: Chat) => {
    expect((await chat.say('any deals?')).text).toMatch(/Queue ten/);
    const pending = await chat.say('claim it');
    expect(pending.pendingConfirmation?.action).toBe('claim_coupon');
    return chat.say('yes');
  };

  it('gives a place in the queue, not a coupon, behind the crowd; the place is kept', async () => {
    await roomMode('on');
    // A crowd of HTTP shoppers takes the first places (two admitted a second).
    for (let index = 0; index < 12; index++) {
      const shopper = await test.newShopper({ deviceId: `crowd-${index}` });
      const queued = await test.app.server.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/queue`,
        headers: { authorization: `Bearer ${shopper.token}` },
      });
      expect(queued.statusCode, queued.body).toBe(201);
    }
    const chat = await startChat(test);
    const answer = await askToClaim(chat);
    expect(answer.status).toBe(200);
    const place = /you are number (\d+), about (\d+) s/.exec(answer.text);
    expect(place, answer.text).not.toBeNull();
    expect(Number(place?.[1])).toBeGreaterThan(5);
    expect(answer.cards.some((card) => card.type === 'coupon')).toBe(false);
    expect(await walletSize(chat)).toBe(0);
    const snapshot = test.app.admission.rooms.find(campaignId)?.snapshot(Date.now());
    expect(snapshot?.queueLength).toBeGreaterThanOrEqual(13);

    // Asking again keeps the same place, not the back of the queue.
    const again = await askToClaim(chat);
    const second = /you are number (\d+)/.exec(again.text);
    expect(Number(second?.[1])).toBeLessThanOrEqual(Number(place?.[1]));
    expect(await walletSize(chat)).toBe(0);
  });

  it('holds a claim the room admits within the hold, then issues it', async () => {
    await roomMode('off');
    await roomMode('on');
    const room = test.app.admission.rooms.find(campaignId);
    const before = room?.snapshot(Date.now());
    const chat = await startChat(test);
    const answer = await askToClaim(chat);
    expect(answer.text).toMatch(/is in your wallet/);
    expect(await walletSize(chat)).toBe(1);
    // The claim went through the room: it took a place, which was admitted before the coupon.
    const after = room?.snapshot(Date.now());
    expect(room?.engaged(Date.now())).toBe(true);
    expect((after?.issued ?? 0) - (before?.issued ?? 0)).toBe(1);
    expect((after?.admitted ?? 0) - (before?.admitted ?? 0)).toBe(1);
  });

  it('answers sold out from the room, never a coupon past the budget', async () => {
    await roomMode('on');
    test.app.admission.markExhausted(campaignId);
    const chat = await startChat(test);
    const answer = await askToClaim(chat);
    expect(answer.text).toMatch(/no coupons left/);
    expect(await walletSize(chat)).toBe(0);
    test.app.admission.markAvailable(campaignId);
  });
});
