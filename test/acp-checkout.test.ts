import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAcpShopper } from '../eval/agents/acp-shopper.js';
import { connectAgent } from '../eval/agents/mcp-shopper.js';
import { DEFAULT_RATE_LIMITS } from '../src/admission/index.js';
import {
  type AcpDefinition,
  createAcpSchemas,
  type DelegateDefinition,
} from '../src/protocols/acp/acp-schemas.js';
import { signWebhook } from '../src/protocols/acp/order-webhooks.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

// Every request these tests send and every answer they get is checked against the ACP 2026-04-17
// JSON Schema (the spec's own file, vendored in src/protocols/acp/spec).
const schemas = createAcpSchemas();
const VERSION = '2026-04-17';
const ADDRESS = {
  name: 'Ana Lima',
  line_one: '1 Test Street',
  city: 'Lisbon',
  state: 'LX',
  country: 'PT',
  postal_code: '1000-001',
};
const card = (token: string) => ({
  payment_data: {
    handler_id: 'test_card',
    instrument: { type: 'card', credential: { type: 'test_card', token } },
  },
});
const GOOD_CARD = card('4242424242424242');

/** The parts of ACP answers these tests read. */
interface Session {
  id: string;
  status: string;
  currency: string;
  line_items: { id: string; quantity: number; unit_amount: number }[];
  totals: { type: string; amount: number }[];
  messages: { type: string; code?: string; param?: string }[];
  discounts?: { applied: { code: string; amount: number }[]; rejected: { code: string; reason: string }[] };
  order?: { id: string; checkout_session_id: string };
  // ACP errors
  type?: string;
  code?: string;
  param?: string;
  supported_versions?: string[];
}

const totalOf = (session: Session) => session.totals.find((total) => total.type === 'total')?.amount;

function expectValid(definition: AcpDefinition, value: unknown) {
  expect(
    schemas.check(definition, value),
    `${definition}: ${JSON.stringify(value).slice(0, 400)}`,
  ).toBeUndefined();
}

let keys = 0;
const freshKey = () => `acp-${Date.now()}-${keys++}`;

