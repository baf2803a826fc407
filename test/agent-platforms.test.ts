import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../eval/agents/mcp-shopper.js';
import { AGENT_PROFILE } from '../eval/agents/ucp-shopper.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const sqlite = STORES[0];
if (sqlite === undefined) throw new Error('no SQLite store fixture');

const ADDRESS = {
  first_name: 'Ana',
  last_name: 'Lima',
  street_address: '1 Test Street',
  address_locality: 'Lisbon',
  postal_code: '1000-001',
  address_country: 'PT',
};
const PAY = {
  payment: {
    instruments: [
      {
        id: 'in_1',
        handler_id: 'test_card',
        type: 'card',
        credential: { type: 'test_card', token: '4242424242424242' },
      },
    ],
  },
};

let keys = 0;
const freshKey = () => `agent-test-${Date.now()}-${keys++}`;

async function register(test: TestApp, name: string, rate?: { points: number; durationSeconds: number }) {
  const response = await test.app.server.inject({
    method: 'POST',
    url: '/api/v1/admin/agents',
    headers: { authorization: `Bearer ${test.adminKey}` },
    payload: { name, ...(rate === undefined ? {} : { rate }) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { agent: { id: string; keyHint: string }; key: string };
}

/** One UCP call for a shopper, with the agent key when given. */
function ucp(test: TestApp, token: string, agentKey: string | undefined) {
  return (method: 'GET' | 'POST', url: string, payload?: object) =>
    test.app.server.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        'ucp-agent': `profile="${AGENT_PROFILE}"`,
        ...(method === 'POST' ? { 'idempotency-key': freshKey() } : {}),
        ...(agentKey === undefined ? {} : { 'x-api-key': agentKey }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
}

describe('agent platforms', () => {
  let test: TestApp;
  let base: string;
  beforeAll(async () => {
    test = await startTestApp(sqlite);
    base = await test.app.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('registers an agent whose key is shown once and kept only as a hash', async () => {
    const { agent, key } = await register(test, 'Shopping Pal');
    expect(key).toMatch(/^rk_agent_/);
    expect(agent.keyHint).toBe(key.slice(-4));
    const listed = await test.app.server.inject({
      url: '/api/v1/admin/agents',
      headers: { authorization: `Bearer ${test.adminKey}` },
    });
    expect(listed.body).not.toContain(key);
    expect(listed.json().items).toContainEqual(expect.objectContaining({ id: agent.id, status: 'active' }));
    const stored = await test.app.db.kysely
      .selectFrom('agent_platforms')
      .selectAll()
      .where('id', '=', agent.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    const anonymous = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/agents',
      payload: { name: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('records which agent bought what over UCP, ACP and MCP, and lists it for the merchant', async () => {
    const { agent, key } = await register(test, 'Pal for orders');
    const variant = await makeVariant(test.app.db, { price: 1_000, stock: 20 });
    const shopper = await test.newShopper();
    const call = ucp(test, shopper.token, key);
    const created = await call('POST', '/ucp/checkout-sessions', {
      line_items: [{ item: { id: variant.variantId }, quantity: 1 }],
      fulfillment: { methods: [{ type: 'shipping', destinations: [ADDRESS] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const completed = await call('POST', `/ucp/checkout-sessions/${created.json().id}/complete`, PAY);
    const ucpOrder = completed.json().order.id as string;

    const acp = await test.app.server.inject({
      method: 'POST',
      url: '/acp/checkout_sessions',
      headers: {
        authorization: `Bearer ${shopper.token}`,
        'api-version': '2026-04-17',
        'idempotency-key': freshKey(),
        'x-api-key': key,
      },
      payload: {
        line_items: [{ id: variant.variantId }],
        currency: 'usd',
        capabilities: {},
        fulfillment_details: {
          address: {
            name: 'Ana Lima',
            line_one: '1 Test Street',
            city: 'Lisbon',
            state: 'LX',
            country: 'PT',
            postal_code: '1000-001',
          },
        },
      },
    });
    expect(acp.statusCode, acp.body).toBe(201);
    const acpDone = await test.app.server.inject({
      method: 'POST',
      url: `/acp/checkout_sessions/${acp.json().id}/complete`,
      headers: {
        authorization: `Bearer ${shopper.token}`,
        'api-version': '2026-04-17',
        'idempotency-key': freshKey(),
        'x-api-key': key,
      },
      payload: {
        payment_data: {
          handler_id: 'test_card',
          instrument: { type: 'card', credential: { type: 'test_card', token: '4242424242424242' } },
        },
      },
    });
    const acpOrder = acpDone.json().order.id as string;

    await clientFor(test, shopper.token).post('/api/v1/cart/lines', {
      variantId: variant.variantId,
      quantity: 1,
    });
    const client = await connectAgent(base, shopper.token, { headers: { 'x-api-key': key } });
    let mcpOrder: string;
    try {
      const args = {
        cardNumber: '4242424242424242',
        shippingAddress: {
          name: 'Ana Lima',
          line1: '1 Test Street',
          city: 'Lisbon',
          postalCode: '1000-001',
          country: 'PT',
        },
      };
      const summary = await client.callTool({ name: 'checkout', arguments: args });
      const token = (summary.structuredContent as { confirmation: { confirmationToken: string } })
        .confirmation.confirmationToken;
      const placed = await client.callTool({
        name: 'checkout',
        arguments: { ...args, confirmationToken: token },
      });
      expect(placed.isError, JSON.stringify(placed.structuredContent)).not.toBe(true);
      mcpOrder = (placed.structuredContent as { order: { orderId: string } }).order.orderId;
    } finally {
      await client.close();
    }

    const listed = await test.app.server.inject({
      url: `/api/v1/admin/orders?agentId=${agent.id}`,
      headers: { authorization: `Bearer ${test.adminKey}` },
    });
    const items = listed.json().items as { id: string; channel: string; agentId?: string }[];
    expect(items.map((order) => [order.id, order.channel]).sort()).toEqual(
      [
        [ucpOrder, 'ucp'],
        [acpOrder, 'acp'],
        [mcpOrder, 'mcp'],
      ].sort(),
    );
    expect(items.every((order) => order.agentId === agent.id)).toBe(true);
    // An order without a key is nobody's agent's.
    const anonymous = await ucp(test, shopper.token, undefined)('POST', '/ucp/checkout-sessions', {
      line_items: [{ item: { id: variant.variantId }, quantity: 1 }],
      fulfillment: { methods: [{ type: 'shipping', destinations: [ADDRESS] }] },
    });
    const plain = await ucp(test, shopper.token, undefined)(
      'POST',
      `/ucp/checkout-sessions/${anonymous.json().id}/complete`,
      PAY,
    );
    const order = await clientFor(test, shopper.token).get(`/api/v1/orders/${plain.json().order.id}`);
    expect(order.json().agentId).toBeUndefined();
  });

  it('refuses an unknown key and a suspended agent, in each protocol’s own shape', async () => {
    const shopper = await test.newShopper();
    const unknown = await ucp(test, shopper.token, 'rk_agent_not-a-key')('POST', '/ucp/carts', {
      line_items: [],
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().messages[0].code).toBe('agent_key_invalid');
    const { agent, key } = await register(test, 'Soon suspended');
    const ok = await ucp(test, shopper.token, key)('GET', '/ucp/orders/ord_missing');
    expect(ok.statusCode).toBe(404);
    const suspend = await test.app.server.inject({
      method: 'PATCH',
      url: `/api/v1/admin/agents/${agent.id}`,
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { status: 'suspended' },
    });
    expect(suspend.json().status).toBe('suspended');
    const refused = await ucp(test, shopper.token, key)('GET', '/ucp/orders/ord_missing');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().messages[0].code).toBe('agent_suspended');
    const acp = await test.app.server.inject({
      url: '/acp/checkout_sessions/cs_x',
      headers: { authorization: `Bearer ${shopper.token}`, 'api-version': '2026-04-17', 'x-api-key': key },
    });
    expect(acp.statusCode).toBe(403);
    expect(acp.json()).toMatchObject({ code: 'agent_suspended' });
    const mcp = await test.app.server.inject({
      method: 'POST',
      url: '/mcp',
      headers: {
        authorization: `Bearer ${shopper.token}`,
        'x-api-key': key,
        'content-type': 'application/json',
      },
      payload: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(mcp.statusCode).toBe(403);
    const missing = await test.app.server.inject({
      method: 'PATCH',
      url: '/api/v1/admin/agents/agt_missing',
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { status: 'active' },
    });
    expect(missing.statusCode).toBe(404);
    const empty = await test.app.server.inject({
      method: 'PATCH',
      url: `/api/v1/admin/agents/${agent.id}`,
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
  });

  it('opens sessions for an agent’s buyers with its key alone, the same shopper for the same buyer', async () => {
    const { key } = await register(test, 'Pal with buyers');
    const { key: otherKey } = await register(test, 'Another pal');
    const open = (apiKey: string | undefined, buyer: string) =>
      test.app.server.inject({
        method: 'POST',
        url: '/api/v1/agent/sessions',
        headers: apiKey === undefined ? {} : { 'x-api-key': apiKey },
        payload: { buyer },
      });
    expect((await open(undefined, 'user-1')).json().error.code).toBe('AGENT_KEY_REQUIRED');
    expect((await open('rk_agent_forged', 'user-1')).json().error.code).toBe('AGENT_KEY_INVALID');
    expect((await open(key, 'has space')).statusCode).toBe(400);
    // Two first requests for one buyer at once end on one shopper.
    const [first, second] = await Promise.all([open(key, 'user-42'), open(key, 'user-42')]);
    expect(first.statusCode, first.body).toBe(201);
    expect(second.json().shopper.id).toBe(first.json().shopper.id);
    expect([first.json().created, second.json().created].sort()).toEqual([false, true]);
    const later = await open(key, 'user-42');
    expect(later.json()).toMatchObject({ shopper: { id: first.json().shopper.id }, created: false });
    const elsewhere = await open(otherKey, 'user-42');
    expect(elsewhere.json().shopper.id).not.toBe(first.json().shopper.id);
    // The token is the buyer's, for every protocol.
    const cart = await ucp(test, later.json().token, key)('POST', '/ucp/carts', { line_items: [] });
    expect(cart.statusCode, cart.body).toBe(201);
  });

  it('verifies a signed ACP request with the agent’s signing secret, and refuses a forged or stale one', async () => {
    const registered = await register(test, 'Signing pal');
    const { key } = registered;
    const secret = (registered as unknown as { signingSecret: string }).signingSecret;
    expect(secret.length).toBeGreaterThan(30);
    const variant = await makeVariant(test.app.db, { price: 1_000, stock: 5 });
    const shopper = await test.newShopper();
    const body = JSON.stringify({
      line_items: [{ id: variant.variantId }],
      currency: 'usd',
      capabilities: {},
    });
    const send = (headers: Record<string, string>, payload = body) =>
      test.app.server.inject({
        method: 'POST',
        url: '/acp/checkout_sessions',
        headers: {
          authorization: `Bearer ${shopper.token}`,
          'api-version': '2026-04-17',
          'idempotency-key': freshKey(),
          'content-type': 'application/json',
          ...headers,
        },
        payload,
      });
    const sign = (timestamp: string, payload = body) =>
      createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('base64');
    const now = new Date().toISOString();
    const signed = await send({ 'x-api-key': key, signature: sign(now), timestamp: now });
    expect(signed.statusCode, signed.body).toBe(201);
    const forged = await send({ 'x-api-key': key, signature: sign(now, '{}'), timestamp: now });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'signature_invalid' });
    const stale = new Date(Date.now() - 10 * 60_000).toISOString();
    expect((await send({ 'x-api-key': key, signature: sign(stale), timestamp: stale })).statusCode).toBe(401);
    expect((await send({ 'x-api-key': key, signature: sign(now) })).statusCode).toBe(401);
    const anonymous = await send({ signature: sign(now), timestamp: now });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().message).toContain('X-API-Key');
  });

  it('limits an agent over every shopper it acts for, with Retry-After', async () => {
    const { key } = await register(test, 'Busy agent', { points: 3, durationSeconds: 60 });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let index = 0; index < 4; index += 1) {
      // A new shopper each time: the shopper's own bucket is never the one that runs out.
      const shopper = await test.newShopper();
      const response = await ucp(test, shopper.token, key)('GET', '/ucp/orders/ord_missing');
      statuses.push(response.statusCode);
      if (response.statusCode === 429) retryAfter = String(response.headers['retry-after']);
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`an agent's daily budget on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    /** A UCP checkout of one 10.00 item (15.99 with shipping), ready to complete. */
    const readyCheckout = async (key: string, variantId: string) => {
      const shopper = await test.newShopper();
      const call = ucp(test, shopper.token, key);
      const opened = await call('POST', '/ucp/checkout-sessions', {
        line_items: [{ item: { id: variantId }, quantity: 1 }],
        fulfillment: { methods: [{ type: 'shipping', destinations: [ADDRESS] }] },
      });
      expect(opened.json().status).toBe('ready_for_complete');
      return {
        shopper,
        complete: () => call('POST', `/ucp/checkout-sessions/${opened.json().id}/complete`, PAY),
      };
    };

    it('never lets concurrent checkouts of one agent pass its budget, and frees what a cancel gives back', async () => {
      const { agent, key } = await register(test, `Budgeted ${store.name}`);
      const budgeted = await test.app.server.inject({
        method: 'PATCH',
        url: `/api/v1/admin/agents/${agent.id}`,
        headers: { authorization: `Bearer ${test.adminKey}` },
        payload: { dailyBudget: { amount: 3_500, currency: 'USD' } },
      });
      expect(budgeted.json().dailyBudget).toEqual({ amount: 3_500, currency: 'USD' });
      const variant = await makeVariant(test.app.db, { price: 1_000, stock: 50 });
      // Six checkouts of 15.99 race for a budget of 35.00: exactly two fit.
      const ready = await Promise.all(Array.from({ length: 6 }, () => readyCheckout(key, variant.variantId)));
      const answers = await Promise.all(ready.map((checkout) => checkout.complete()));
      const completed = answers.filter((answer) => answer.json().status === 'completed');
      expect(completed).toHaveLength(2);
      for (const answer of answers.filter((item) => item.json().status !== 'completed')) {
        expect(answer.statusCode).toBe(200);
        expect(answer.json().messages).toContainEqual(
          expect.objectContaining({ type: 'error', code: 'agent_budget_exceeded' }),
        );
      }
      const charged = await test.app.db.kysely
        .selectFrom('payments')
        .innerJoin('orders', 'orders.id', 'payments.order_id')
        .select((eb) => eb.fn.sum<string | number>('payments.amount').as('total'))
        .where('orders.agent_id', '=', agent.id)
        .where('payments.kind', '=', 'capture')
        .where('payments.status', '=', 'succeeded')
        .executeTakeFirstOrThrow();
      expect(Number(charged.total)).toBe(2 * 1_599);

      // A cancelled order gives its share of the budget back.
      const first = completed[0]?.json().order.id as string;
      const owner = ready[answers.indexOf(completed[0] as (typeof answers)[number])]?.shopper;
      const cancelled = await clientFor(test, owner?.token ?? '').post(`/api/v1/orders/${first}/cancel`, {});
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      const again =
        await ready[answers.findIndex((answer) => answer.json().status !== 'completed')]?.complete();
      expect(again?.json().status).toBe('completed');
      // Without a key, the same shopper's order is no agent's and no budget's.
      const plain = await ucp(test, owner?.token ?? '', undefined)('POST', '/ucp/checkout-sessions', {
        line_items: [{ item: { id: variant.variantId }, quantity: 1 }],
        fulfillment: { methods: [{ type: 'shipping', destinations: [ADDRESS] }] },
      });
      const paid = await ucp(test, owner?.token ?? '', undefined)(
        'POST',
        `/ucp/checkout-sessions/${plain.json().id}/complete`,
        PAY,
      );
      expect(paid.json().status).toBe('completed');
    });
  });
}

describe('agent keys required', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(sqlite, { env: { RUSHCART_AGENT_KEYS: 'required' } });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('refuses agents that send no key, and serves those that do', async () => {
    const shopper = await test.newShopper();
    const without = await ucp(test, shopper.token, undefined)('GET', '/ucp/orders/ord_missing');
    expect(without.statusCode).toBe(401);
    expect(without.json().messages[0].code).toBe('agent_key_required');
    const { key } = await register(test, 'Registered');
    const withKey = await ucp(test, shopper.token, key)('GET', '/ucp/orders/ord_missing');
    expect(withKey.statusCode).toBe(404);
    // The shopper's own REST API is not an agent route.
    expect((await clientFor(test, shopper.token).get('/api/v1/cart')).statusCode).toBe(200);
  });
});
