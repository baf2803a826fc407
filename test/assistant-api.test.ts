import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistantServices } from '../src/assistant/domain-adapters.js';
import { createTools } from '../src/assistant/tools/create-tools.js';
import { createTurnContext } from '../src/assistant/tools/turn-context.js';
import { createLiveCampaign, deliverOrder, startChat } from './helpers/assistant-chat.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const ADDRESS = 'Jane Doe, 1 Main St, Springfield, 12345, US';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`assistant API on ${store.name}`, () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp(store, { seedDemo: true });
    });
    afterAll(async () => {
      await testApp?.close();
    });

    it('asks before adding many units or raising a line by many, and runs either on a yes', async () => {
      const chat = await startChat(testApp);
      const cart = async () =>
        (
          await testApp.app.server.inject({
            method: 'GET',
            url: '/api/v1/cart',
            headers: { authorization: `Bearer ${chat.token}` },
          })
        ).json() as { lines: { id: string; quantity: number }[] };
      await chat.say('plate');
      const few = await chat.say('add 5 of the first one');
      expect(few.pendingConfirmation).toBeUndefined();
      expect((await cart()).lines[0]?.quantity).toBe(5);
      const many = await chat.say('add 6 of the first one');
      expect(many.pendingConfirmation?.action).toBe('add_to_cart');
      expect(many.text).toMatch(/Add 6 × .+ at \$[\d.]+ each \(\$[\d,.]+\) to the cart/);
      expect((await cart()).lines[0]?.quantity).toBe(5);
      await chat.say('yes');
      expect((await cart()).lines[0]?.quantity).toBe(11);
      // The same guard on a line edit a model makes: raising by more than 5 asks, by 5 does not.
      const context = createTurnContext({
        shopperId: chat.shopperId,
        conversationId: 'cnv_tools',
        services: createAssistantServices({ commerce: testApp.app.commerce, catalog: testApp.app.catalog }),
        latestPending: undefined,
        shopperConfirmed: false,
      });
      const update = createTools(context).update_cart_line;
      const lineId = (await cart()).lines[0]?.id ?? '';
      const raise = (quantity: number) =>
        update?.execute?.({ lineId, quantity }, { toolCallId: 'c', messages: [] });
      expect(await raise(17)).toMatchObject({
        needsConfirmation: true,
        pendingConfirmation: { action: 'update_cart_line' },
      });
      expect((await cart()).lines[0]?.quantity).toBe(11);
      expect(await raise(16)).toMatchObject({ ok: true });
      expect((await cart()).lines[0]?.quantity).toBe(16);
    });

    it('shops end to end: search, refine, ask, add, coupon, checkout with confirmation, track, cancel', async () => {
      const chat = await startChat(testApp);
      const campaignId = await createLiveCampaign(testApp, 'Flash ten');

      const search = await chat.say('cheapest blue cotton t-shirt');
      expect(search.status).toBe(200);
      expect(search.model).toEqual({ id: 'local', degraded: false });
      expect(search.cards[0]?.type).toBe('products');
      expect(search.text).toMatch(/T-Shirt/);

      const sizes = await chat.say('what sizes does the first one come in?');
      expect(sizes.text).toMatch(/sizes/);

      const added = await chat.say('add two of the first in M');
      expect(added.text).toMatch(/Added 2 × T-Shirt/);
      const cartCard = added.cards.find((card) => card.type === 'cart')?.data as {
        lines: { quantity: number; options: Record<string, string> }[];
      };
      expect(cartCard.lines[0]).toMatchObject({
        quantity: 2,
        options: { color: 'blue', size: 'M', material: 'cotton' },
      });

      const deals = await chat.say('any deals?');
      expect(deals.text).toMatch(/Flash ten/);
      const claim = await chat.say('claim it');
      expect(claim.pendingConfirmation?.action).toBe('claim_coupon');
      const wallet0 = await testApp.app.server.inject({
        method: 'GET',
        url: '/api/v1/wallet',
        headers: { authorization: `Bearer ${chat.token}` },
      });
      expect((wallet0.json() as { items?: unknown[]; coupons?: unknown[] }).items ?? []).toHaveLength(0);
      const claimed = await chat.say('yes');
      expect(claimed.text).toMatch(/is in your wallet/);
      expect(claimed.cards.some((card) => card.type === 'coupon')).toBe(true);
      const asksToApply = await chat.say('use my coupon');
      expect(asksToApply.pendingConfirmation?.action).toBe('apply_coupon');
      const applied = await chat.say('yes');
      expect(applied.text).toMatch(/Applied coupon/);

      const needs = await chat.say('checkout');
      expect(needs.text).toMatch(/test card number/);
      const pending = await chat.say(`pay with card 4242 4242 4242 4242 and ship to ${ADDRESS}`);
      expect(pending.pendingConfirmation?.action).toBe('checkout');
      expect(pending.text).toMatch(/card ending 4242/);
      const placed = await chat.say('yes, place the order');
      expect(placed.text).toMatch(/Your order is placed/);
      const orderId = /\b(ord_[a-z0-9]+)\b/.exec(placed.text)?.[1];
      expect(orderId).toBeDefined();
      const recorded = await testApp.app.db.kysely
        .selectFrom('orders')
        .select('channel')
        .where('id', '=', orderId ?? '')
        .executeTakeFirstOrThrow();
      expect(recorded.channel).toBe('assistant');

      const status = await chat.say('where is my order?');
      expect(status.text).toContain(orderId);
      const cancel = await chat.say('cancel my order');
      expect(cancel.pendingConfirmation?.action).toBe('cancel_order');
      const cancelled = await chat.say('yes');
      expect(cancelled.text).toMatch(/cancelled/);
      void campaignId;

      const conversation = await testApp.app.server.inject({
        method: 'GET',
        url: `/api/v1/assistant/conversations/${chat.conversationId}`,
        headers: { authorization: `Bearer ${chat.token}` },
      });
      expect(conversation.statusCode).toBe(200);
      const messages = (conversation.json() as { messages: { role: string; model: string | null }[] })
        .messages;
      expect(messages.length).toBeGreaterThanOrEqual(26);
      expect(
        messages
          .filter((message) => message.role === 'assistant')
          .every((message) => message.model === 'local'),
      ).toBe(true);
      expect(
        messages.filter((message) => message.role === 'shopper').every((message) => message.model === null),
      ).toBe(true);
    });

    it('checks out in Chinese: a Chinese address is read province first, and the confirmation speaks Chinese', async () => {
      const chat = await startChat(testApp);
      await chat.say('plate');
      await chat.say('add the first one');
      const pending = await chat.say(
        '结账，用卡 4242 4242 4242 4242，寄到 广东省深圳市南山区科技园路1号，张三，518000',
      );
      expect(pending.pendingConfirmation?.action).toBe('checkout');
      expect(pending.text).toContain('寄送至 广东省深圳市南山区科技园路1号，张三，518000。');
      // The card the web app shows beside the reply carries the same words.
      expect(pending.pendingConfirmation?.summary).toContain('使用尾号 4242 的卡支付。');
      const placed = await chat.say('确认');
      const orderId = /\b(ord_[a-z0-9]+)\b/.exec(placed.text)?.[1] ?? '';
      const order = (
        await testApp.app.server.inject({
          method: 'GET',
          url: `/api/v1/orders/${orderId}`,
          headers: { authorization: `Bearer ${chat.token}` },
        })
      ).json() as { status: string; shippingAddress: Record<string, string> };
      expect(order.status).toBe('paid');
      expect(order.shippingAddress).toEqual({
        name: '张三',
        line1: '南山区科技园路1号',
        city: '深圳市',
        region: '广东省',
        postalCode: '518000',
        country: 'CN',
      });
    });

    it('returns a delivered order only after a yes', async () => {
      const chat = await startChat(testApp);
      await chat.say('cheapest blue cotton t-shirt');
      await chat.say('add the first in M');
      await chat.say(`checkout, pay with card 4242424242424242 and ship to ${ADDRESS}`);
      const placed = await chat.say('yes');
      const orderId = /\b(ord_[a-z0-9]+)\b/.exec(placed.text)?.[1] ?? '';
      await deliverOrder(testApp, orderId);
      const asked = await chat.say('I want to return it because it is too small');
      expect(asked.pendingConfirmation?.action).toBe('return_items');
      const done = await chat.say('yes');
      expect(done.text).toMatch(/Return .* is requested/);
    });

    it('a stale or different yes does nothing', async () => {
      const chat = await startChat(testApp);
      await createLiveCampaign(testApp, 'Stale check');
      await chat.say('any deals?');
      const asked = await chat.say('claim the Stale check one');
      expect(asked.pendingConfirmation?.action).toBe('claim_coupon');
      await chat.say('show me sunglasses');
      const stale = await chat.say('yes');
      expect(stale.text).toMatch(/nothing waiting/);
      const wallet = await chat.say('my coupons');
      expect(wallet.text).toMatch(/no coupons/);

      await chat.say('any deals?');
      await chat.say('claim the Stale check one');
      const different = await chat.say('yes, cancel order ord_someoneelse');
      expect(different.text).not.toMatch(/in your wallet/);
      expect((await chat.say('my coupons')).text).toMatch(/no coupons/);
    });

    it('streams SSE events and keeps conversations to their owner', async () => {
      const { token } = await testApp.newShopper();
      const response = await testApp.app.server.inject({
        method: 'POST',
        url: '/api/v1/assistant/messages',
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        payload: { text: 'best rated office chair' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/event-stream/);
      const events = [...response.body.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
      expect(events).toContain('tool-call');
      expect(events).toContain('tool-result');
      expect(events).toContain('text-delta');
      expect(events).toContain('cards');
      expect(events.at(-1)).toBe('turn-end');
      const end = JSON.parse(/event: turn-end\ndata: (.+)\n/.exec(response.body)?.[1] ?? '{}') as {
        conversationId: string;
      };

      const other = await testApp.newShopper();
      const read = await testApp.app.server.inject({
        method: 'GET',
        url: `/api/v1/assistant/conversations/${end.conversationId}`,
        headers: { authorization: `Bearer ${other.token}` },
      });
      expect(read.statusCode).toBe(404);
      expect(read.json()).toMatchObject({ error: { code: 'CONVERSATION_NOT_FOUND' } });
      const post = await testApp.app.server.inject({
        method: 'POST',
        url: '/api/v1/assistant/messages',
        headers: { authorization: `Bearer ${other.token}`, accept: 'text/event-stream' },
        payload: { conversationId: end.conversationId, text: 'hi' },
      });
      expect(post.statusCode).toBe(404);
    });

    it('rejects bad input with 4xx codes', async () => {
      const { token } = await testApp.newShopper();
      const call = (payload: unknown, auth = true) =>
        testApp.app.server.inject({
          method: 'POST',
          url: '/api/v1/assistant/messages',
          headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), accept: 'application/json' },
          payload: payload as Record<string, unknown>,
        });
      expect((await call({ text: '' })).statusCode).toBe(400);
      expect((await call({ text: 'x'.repeat(2_001) })).statusCode).toBe(400);
      expect((await call({ text: 'hi', shopperId: 'shp_x' })).statusCode).toBe(400);
      expect((await call({ text: 'hi' }, false)).statusCode).toBe(401);
      expect((await call({ text: 'hi', conversationId: 'cnv_nope' })).statusCode).toBe(404);
    });

    it('lets a person take over: the model stays silent until release', async () => {
      const chat = await startChat(testApp);
      const handoff = await chat.say('talk to a person');
      expect(handoff.cards.some((card) => card.type === 'handoff')).toBe(true);
      const admin = { authorization: `Bearer ${testApp.adminKey}` };
      const list = await testApp.app.server.inject({
        method: 'GET',
        url: '/api/v1/admin/conversations',
        headers: admin,
      });
      const listed = (list.json() as { items: { id: string; handoffRequested: boolean }[] }).items.find(
        (item) => item.id === chat.conversationId,
      );
      expect(listed?.handoffRequested).toBe(true);

      const early = await testApp.app.server.inject({
        method: 'POST',
        url: `/api/v1/admin/conversations/${chat.conversationId}/reply`,
        headers: admin,
        payload: { text: 'hello' },
      });
      expect(early.statusCode).toBe(409);
      const takeover = await testApp.app.server.inject({
        method: 'POST',
        url: `/api/v1/admin/conversations/${chat.conversationId}/takeover`,
        headers: admin,
        payload: { agent: 'sam' },
      });
      expect(takeover.statusCode).toBe(200);
      const silent = await chat.say('is anyone there?');
      expect(silent).toMatchObject({ text: '', answeredBy: 'human', model: { id: 'human' } });
      const reply = await testApp.app.server.inject({
        method: 'POST',
        url: `/api/v1/admin/conversations/${chat.conversationId}/reply`,
        headers: admin,
        payload: { text: 'Hi, Sam here <b>bold</b>' },
      });
      expect(reply.statusCode).toBe(200);
      const read = await testApp.app.server.inject({
        method: 'GET',
        url: `/api/v1/assistant/conversations/${chat.conversationId}`,
        headers: { authorization: `Bearer ${chat.token}` },
      });
      const messages = (read.json() as { messages: { role: string; text: string }[] }).messages;
      expect(messages.at(-1)).toMatchObject({ role: 'human', text: 'Hi, Sam here bold' });
      expect(messages.at(-2)).toMatchObject({ role: 'shopper', text: 'is anyone there?' });
      await testApp.app.server.inject({
        method: 'POST',
        url: `/api/v1/admin/conversations/${chat.conversationId}/release`,
        headers: admin,
      });
      const back = await chat.say('hello');
      expect(back.answeredBy).toBe('assistant');
      expect(back.text).toMatch(/Hi!/);
    });

    it('shows the active model and the policy decision to admins', async () => {
      const response = await testApp.app.server.inject({
        method: 'GET',
        url: '/api/v1/admin/assistant/model',
        headers: { authorization: `Bearer ${testApp.adminKey}` },
      });
      expect(response.json()).toMatchObject({
        active: 'local',
        breaker: 'closed',
        policy: { decision: { allowed: true } },
      });
      const anonymous = await testApp.app.server.inject({
        method: 'GET',
        url: '/api/v1/admin/assistant/model',
      });
      expect(anonymous.statusCode).toBe(401);
    });
  });
}