/** An ACP client for one shopper that checks what it sends and what it gets against the spec. */
function acpClient(test: TestApp, token: string | undefined) {
  const call = async (
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    request: AcpDefinition | undefined,
    headers: Record<string, string> = {},
  ) => {
    if (request !== undefined) expectValid(request, body ?? {});
    const response = await test.app.server.inject({
      method,
      url,
      headers: {
        'api-version': VERSION,
        'request-id': `req-${keys}`,
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(method === 'POST' ? { 'idempotency-key': freshKey() } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const json = response.json() as Session;
    if (response.statusCode >= 400) expectValid('Error', json);
    else expectValid(json.status === 'completed' ? 'CheckoutSessionWithOrder' : 'CheckoutSession', json);
    return { status: response.statusCode, body: json, headers: response.headers };
  };
  return {
    create: (body: unknown, headers?: Record<string, string>) =>
      call('POST', '/acp/checkout_sessions', body, 'CheckoutSessionCreateRequest', headers),
    update: (id: string, body: unknown, headers?: Record<string, string>) =>
      call('POST', `/acp/checkout_sessions/${id}`, body, 'CheckoutSessionUpdateRequest', headers),
    complete: (id: string, body: unknown, headers?: Record<string, string>) =>
      call('POST', `/acp/checkout_sessions/${id}/complete`, body, 'CheckoutSessionCompleteRequest', headers),
    cancel: (id: string, headers?: Record<string, string>) =>
      call('POST', `/acp/checkout_sessions/${id}/cancel`, undefined, undefined, headers),
    get: (id: string, headers?: Record<string, string>) =>
      call('GET', `/acp/checkout_sessions/${id}`, undefined, undefined, headers),
  };
}

async function sharedCode(test: TestApp, code: string, budgetClaims = 100): Promise<string> {
  const response = await test.app.server.inject({
    method: 'POST',
    url: '/api/v1/admin/campaigns',
    headers: { authorization: `Bearer ${test.adminKey}` },
    payload: {
      name: `Shared ${code}`,
      status: 'live',
      budget: { claims: budgetClaims },
      perShopperLimit: 1,
      reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
      code,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `a scripted outside agent over ACP on ${store.name}`,
    () => {
      let test: TestApp;
      let base: string;
      beforeAll(async () => {
        test = await startTestApp(store, { seedDemo: true });
        base = await test.app.server.listen({ port: 0, host: '127.0.0.1' });
      });
      afterAll(async () => {
        await test?.close();
      });

      it('searches, opens a session, applies a code, completes once though it retried, reads the order, cancels', async () => {
        const run = await runAcpShopper(base);
        expect(run.completedOrderIds[1]).toBe(run.completedOrderIds[0]);
        expect(run.finalStatus).toBe('cancelled');
        const completed = run.steps.find((step) => step.request.endsWith('/complete'));
        expect(completed?.answer.discounts).toMatchObject({
          applied: [expect.objectContaining({ code: 'WELCOME5' })],
        });
        const payments = await test.app.db.kysely
          .selectFrom('payments')
          .select(['kind', 'status'])
          .where('order_id', '=', run.orderId)
          .orderBy('kind')
          .execute();
        expect(payments).toEqual([
          { kind: 'capture', status: 'succeeded' },
          { kind: 'refund', status: 'succeeded' },
        ]);
      });
    },
  );

  describe.skipIf(store.skipReason !== undefined)(`ACP checkout sessions on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    it('creates, updates, completes once (a declined card first, then retries), and refuses to cancel after', async () => {
      const variant = await makeVariant(test.app.db, { price: 2_000, stock: 10, options: { size: 'M' } });
      await sharedCode(test, `AGENT-${store.name.toUpperCase()}`);
      const shopper = await test.newShopper();
      const acp = acpClient(test, shopper.token);

      const created = await acp.create({
        line_items: [{ id: variant.variantId }, { id: variant.variantId }],
        currency: 'usd',
        capabilities: { extensions: ['discount'] },
      });
      expect(created.status).toBe(201);
      expect(created.headers['request-id']).toBeDefined();
      const session = created.body;
      expect(session).toMatchObject({ status: 'not_ready_for_payment', currency: 'usd' });
      expect(session.line_items).toEqual([expect.objectContaining({ quantity: 2, unit_amount: 2_000 })]);
      expect(session.messages).toContainEqual(
        expect.objectContaining({ type: 'error', code: 'missing', param: '$.fulfillment_details.address' }),
      );

      const updated = await acp.update(session.id, {
        fulfillment_details: {
          name: 'Ana Lima',
          email: 'ana@example.com',
          phone_number: '+15551234567',
          address: ADDRESS,
        },
        discounts: { codes: [`AGENT-${store.name.toUpperCase()}`, 'NOT-A-CODE'] },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.status).toBe('ready_for_payment');
      expect(updated.body.discounts?.applied).toEqual([expect.objectContaining({ amount: 500 })]);
      expect(updated.body.discounts?.rejected).toEqual([
        { code: 'NOT-A-CODE', reason: 'discount_code_invalid', message: expect.any(String) },
      ]);
      expect(totalOf(updated.body)).toBe(4_000 - 500 + 599);

      const declined = await acp.complete(session.id, card('4000000000000002'));
      expect(declined.status).toBe(200);
      expect(declined.body.status).toBe('ready_for_payment');
      expect(declined.body.messages).toContainEqual(
        expect.objectContaining({ type: 'error', code: 'payment_declined' }),
      );

      const key = freshKey();
      const completed = await acp.complete(session.id, GOOD_CARD, { 'idempotency-key': key });
      expect(completed.status).toBe(200);
      expect(completed.body.status).toBe('completed');
      const orderId = completed.body.order?.id;
      expect(completed.body.order?.checkout_session_id).toBe(session.id);
      // The agent's contact phone ships with the order, for the courier.
      const shipped = await test.app.db.kysely
        .selectFrom('orders')
        .select('shipping_address')
        .where('id', '=', orderId ?? '')
        .executeTakeFirstOrThrow();
      const address: unknown =
        typeof shipped.shipping_address === 'string'
          ? JSON.parse(shipped.shipping_address)
          : shipped.shipping_address;
      expect(address).toMatchObject({ phone: '+15551234567' });
      const replay = await acp.complete(session.id, GOOD_CARD, { 'idempotency-key': key });
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.headers['idempotency-key']).toBe(key);
      expect(replay.body.order?.id).toBe(orderId);
      const again = await acp.complete(session.id, GOOD_CARD);
      expect(again.body.order?.id).toBe(orderId);

      const captures = await test.app.db.kysely
        .selectFrom('payments')
        .innerJoin('orders', 'orders.id', 'payments.order_id')
        .select(['payments.order_id', 'payments.amount'])
        .where('orders.shopper_id', '=', shopper.shopperId)
        .where('payments.kind', '=', 'capture')
        .where('payments.status', '=', 'succeeded')
        .execute();
      expect(captures).toEqual([{ order_id: orderId, amount: 4_099 }]);
      expect((await acp.get(session.id)).body.status).toBe('completed');
      const cancel = await acp.cancel(session.id);
      expect(cancel.status).toBe(405);
      expect(cancel.body.code).toBe('session_not_open');
      // The shopper's cart was never touched.
      expect((await clientFor(test, shopper.token).get('/api/v1/cart')).json().lines).toEqual([]);
    });

    it('keeps the idempotency matrix: required key, replay, conflict, and in flight', async () => {
      const variant = await makeVariant(test.app.db, { price: 1_000, stock: 10 });
      const shopper = await test.newShopper();
      const acp = acpClient(test, shopper.token);
      const body = { line_items: [{ id: variant.variantId }], currency: 'usd', capabilities: {} };

      const missing = await test.app.server.inject({
        method: 'POST',
        url: '/acp/checkout_sessions',
        headers: { authorization: `Bearer ${shopper.token}`, 'api-version': VERSION },
        payload: body,
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ type: 'invalid_request', code: 'idempotency_key_required' });

      const key = freshKey();
      const first = await acp.create(body, { 'idempotency-key': key });
      const second = await acp.create(body, { 'idempotency-key': key });
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      const sessions = await test.app.db.kysely
        .selectFrom('agent_checkout_sessions')
        .select('id')
        .where('shopper_id', '=', shopper.shopperId)
        .execute();
      expect(sessions).toHaveLength(1);
      const conflict = await acp.create(
        { ...body, line_items: [{ id: variant.variantId }, { id: variant.variantId }] },
        { 'idempotency-key': key },
      );
      expect(conflict.status).toBe(422);
      expect(conflict.body.code).toBe('idempotency_conflict');

      // A complete whose provider is slow: the same key meanwhile is in flight, another key finds the session busy.
      const id = first.body.id;
      await acp.update(id, { fulfillment_details: { address: ADDRESS } });
      const slowKey = freshKey();
      const [slow, sameKey, otherKey] = await Promise.all([
        acp.complete(id, card('4000000000000259'), { 'idempotency-key': slowKey }),
        new Promise((resolve) => setTimeout(resolve, 100)).then(() =>
          acp.complete(id, card('4000000000000259'), { 'idempotency-key': slowKey }),
        ),
        new Promise((resolve) => setTimeout(resolve, 100)).then(() => acp.complete(id, GOOD_CARD)),
      ]);
      expect(sameKey.status).toBe(409);
      expect(sameKey.body.code).toBe('idempotency_in_flight');
      expect(Number(sameKey.headers['retry-after'])).toBeGreaterThan(0);
      expect(otherKey.status).toBe(409);
      expect(otherKey.body.code).toBe('complete_in_progress');
      expect(slow.status).toBe(502);
      expect(slow.body).toMatchObject({ type: 'processing_error', code: 'payment_failed' });
      // Nothing was charged, the session is open again, and the failed key may be retried.
      expect((await acp.get(id)).body.status).toBe('ready_for_payment');
      const paid = await acp.complete(id, GOOD_CARD);
      expect(paid.body.status).toBe('completed');
    });

    it('answers a discount budget spent mid-session with the spec code, not a 5xx and not a charge', async () => {
      const variant = await makeVariant(test.app.db, { price: 3_000, stock: 10 });
      const code = `LAST-${store.name.toUpperCase()}`;
      await sharedCode(test, code, 1);
      const shopper = await test.newShopper();
      const acp = acpClient(test, shopper.token);
      const created = await acp.create({
        line_items: [{ id: variant.variantId }],
        currency: 'usd',
        capabilities: {},
        fulfillment_details: { address: ADDRESS },
        discounts: { codes: [code] },
      });
      expect(created.body.discounts?.applied).toHaveLength(1);
      expect(totalOf(created.body)).toBe(3_000 - 500 + 599);

      // Someone else redeems the code's last use through the REST API meanwhile.
      const other = await test.newShopper();
      const spent = await clientFor(test, other.token).checkout(freshKey(), {
        ...checkoutBody(),
        items: [{ variantId: variant.variantId, quantity: 1 }],
        couponCodes: [code],
      });
      expect(spent.statusCode, spent.body).toBe(201);

      const completed = await acp.complete(created.body.id, GOOD_CARD);
      expect(completed.status).toBe(200);
      expect(completed.body.status).toBe('ready_for_payment');
      expect(completed.body.order).toBeUndefined();
      expect(completed.body.discounts?.rejected).toEqual([
        expect.objectContaining({ code, reason: 'discount_code_usage_limit_reached' }),
      ]);
      expect(completed.body.messages).toContainEqual(
        expect.objectContaining({ type: 'warning', code: 'discount_code_usage_limit_reached' }),
      );
      expect(totalOf(completed.body)).toBe(3_000 + 599);
      const orders = await test.app.db.kysely
        .selectFrom('orders')
        .select('id')
        .where('shopper_id', '=', shopper.shopperId)
        .where('status', '=', 'paid')
        .execute();
      expect(orders).toEqual([]);
      expect(completed.body.messages).toContainEqual(
        expect.objectContaining({ type: 'warning', code: 'price_change' }),
      );
      // The new total has now been shown: completing again charges it.
      const paid = await acp.complete(created.body.id, GOOD_CARD);
      expect(paid.body.status).toBe('completed');
      expect(totalOf(paid.body)).toBe(3_599);
    });
  });
}

const sqlite = STORES[0];
if (sqlite === undefined) throw new Error('no SQLite store fixture');

describe('ACP at the edge', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(sqlite);
  });
  afterAll(async () => {
    await test?.close();
  });

  it('serves its discovery document', async () => {
    const response = await test.app.server.inject('/.well-known/acp.json');
    expect(response.statusCode).toBe(200);
    expectValid('DiscoveryResponse', response.json());
    expect(response.json().api_base_url).toMatch(/\/acp$/);
  });

  it('refuses bad requests in the spec’s error shape, with the field named', async () => {
    const variant = await makeVariant(test.app.db, { price: 1_000, stock: 1 });
    const shopper = await test.newShopper();
    const acp = acpClient(test, shopper.token);
    const anonymous = acpClient(test, undefined);
    const base = { line_items: [{ id: variant.variantId }], currency: 'usd', capabilities: {} };

    const unknown = await acp.create({ ...base, line_items: [{ id: 'var_missing' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'invalid_item_id', param: '$.line_items[0].id' });
    const extra = await test.app.server.inject({
      method: 'POST',
      url: '/acp/checkout_sessions',
      headers: {
        authorization: `Bearer ${shopper.token}`,
        'api-version': VERSION,
        'idempotency-key': freshKey(),
      },
      payload: { ...base, line_items: [{ id: variant.variantId, quantity: 3 }] },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json()).toMatchObject({ code: 'invalid', param: '$.line_items[0]' });
    const version = await acp.create(base, { 'api-version': '2025-09-29' });
    expect(version.status).toBe(400);
    expect(version.body).toMatchObject({ code: 'unsupported_api_version', supported_versions: [VERSION] });
    expect((await anonymous.create(base)).status).toBe(401);
    const tooMany = await acp.create({ ...base, discounts: { codes: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'] } });
    expect(tooMany.body).toMatchObject({ code: 'invalid', param: '$.discounts.codes' });
    const currency = await acp.create({ ...base, currency: 'eur' });
    expect(currency.body).toMatchObject({ code: 'invalid', param: '$.currency' });

    const created = await acp.create({
      ...base,
      line_items: [{ id: variant.variantId }, { id: variant.variantId }],
    });
    expect(created.body.status).toBe('not_ready_for_payment');
    expect(created.body.messages).toContainEqual(expect.objectContaining({ code: 'quantity_exceeded' }));
    const badAddress = await acp.update(created.body.id, {
      fulfillment_details: { address: { ...ADDRESS, country: 'Portugal' } },
    });
    expect(badAddress.body.messages).toContainEqual(
      expect.objectContaining({ code: 'invalid', param: '$.fulfillment_details.address.country' }),
    );
    const handler = await acp.complete(created.body.id, {
      payment_data: {
        handler_id: 'paypal',
        instrument: { type: 'card', credential: { type: 'spt', token: 'x' } },
      },
    });
    expect(handler.body).toMatchObject({ code: 'invalid', param: '$.payment_data.handler_id' });
    const notReady = await acp.complete(created.body.id, GOOD_CARD);
    expect(notReady.body.status).toBe('not_ready_for_payment');
    expect(notReady.body.order).toBeUndefined();

    const stranger = acpClient(test, (await test.newShopper()).token);
    expect((await stranger.get(created.body.id)).status).toBe(404);
    const canceled = await acp.cancel(created.body.id);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    expect((await acp.update(created.body.id, { discounts: { codes: [] } })).status).toBe(405);
    expect((await acp.complete(created.body.id, GOOD_CARD)).status).toBe(405);
  });
});

describe('a merchant who switched ACP off', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(sqlite, { env: { RUSHCART_AGENT_PROTOCOLS: 'mcp' } });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('answers 404 for the sessions and the discovery document', async () => {
    expect((await test.app.server.inject('/.well-known/acp.json')).statusCode).toBe(404);
    expect(
      (await test.app.server.inject({ method: 'POST', url: '/acp/checkout_sessions', payload: {} }))
        .statusCode,
    ).toBe(404);
  });
});

describe('ACP order webhooks', () => {
  const SECRET = 'webhook-secret-of-at-least-32-chars!';
  const received: { body: string; signature: string; requestId: string }[] = [];
  let failuresLeft = 1;
  let receiver: Server;
  let test: TestApp;
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          response.writeHead(503).end();
          return;
        }
        received.push({
          body,
          signature: String(request.headers['merchant-signature']),
          requestId: String(request.headers['request-id']),
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    test = await startTestApp(sqlite, {
      env: {
        RUSHCART_ACP_WEBHOOK_URL: `http://127.0.0.1:${port}/order_events`,
        RUSHCART_ACP_WEBHOOK_SECRET: SECRET,
        RUSHCART_ACP_WEBHOOK_RETRY_MS: '50',
      },
    });
  });
  afterAll(async () => {
    await test?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const eventually = async (count: number) => {
    for (let tries = 0; tries < 100 && received.length < count; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(received.length).toBeGreaterThanOrEqual(count);
  };

  it('sends the order created and its cancellation, signed, retrying a receiver that failed', async () => {
    const variant = await makeVariant(test.app.db, { price: 6_000, stock: 3 });
    const shopper = await test.newShopper();
    const acp = acpClient(test, shopper.token);
    const created = await acp.create({
      line_items: [{ id: variant.variantId }],
      currency: 'usd',
      capabilities: {},
      fulfillment_details: { address: ADDRESS },
    });
    const completed = await acp.complete(created.body.id, GOOD_CARD);
    const orderId = completed.body.order?.id;
    await eventually(1);
    const cancel = await clientFor(test, shopper.token).post(`/api/v1/orders/${orderId}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
    await eventually(2);

    const events = received.map((event) => JSON.parse(event.body));
    expect(events).toEqual([
      {
        type: 'order_create',
        data: expect.objectContaining({
          id: orderId,
          checkout_session_id: created.body.id,
          status: 'confirmed',
        }),
      },
      { type: 'order_update', data: expect.objectContaining({ id: orderId, status: 'canceled' }) },
    ]);
    for (const event of received) {
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(event.signature);
      expect(match, event.signature).not.toBeNull();
      const seconds = Number(match?.[1]);
      expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(300);
      expect(event.signature).toBe(signWebhook(SECRET, event.body, seconds));
      expect(event.signature).not.toBe(signWebhook(`${SECRET}x`, event.body, seconds));
    }
    const deliveries = await test.app.db.kysely
      .selectFrom('agent_webhook_deliveries')
      .select(['attempts', 'delivered_at'])
      .orderBy('created_at')
      .execute();
    expect(deliveries.map((row) => row.attempts)).toEqual([2, 1]);
    expect(deliveries.every((row) => row.delivered_at !== null)).toBe(true);
  });
});

describe('an ACP complete that crashed', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(sqlite);
  });
  afterAll(async () => {
    await test?.close();
  });

  /** A session with one item and an address, left `completing` by an attempt started `ageMs` ago. */
  const crashedSession = async (ageMs: number, chargedBeforeCrash: boolean) => {
    const variant = await makeVariant(test.app.db, { price: 7_000, stock: 5 });
    const shopper = await test.newShopper();
    const acp = acpClient(test, shopper.token);
    const created = await acp.create({
      line_items: [{ id: variant.variantId }],
      currency: 'usd',
      capabilities: {},
      fulfillment_details: { address: ADDRESS },
    });
    const id = created.body.id;
    const input = {
      payment: { type: 'test_card' as const, number: '4242424242424242' },
      shippingAddress: {
        name: 'Ana Lima',
        line1: '1 Test Street',
        city: 'Lisbon',
        region: 'LX',
        postalCode: '1000-001',
        country: 'PT',
      },
      items: [{ variantId: variant.variantId, quantity: 1 }],
      expectedTotal: { amount: 7_000, currency: 'USD' },
    };
    const key = `acp:${id}:att_crashed`;
    const startedAt = Date.now() - ageMs;
    await test.app.db.kysely
      .updateTable('agent_checkout_sessions')
      .set({
        status: 'completing',
        attempt_key: key,
        attempt_input: JSON.stringify(input),
        attempt_started_at: startedAt,
      })
      .where('id', '=', id)
      .execute();
    if (chargedBeforeCrash) {
      // The node died after the charge and the order committed, before the session recorded them.
      // The REST checkout keeps its keys in the same scope, so this is that very checkout.
      const charged = await clientFor(test, shopper.token).checkout(key, input);
      expect(charged.statusCode, charged.body).toBe(201);
    }
    return { acp, id, shopper, key, input };
  };

  const paidOrders = (shopperId: string) =>
    test.app.db.kysely
      .selectFrom('orders')
      .innerJoin('payments', 'payments.order_id', 'orders.id')
      .select(['orders.id', 'payments.amount'])
      .where('orders.shopper_id', '=', shopperId)
      .where('payments.kind', '=', 'capture')
      .execute();

  it('answers complete_in_progress while the attempt may still be running', async () => {
    const { acp, id } = await crashedSession(5_000, false);
    const answer = await acp.complete(id, GOOD_CARD);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('complete_in_progress');
    expect((await acp.get(id)).body.status).toBe('complete_in_progress');
  });

  for (const chargedBeforeCrash of [false, true]) {
    it(`finishes a stale attempt by replaying its checkout, charging once (crash ${chargedBeforeCrash ? 'after' : 'before'} the charge)`, async () => {
      const { acp, id, shopper } = await crashedSession(5 * 60_000, chargedBeforeCrash);
      const finished = await acp.complete(id, GOOD_CARD);
      expect(finished.body.status).toBe('completed');
      expect(await paidOrders(shopper.shopperId)).toEqual([{ id: finished.body.order?.id, amount: 7_000 }]);
      const again = await acp.complete(id, GOOD_CARD);
      expect(again.body.order?.id).toBe(finished.body.order?.id);
      expect(await paidOrders(shopper.shopperId)).toHaveLength(1);
    });
  }

  it('expires an open session after its lifetime', async () => {
    const variant = await makeVariant(test.app.db, { price: 1_000, stock: 5 });
    const acp = acpClient(test, (await test.newShopper()).token);
    const created = await acp.create({
      line_items: [{ id: variant.variantId }],
      currency: 'usd',
      capabilities: {},
    });
    await test.app.db.kysely
      .updateTable('agent_checkout_sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', created.body.id)
      .execute();
    expect((await acp.get(created.body.id)).body.status).toBe('expired');
    const late = await acp.complete(created.body.id, GOOD_CARD);
    expect(late.status).toBe(405);
    expect(late.body.code).toBe('session_not_open');
  });
});

describe('ACP over MCP (the spec’s MCP binding)', () => {
  let test: TestApp;
  let base: string;
  beforeAll(async () => {
    test = await startTestApp(sqlite);
    base = await test.app.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('runs the same sessions as REST, keys included, every answer schema-valid', async () => {
    const variant = await makeVariant(test.app.db, { price: 3_000, stock: 5 });
    const shopper = await test.newShopper();
    const mcp = await connectAgent(base, shopper.token);
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = await mcp.callTool({ name, arguments: args });
      const value = result.structuredContent as unknown as Session;
      if (result.isError === true) expectValid('Error', value);
      else expectValid(value.status === 'completed' ? 'CheckoutSessionWithOrder' : 'CheckoutSession', value);
      return { isError: result.isError === true, value };
    };
    const meta = (key?: string) => ({
      api_version: VERSION,
      ...(key === undefined ? {} : { idempotency_key: key }),
    });

    const oldVersion = await call('create_checkout_session', {
      meta: { api_version: '2025-09-29', idempotency_key: freshKey() },
      payload: { line_items: [{ id: variant.variantId }], currency: 'usd', capabilities: {} },
    });
    expect(oldVersion.value).toMatchObject({
      code: 'unsupported_api_version',
      supported_versions: [VERSION],
    });

    const created = await call('create_checkout_session', {
      meta: meta(freshKey()),
      payload: { line_items: [{ id: variant.variantId }], currency: 'usd', capabilities: {} },
    });
    expect(created.value.status).toBe('not_ready_for_payment');
    const id = created.value.id;
    const updated = await call('update_checkout_session', {
      meta: meta(freshKey()),
      id,
      payload: { fulfillment_details: { address: ADDRESS } },
    });
    expect(updated.value.status).toBe('ready_for_payment');
    const noKey = await call('complete_checkout_session', { meta: meta(), id, payload: GOOD_CARD });
    expect(noKey.value.code).toBe('idempotency_key_required');

    const key = freshKey();
    const completed = await call('complete_checkout_session', { meta: meta(key), id, payload: GOOD_CARD });
    expect(completed.value.status).toBe('completed');
    // The same key over REST is the same request: its first answer, replayed.
    const rest = await acpClient(test, shopper.token).complete(id, GOOD_CARD, { 'idempotency-key': key });
    expect(rest.headers['idempotent-replayed']).toBe('true');
    expect(rest.body.order?.id).toBe(completed.value.order?.id);
    const fetched = await call('get_checkout_session', { meta: meta(), id });
    expect(fetched.value.order?.id).toBe(completed.value.order?.id);
    const cancel = await call('cancel_checkout_session', { meta: meta(freshKey()), id });
    expect(cancel.value.code).toBe('session_not_open');
    await mcp.close();
  });
});

describe('ACP under admission', () => {
  let test: TestApp;
  beforeAll(async () => {
    const shopper = { ...DEFAULT_RATE_LIMITS.shopper, agent: { points: 2, durationSeconds: 60 } };
    test = await startTestApp(sqlite, {
      admission: {
        rateLimits: { ...DEFAULT_RATE_LIMITS, device: { points: 3, durationSeconds: 60 }, shopper },
      },
    });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('answers its rate limits in ACP’s error shape, with Retry-After', async () => {
    const first = await test.newShopper({ deviceId: 'agent-device-1' });
    const acp = acpClient(test, first.token);
    const shopperLimited = [
      await acp.get('cs_missing'),
      await acp.get('cs_missing'),
      await acp.get('cs_missing'),
    ].at(-1);
    expect(shopperLimited?.status).toBe(429);
    expect(shopperLimited?.body).toMatchObject({ type: 'invalid_request', code: 'rate_limited' });
    expect(Number(shopperLimited?.headers['retry-after'])).toBeGreaterThan(0);
    // The device limit refuses before any route code runs, in onRequest.
    const second = await test.newShopper({ deviceId: 'agent-device-2' });
    const device = acpClient(test, second.token);
    let edge: Awaited<ReturnType<typeof device.get>> | undefined;
    for (let index = 0; index < 5; index++) {
      edge = await device.get('cs_missing', { 'x-device-id': 'agent-device-2' });
    }
    expect(edge?.status).toBe(429);
    expect(edge?.body).toMatchObject({ type: 'invalid_request', code: 'rate_limited' });
  });
});

describe('ACP delegated payment', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(sqlite);
  });
  afterAll(async () => {
    await test?.close();
  });

  const delegateValid = (definition: DelegateDefinition, value: unknown) => {
    expect(schemas.check(definition, value), JSON.stringify(value).slice(0, 400)).toBeUndefined();
  };
  const delegation = (
    sessionId: string,
    maxAmount: number,
    expiresAt = new Date(Date.now() + 3_600_000),
  ) => ({
    payment_method: {
      type: 'card',
      card_number_type: 'fpan',
      number: '4242424242424242',
      exp_month: '12',
      exp_year: '2030',
      cvc: '123',
      display_card_funding_type: 'credit',
      display_last4: '4242',
      metadata: {},
    },
    allowance: {
      reason: 'one_time',
      max_amount: maxAmount,
      currency: 'usd',
      checkout_session_id: sessionId,
      merchant_id: 'rushcart',
      expires_at: expiresAt.toISOString(),
    },
    risk_signals: [{ type: 'card_testing', score: 3, action: 'authorized' }],
    metadata: { source: 'test-agent' },
  });
  const delegate = (token: string, body: unknown, key = freshKey()) =>
    test.app.server.inject({
      method: 'POST',
      url: '/acp/agentic_commerce/delegate_payment',
      headers: { authorization: `Bearer ${token}`, 'api-version': VERSION, 'idempotency-key': key },
      payload: body as object,
    });
  const spt = (token: string) => ({
    payment_data: {
      handler_id: 'delegated_card',
      instrument: { type: 'card', credential: { type: 'spt', token } },
    },
  });

  it('pays once with a token bound to its session, within its allowance, and never keeps the card number', async () => {
    const variant = await makeVariant(test.app.db, { price: 1_000, stock: 10 });
    const shopper = await test.newShopper();
    const acp = acpClient(test, shopper.token);
    const base = { line_items: [{ id: variant.variantId }], currency: 'usd', capabilities: {} };
    const session = (await acp.create({ ...base, fulfillment_details: { address: ADDRESS } })).body;
    expect(session.status).toBe('ready_for_payment');
    expect(JSON.stringify(session)).toContain('"requires_delegate_payment":true');

    const requestBody = delegation(session.id, 2_000);
    delegateValid('DelegatePaymentRequest', requestBody);
    const key = freshKey();
    const delegated = await delegate(shopper.token, requestBody, key);
    expect(delegated.statusCode, delegated.body).toBe(201);
    delegateValid('DelegatePaymentResponse', delegated.json());
    const vault = delegated.json().id as string;
    expect(vault).toMatch(/^vt_/);
    const replay = await delegate(shopper.token, requestBody, key);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(vault);

    // A token for this session is refused on another one.
    const other = (await acp.create({ ...base, fulfillment_details: { address: ADDRESS } })).body;
    const elsewhere = await acp.complete(other.id, spt(vault));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toMatchObject({
      code: 'invalid',
      param: '$.payment_data.instrument.credential.token',
    });

    const paid = await acp.complete(session.id, spt(vault));
    expect(paid.body.status).toBe('completed');
    const captures = await test.app.db.kysely
      .selectFrom('payments')
      .select(['amount', 'kind'])
      .where('order_id', '=', paid.body.order?.id ?? '')
      .execute();
    expect(captures).toEqual([{ amount: 1_599, kind: 'capture' }]);

    // A total above the allowance is declined in messages[], and nothing is charged.
    const small = await delegate(shopper.token, delegation(other.id, 1_000));
    const declined = await acp.complete(other.id, spt(small.json().id));
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('ready_for_payment');
    expect(declined.body.messages).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'payment_declined' }),
    );

    for (const table of [
      'delegated_payment_tokens',
      'idempotency_keys',
      'agent_checkout_sessions',
    ] as const) {
      const rows = await test.app.db.kysely.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain('4242424242424242');
    }
  });

  it('refuses what the spec’s schema or the card refuses, in the delegate_payment error shape', async () => {
    const shopper = await test.newShopper();
    const missing = await delegate(shopper.token, { ...delegation('cs_x', 100), risk_signals: undefined });
    expect(missing.statusCode).toBe(400);
    delegateValid('DelegateError', missing.json());
    expect(missing.json()).toMatchObject({ code: 'invalid_card' });
    const expired = await delegate(shopper.token, delegation('cs_x', 100, new Date(Date.now() - 1_000)));
    expect(expired.json()).toMatchObject({ code: 'invalid_card', param: '$.allowance.expires_at' });
    const token = delegation('cs_x', 100);
    const network = await delegate(shopper.token, {
      ...token,
      payment_method: { ...token.payment_method, card_number_type: 'network_token' },
    });
    expect(network.json()).toMatchObject({
      code: 'invalid_card',
      param: '$.payment_method.card_number_type',
    });
    const old = await delegate(shopper.token, {
      ...token,
      payment_method: { ...token.payment_method, exp_year: '2020' },
    });
    expect(old.json()).toMatchObject({ code: 'invalid_card', param: '$.payment_method.exp_year' });
    const noKey = await test.app.server.inject({
      method: 'POST',
      url: '/acp/agentic_commerce/delegate_payment',
      headers: { authorization: `Bearer ${shopper.token}`, 'api-version': VERSION },
      payload: token,
    });
    expect(noKey.json()).toMatchObject({ code: 'idempotency_key_required' });
    const anonymous = await test.app.server.inject({
      method: 'POST',
      url: '/acp/agentic_commerce/delegate_payment',
      headers: { 'api-version': VERSION, 'idempotency-key': freshKey() },
      payload: token,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
