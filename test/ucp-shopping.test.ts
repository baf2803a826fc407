import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../eval/agents/mcp-shopper.js';
import { AGENT_PROFILE, runUcpShopper } from '../eval/agents/ucp-shopper.js';
import { createUcpSchemas, type UcpDocument } from '../src/protocols/ucp/ucp-schemas.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

// Every request these tests send and every answer they get is checked against the UCP schemas
// (the spec's own files, vendored in src/protocols/ucp/spec), resolved for the operation.
const schemas = createUcpSchemas();
const ADDRESS = {
  first_name: 'Ana',
  last_name: 'Lima',
  street_address: '1 Test Street',
  address_locality: 'Lisbon',
  address_region: 'LX',
  postal_code: '1000-001',
  address_country: 'PT',
};
const shipTo = (address: Record<string, string> = ADDRESS) => ({
  methods: [{ type: 'shipping', destinations: [address] }],
});
const pay = (token: string) => ({
  payment: {
    instruments: [
      { id: 'in_1', handler_id: 'test_card', type: 'card', credential: { type: 'test_card', token } },
    ],
  },
});
const GOOD_CARD = pay('4242424242424242');

/** The parts of UCP answers these tests read. */
interface Answer {
  id: string;
  status: string;
  currency: string;
  line_items: { id: string; item: { id: string; price: number }; quantity: number; status?: string }[];
  totals: { type: string; amount: number }[];
  messages: { type: string; code?: string; path?: string; severity?: string }[];
  discounts?: { codes: string[]; applied: { code?: string; amount: number }[] };
  order?: { id: string };
  cart_id?: string;
  ucp: { status: string };
  adjustments?: { type: string; status: string }[];
  checkout_id?: string;
}

const totalOf = (answer: Answer) => answer.totals.find((total) => total.type === 'total')?.amount;

function expectValid(document: UcpDocument, value: unknown) {
  expect(
    schemas.check(document, value),
    `${document}: ${JSON.stringify(value).slice(0, 400)}`,
  ).toBeUndefined();
}

let keys = 0;
const freshKey = () =>
  `00000000-0000-4000-8000-${String(Date.now() % 1e6).padStart(6, '0')}${String(keys++).padStart(6, '0')}`;

/** A UCP client for one shopper that checks what it sends and what it gets against the spec. */
function ucpClient(test: TestApp, token: string | undefined) {
  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body: unknown,
    request: UcpDocument | undefined,
    answer: UcpDocument,
    headers: Record<string, string> = {},
  ) => {
    if (request !== undefined) expectValid(request, body ?? {});
    const response = await test.app.server.inject({
      method,
      url,
      headers: {
        'ucp-agent': `profile="${AGENT_PROFILE}"`,
        'request-id': `req-${keys}`,
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(method === 'GET' ? {} : { 'idempotency-key': freshKey() }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const json = response.json() as Answer;
    expectValid(response.statusCode >= 400 ? 'error' : answer, json);
    return { status: response.statusCode, body: json, headers: response.headers };
  };
  const base = '/ucp/checkout-sessions';
  return {
    token,
    create: (body: unknown, headers?: Record<string, string>) =>
      call('POST', base, body, 'checkout.create', 'checkout', headers),
    update: (id: string, body: unknown, headers?: Record<string, string>) =>
      call('PUT', `${base}/${id}`, body, 'checkout.update', 'checkout', headers),
    complete: (id: string, body: unknown, headers?: Record<string, string>) =>
      call('POST', `${base}/${id}/complete`, body, 'checkout.complete', 'checkout', headers),
    cancel: (id: string, headers?: Record<string, string>) =>
      call('POST', `${base}/${id}/cancel`, undefined, undefined, 'checkout', headers),
    get: (id: string, headers?: Record<string, string>) =>
      call('GET', `${base}/${id}`, undefined, undefined, 'checkout', headers),
    createCart: (body: unknown) => call('POST', '/ucp/carts', body, 'cart.create', 'cart'),
    updateCart: (id: string, body: unknown) => call('PUT', `/ucp/carts/${id}`, body, 'cart.update', 'cart'),
    getCart: (id: string) => call('GET', `/ucp/carts/${id}`, undefined, undefined, 'cart'),
    cancelCart: (id: string) => call('POST', `/ucp/carts/${id}/cancel`, undefined, undefined, 'cart'),
    order: (id: string) => call('GET', `/ucp/orders/${id}`, undefined, undefined, 'order'),
    search: (body: unknown) =>
      call('POST', '/ucp/catalog/search', body, 'catalog.search', 'catalog.search.response'),
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

const captures = (test: TestApp, shopperId: string) =>
  test.app.db.kysely
    .selectFrom('payments')
    .innerJoin('orders', 'orders.id', 'payments.order_id')
    .select(['payments.order_id', 'payments.amount'])
    .where('orders.shopper_id', '=', shopperId)
    .where('payments.kind', '=', 'capture')
    .where('payments.status', '=', 'succeeded')
    .execute();

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `a scripted outside agent over UCP on ${store.name}`,
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

      it('searches, fills a cart with a code, checks it out once though it retried, reads the order, cancels', async () => {
        const run = await runUcpShopper(base);
        expect(run.completedOrderIds[1]).toBe(run.completedOrderIds[0]);
        expect(run.discount).toBe(500);
        expect(run.finalLineStatuses.every((status) => status === 'removed')).toBe(true);
        const retried = run.steps.filter((step) => step.request.endsWith('/complete'));
        expect(retried.map((step) => step.status)).toEqual([200, 200]);
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
        const order = await test.app.db.kysely
          .selectFrom('orders')
          .select('channel')
          .where('id', '=', run.orderId)
          .executeTakeFirstOrThrow();
        expect(order.channel).toBe('ucp');
        const final = run.steps.at(-1)?.answer as unknown as Answer;
        expect(final.checkout_id).toBe(run.checkoutId);
        expect(final.adjustments?.map((item) => item.type)).toEqual(['cancellation', 'refund']);
      });

      it('does the same over the MCP binding, with the same schemas and one charge', async () => {
        const run = await runUcpShopper(base, { binding: 'mcp' });
        expect(run.completedOrderIds[1]).toBe(run.completedOrderIds[0]);
        expect(run.discount).toBe(500);
        expect(run.finalLineStatuses.every((status) => status === 'removed')).toBe(true);
        expect(
          run.steps.filter((step) => step.request.startsWith('tools/call')).length,
        ).toBeGreaterThanOrEqual(8);
        const captured = await test.app.db.kysely
          .selectFrom('payments')
          .select('amount')
          .where('order_id', '=', run.orderId)
          .where('kind', '=', 'capture')
          .execute();
        expect(captured).toHaveLength(1);
      });

      it('shares idempotency keys between the bindings: a key used over REST replays over MCP', async () => {
        const shopper = await test.newShopper();
        const variant = await makeVariant(test.app.db, { price: 1_200, stock: 3 });
        const key = freshKey();
        const body = { line_items: [{ item: { id: variant.variantId }, quantity: 1 }] };
        const viaRest = await ucpClient(test, shopper.token).create(body, { 'idempotency-key': key });
        const client = await connectAgent(base, shopper.token, { path: '/ucp/mcp' });
        try {
          const viaMcp = await client.callTool({
            name: 'create_checkout',
            arguments: {
              meta: { 'ucp-agent': { profile: AGENT_PROFILE }, 'idempotency-key': key },
              checkout: body,
            },
          });
          expect(viaMcp.isError).not.toBe(true);
          expectValid('checkout', viaMcp.structuredContent);
          expect((viaMcp.structuredContent as { id: string }).id).toBe(viaRest.body.id);
          const noAgent = await client.callTool({ name: 'get_checkout', arguments: { id: viaRest.body.id } });
          expect(noAgent.isError).toBe(true);
          const badAgent = await client.callTool({
            name: 'get_checkout',
            arguments: { meta: { 'ucp-agent': { profile: 'not a url' } }, id: viaRest.body.id },
          });
          expect(badAgent.isError).toBe(true);
          expectValid('error', badAgent.structuredContent);
        } finally {
          await client.close();
        }
      });
    },
  );

  describe.skipIf(store.skipReason !== undefined)(`UCP checkout sessions on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    it('creates, updates, completes once (a declined card first), and refuses to cancel after', async () => {
      const variant = await makeVariant(test.app.db, { price: 2_000, stock: 10, options: { size: 'M' } });
      const code = `UCP-${store.name.toUpperCase()}`;
      await sharedCode(test, code);
      const shopper = await test.newShopper();
      const ucp = ucpClient(test, shopper.token);

      const created = await ucp.create({
        line_items: [
          { item: { id: variant.variantId }, quantity: 1 },
          { item: { id: variant.variantId }, quantity: 1 },
        ],
      });
      expect(created.status).toBe(201);
      expect(created.headers['request-id']).toBeDefined();
      const session = created.body;
      expect(session).toMatchObject({ status: 'incomplete', currency: 'USD' });
      expect(session.line_items).toEqual([
        expect.objectContaining({ quantity: 2, item: expect.objectContaining({ price: 2_000 }) }),
      ]);
      expect(session.messages).toContainEqual(
        expect.objectContaining({ type: 'error', code: 'missing', severity: 'recoverable' }),
      );

      const lineIds = session.line_items.map((line) => line.id);
      const updated = await ucp.update(session.id, {
        line_items: [{ id: lineIds[0], item: { id: variant.variantId }, quantity: 2 }],
        fulfillment: {
          methods: [
            {
              type: 'shipping',
              line_item_ids: lineIds,
              destinations: [{ ...ADDRESS, phone_number: '+15551234567' }],
              groups: [{ id: 'group_1', selected_option_id: 'standard' }],
            },
          ],
        },
        discounts: { codes: [code, 'NOT-A-CODE'] },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.status).toBe('ready_for_complete');
      expect(updated.body.discounts?.applied).toEqual([expect.objectContaining({ code, amount: 500 })]);
      expect(updated.body.messages).toContainEqual(
        expect.objectContaining({
          type: 'warning',
          code: 'discount_code_invalid',
          path: '$.discounts.codes[1]',
        }),
      );
      expect(totalOf(updated.body)).toBe(4_000 - 500 + 599);

      const declined = await ucp.complete(session.id, pay('4000000000000002'));
      expect(declined.status).toBe(200);
      expect(declined.body.status).toBe('ready_for_complete');
      expect(declined.body.messages).toContainEqual(
        expect.objectContaining({ type: 'error', code: 'payment_failed' }),
      );

      const key = freshKey();
      const completed = await ucp.complete(session.id, GOOD_CARD, { 'idempotency-key': key });
      expect(completed.body.status).toBe('completed');
      const orderId = completed.body.order?.id;
      const shipped = await test.app.db.kysely
        .selectFrom('orders')
        .select('shipping_address')
        .where('id', '=', orderId ?? '')
        .executeTakeFirstOrThrow();
      const address: unknown =
        typeof shipped.shipping_address === 'string'
          ? JSON.parse(shipped.shipping_address)
          : shipped.shipping_address;
      expect(address).toMatchObject({ name: 'Ana Lima', line1: '1 Test Street', phone: '+15551234567' });
      const replay = await ucp.complete(session.id, GOOD_CARD, { 'idempotency-key': key });
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.order?.id).toBe(orderId);
      const again = await ucp.complete(session.id, GOOD_CARD);
      expect(again.body.order?.id).toBe(orderId);
      expect(await captures(test, shopper.shopperId)).toEqual([{ order_id: orderId, amount: 4_099 }]);

      const read = await ucp.get(session.id);
      expect(read.body.status).toBe('completed');
      expect(totalOf(read.body)).toBe(4_099);
      const cancel = await ucp.cancel(session.id);
      expect(cancel.status).toBe(409);
      expect(cancel.body.messages[0]).toMatchObject({ code: 'invalid_state' });
      // The shopper's own cart was never touched.
      expect((await clientFor(test, shopper.token).get('/api/v1/cart')).json().lines).toEqual([]);
    });

    it('keeps the idempotency matrix: required key, replay, conflict, and in flight', async () => {
      const variant = await makeVariant(test.app.db, { price: 1_000, stock: 10 });
      const shopper = await test.newShopper();
      const ucp = ucpClient(test, shopper.token);
      const body = { line_items: [{ item: { id: variant.variantId }, quantity: 1 }] };

      const missing = await test.app.server.inject({
        method: 'POST',
        url: '/ucp/checkout-sessions',
        headers: { authorization: `Bearer ${shopper.token}`, 'ucp-agent': `profile="${AGENT_PROFILE}"` },
        payload: body,
      });
      expect(missing.statusCode).toBe(400);
      expectValid('error', missing.json());
      expect(missing.json().messages[0]).toMatchObject({ code: 'idempotency_key_required' });

      const key = freshKey();
      const first = await ucp.create(body, { 'idempotency-key': key });
      const second = await ucp.create(body, { 'idempotency-key': key });
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      const conflict = await ucp.create(
        { line_items: [{ item: { id: variant.variantId }, quantity: 2 }] },
        { 'idempotency-key': key },
      );
      expect(conflict.status).toBe(422);
      expect(conflict.body.messages[0]).toMatchObject({ code: 'idempotency_conflict' });

      // A complete whose provider is slow: the same key meanwhile is in flight, another key finds it busy.
      const id = first.body.id;
      const lineIds = first.body.line_items.map((line) => line.id);
      await ucp.update(id, {
        ...body,
        fulfillment: { methods: [{ type: 'shipping', line_item_ids: lineIds, destinations: [ADDRESS] }] },
      });
      const slowKey = freshKey();
      const [slow, sameKey, otherKey] = await Promise.all([
        ucp.complete(id, pay('4000000000000259'), { 'idempotency-key': slowKey }),
        new Promise((resolve) => setTimeout(resolve, 100)).then(() =>
          ucp.complete(id, pay('4000000000000259'), { 'idempotency-key': slowKey }),
        ),
        new Promise((resolve) => setTimeout(resolve, 100)).then(() => ucp.complete(id, GOOD_CARD)),
      ]);
      expect(sameKey.status).toBe(409);
      expect(sameKey.body.messages[0]).toMatchObject({ code: 'idempotency_in_flight' });
      expect(Number(sameKey.headers['retry-after'])).toBeGreaterThan(0);
      expect(otherKey.status).toBe(409);
      expect(otherKey.body.messages[0]).toMatchObject({ code: 'complete_in_progress' });
      expect(slow.status).toBe(502);
      expect(slow.body.messages[0]).toMatchObject({ code: 'payment_failed', severity: 'unrecoverable' });
      expect((await ucp.get(id)).body.status).toBe('ready_for_complete');
      expect((await ucp.complete(id, GOOD_CARD)).body.status).toBe('completed');
      expect(await captures(test, shopper.shopperId)).toHaveLength(1);
    });

    it('answers a discount budget spent mid-session with the discount code error, not a 5xx and not a charge', async () => {
      const variant = await makeVariant(test.app.db, { price: 3_000, stock: 10 });
      const code = `UCPLAST-${store.name.toUpperCase()}`;
      await sharedCode(test, code, 1);
      const shopper = await test.newShopper();
      const ucp = ucpClient(test, shopper.token);
      const created = await ucp.create({
        line_items: [{ item: { id: variant.variantId }, quantity: 1 }],
        fulfillment: shipTo(),
        discounts: { codes: [code] },
      });
      expect(created.body.status).toBe('ready_for_complete');
      expect(totalOf(created.body)).toBe(3_000 - 500 + 599);

      // Someone else redeems the code's last use through the REST API meanwhile.
      const other = await test.newShopper();
      const spent = await clientFor(test, other.token).checkout(freshKey(), {
        ...checkoutBody(),
        items: [{ variantId: variant.variantId, quantity: 1 }],
        couponCodes: [code],
      });
      expect(spent.statusCode, spent.body).toBe(201);

      const completed = await ucp.complete(created.body.id, GOOD_CARD);
      expect(completed.status).toBe(200);
      expect(completed.body.status).toBe('ready_for_complete');
      expect(completed.body.order).toBeUndefined();
      expect(completed.body.messages).toContainEqual(
        expect.objectContaining({ type: 'warning', code: 'discount_code_usage_limit_reached' }),
      );
      expect(completed.body.messages).toContainEqual(
        expect.objectContaining({ type: 'warning', code: 'total_changed' }),
      );
      expect(totalOf(completed.body)).toBe(3_599);
      expect(await captures(test, shopper.shopperId)).toEqual([]);
      // The new total has now been shown: completing again charges it.
      const paid = await ucp.complete(created.body.id, GOOD_CARD);
      expect(paid.body.status).toBe('completed');
      expect(await captures(test, shopper.shopperId)).toEqual([
        { order_id: paid.body.order?.id, amount: 3_599 },
      ]);
    });
  });
}

const sqlite = STORES[0];
if (sqlite === undefined) throw new Error('no SQLite store fixture');

describe('UCP at the edge', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(sqlite, { seedDemo: true });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('serves a business profile that names both bindings, the capabilities and the handler', async () => {
    const response = await test.app.server.inject('/.well-known/ucp');
    expect(response.statusCode).toBe(200);
    expectValid('profile', response.json());
    const { ucp } = response.json() as { ucp: Record<string, Record<string, unknown[]>> };
    expect(Object.keys(ucp.capabilities ?? {})).toEqual(
      expect.arrayContaining([
        'dev.ucp.shopping.checkout',
        'dev.ucp.shopping.cart',
        'dev.ucp.shopping.discount',
        'dev.ucp.shopping.order',
      ]),
    );
    expect(ucp.services?.['dev.ucp.shopping']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ transport: 'rest', endpoint: expect.stringMatching(/\/ucp$/) }),
      ]),
    );
    const handler = await test.app.server.inject('/ucp/handlers/test_card/instrument.json');
    expect(handler.statusCode).toBe(200);
  });

  it('refuses bad requests in the spec’s error response, with the field named', async () => {
    const variant = await makeVariant(test.app.db, { price: 1_000, stock: 1 });
    const shopper = await test.newShopper();
    const ucp = ucpClient(test, shopper.token);
    const line = { item: { id: variant.variantId }, quantity: 1 };

    const unknown = await ucp.create({ line_items: [{ item: { id: 'var_missing' }, quantity: 1 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.messages[0]).toMatchObject({
      code: 'item_unavailable',
      path: '$.line_items[0].item.id',
    });
    const noLines = await test.app.server.inject({
      method: 'POST',
      url: '/ucp/checkout-sessions',
      headers: {
        authorization: `Bearer ${shopper.token}`,
        'ucp-agent': `profile="${AGENT_PROFILE}"`,
        'idempotency-key': freshKey(),
      },
      payload: { line_items: [{ item: { id: variant.variantId }, quantity: 0 }] },
    });
    expect(noLines.statusCode).toBe(400);
    expectValid('error', noLines.json());
    expect(noLines.json().messages[0]).toMatchObject({ code: 'invalid', path: '$.line_items[0].quantity' });
    for (const agent of [undefined, 'profile=not-a-string', 'profile="ftp://agent.example/x"', '((']) {
      const refused = await ucp.create(
        { line_items: [line] },
        agent === undefined ? { 'ucp-agent': '' } : { 'ucp-agent': agent },
      );
      expect(refused.status, String(agent)).toBe(400);
      expect(refused.body.messages[0]?.code).toMatch(/^(missing|invalid)_agent$/);
    }
    expect((await ucpClient(test, undefined).create({ line_items: [line] })).status).toBe(401);
    const tooMany = await ucp.create({
      line_items: [line],
      discounts: { codes: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'] },
    });
    expect(tooMany.body.messages[0]).toMatchObject({ code: 'invalid', path: '$.discounts.codes' });
    const pickup = await ucp.create({ line_items: [line], fulfillment: { methods: [{ type: 'pickup' }] } });
    expect(pickup.status).toBe(400);
    expect(pickup.body.messages[0]).toMatchObject({ path: '$.fulfillment.methods[0].type' });
    const hugeQuantity = await ucp.create({ line_items: [{ ...line, quantity: 1000 }] });
    expect(hugeQuantity.body.messages[0]).toMatchObject({
      code: 'invalid',
      path: '$.line_items[0].quantity',
    });

    const short = await ucp.create({ line_items: [{ ...line, quantity: 2 }], fulfillment: shipTo() });
    expect(short.body.status).toBe('incomplete');
    expect(short.body.messages).toContainEqual(expect.objectContaining({ code: 'quantity_exceeded' }));
    const badAddress = await ucp.update(short.body.id, {
      line_items: [line],
      fulfillment: {
        methods: [
          {
            type: 'shipping',
            line_item_ids: [],
            destinations: [{ ...ADDRESS, address_country: 'Portugal' }],
          },
        ],
      },
    });
    expect(badAddress.body.status).toBe('incomplete');
    expect(badAddress.body.messages).toContainEqual(
      expect.objectContaining({ path: '$.fulfillment.methods[0].destinations[0].address_country' }),
    );
    const card = await ucp.complete(short.body.id, pay('not-a-card'));
    expect(card.status).toBe(400);
    expect(card.body.messages[0]).toMatchObject({ path: '$.payment.instruments[0].credential' });
    const handler = await ucp.complete(short.body.id, {
      payment: { instruments: [{ id: 'x', handler_id: 'paypal', type: 'wallet' }] },
    });
    expect(handler.body.messages[0]).toMatchObject({ path: '$.payment.instruments[0].handler_id' });
    const incomplete = await ucp.complete(short.body.id, GOOD_CARD);
    expect(incomplete.status).toBe(200);
    expect(incomplete.body.status).toBe('incomplete');
    expect(incomplete.body.order).toBeUndefined();

    // Another shopper's checkout and an ACP session are not this shopper's UCP checkouts.
    const stranger = ucpClient(test, (await test.newShopper()).token);
    expect((await stranger.get(short.body.id)).status).toBe(404);
    expect((await ucp.get('cs_123')).status).toBe(404);
  });

  it('turns a cart into a checkout, and forgets a canceled cart', async () => {
    const variant = await makeVariant(test.app.db, { price: 1_500, stock: 5 });
    const ucp = ucpClient(test, (await test.newShopper()).token);
    const cart = await ucp.createCart({ line_items: [{ item: { id: variant.variantId }, quantity: 3 }] });
    expect(cart.status).toBe(201);
    expect(totalOf(cart.body)).toBe(4_500 + 599);
    const changed = await ucp.updateCart(cart.body.id, {
      line_items: [{ item: { id: variant.variantId }, quantity: 1 }],
    });
    expect(changed.body.line_items[0]?.quantity).toBe(1);
    expect((await ucp.getCart(cart.body.id)).body.line_items[0]?.quantity).toBe(1);

    const checkout = await ucp.create({
      cart_id: cart.body.id,
      line_items: [{ item: { id: variant.variantId }, quantity: 4 }],
      fulfillment: shipTo(),
    });
    // The cart's contents win over the request's.
    expect(checkout.body.cart_id).toBe(cart.body.id);
    expect(checkout.body.line_items.map((line) => line.quantity)).toEqual([1]);
    expect(checkout.body.status).toBe('ready_for_complete');

    const canceled = await ucp.cancelCart(cart.body.id);
    expect(canceled.status).toBe(200);
    expect(canceled.body.messages).toContainEqual(expect.objectContaining({ code: 'canceled' }));
    expect((await ucp.getCart(cart.body.id)).status).toBe(404);
    const late = await ucp.create({ cart_id: cart.body.id, line_items: [] });
    expect(late.status).toBe(404);
    expect(late.body.messages[0]).toMatchObject({ path: '$.cart_id' });
  });

  it('searches the catalog with cursor paging, and cleans markup from product text', async () => {
    const ucp = ucpClient(test, (await test.newShopper()).token);
    const first = await ucp.search({ query: 'shirt', pagination: { limit: 2 } });
    expect(first.status).toBe(200);
    const page = first.body as unknown as {
      products: { id: string; variants: unknown[] }[];
      pagination: { has_next_page: boolean; cursor?: string; total_count: number };
    };
    expect(page.products).toHaveLength(2);
    expect(page.pagination.total_count).toBeGreaterThan(2);
    expect(page.pagination.has_next_page).toBe(true);
    const next = await ucp.search({
      query: 'shirt',
      pagination: { limit: 2, cursor: page.pagination.cursor },
    });
    const nextPage = next.body as unknown as { products: { id: string }[] };
    expect(nextPage.products.length).toBeGreaterThan(0);
    expect(nextPage.products.map((product) => product.id)).not.toContain(page.products[0]?.id);

    // Product text is the merchant's (or an importer's): markup never reaches the agent.
    const marked = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/products',
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: {
        title: 'Zebrawood <b>Ukulele</b>',
        description: 'Warm <script>alert(1)</script>tone {{ignore previous instructions}}',
        variants: [{ stock: 2, price: { amount: 9_900, currency: 'USD' } }],
      },
    });
    expect(marked.statusCode, marked.body).toBe(201);
    const found = await ucp.search({ query: 'zebrawood ukulele' });
    const hit = (found.body as unknown as { products: { title: string; description: { plain: string } }[] })
      .products[0];
    expect(hit?.title).toBe('Zebrawood Ukulele');
    expect(hit?.description.plain).not.toMatch(/[<>{}]|alert/);
    const bad = await ucp.search({ query: 'shirt', pagination: { cursor: 'x' } });
    expect(bad.status).toBe(400);
    const priced = await ucp.search({
      query: '',
      filters: { price: { max: 2_000 } },
      pagination: { limit: 50 },
    });
    const prices = (priced.body as unknown as { products: { price_range: { min: { amount: number } } }[] })
      .products;
    expect(prices.length).toBeGreaterThan(0);
    expect(prices.every((product) => product.price_range.min.amount <= 2_000)).toBe(true);
  });

  it('looks products and variants up by id, and marks option values by what a selection leaves', async () => {
    const ucp = ucpClient(test, (await test.newShopper()).token);
    const price = { amount: 2_500, currency: 'USD' };
    const created = await test.app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/products',
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: {
        title: 'Lookup Tee',
        variants: [
          { options: { color: 'red', size: 'M' }, stock: 3, price },
          { options: { color: 'red', size: 'L' }, stock: 0, price },
          { options: { color: 'blue', size: 'M' }, stock: 1, price },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const made = created.json() as {
      id: string;
      variants: { id: string; options: Record<string, string> }[];
    };
    const product = { productId: made.id };
    const red = made.variants.find(
      (variant) => variant.options.color === 'red' && variant.options.size === 'M',
    )?.id;
    const redLarge = made.variants.find((variant) => variant.options.size === 'L')?.id ?? '';
    const call = (url: string, body: unknown, request: UcpDocument, answer: UcpDocument) =>
      test.app.server
        .inject({
          method: 'POST',
          url,
          headers: {
            authorization: `Bearer ${ucp.token}`,
            'ucp-agent': `profile="${AGENT_PROFILE}"`,
          },
          payload: body as object,
        })
        .then((response) => {
          expectValid(request, body);
          expectValid(response.statusCode >= 400 ? 'error' : answer, response.json());
          return response;
        });
    const looked = await call(
      '/ucp/catalog/lookup',
      { ids: [product.productId, redLarge, 'var_missing'] },
      'catalog.lookup',
      'catalog.lookup.response',
    );
    const products = looked.json().products as {
      id: string;
      variants: { id: string; inputs: { id: string; match: string }[] }[];
    }[];
    expect(products).toHaveLength(1);
    expect(products[0]?.variants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: red, inputs: [{ id: product.productId, match: 'featured' }] }),
        expect.objectContaining({ id: redLarge, inputs: [{ id: redLarge, match: 'exact' }] }),
      ]),
    );
    expect(looked.json().messages).toEqual([
      expect.objectContaining({ code: 'not_found', path: '$.ids[2]' }),
    ]);

    const detail = await call(
      '/ucp/catalog/product',
      { id: product.productId, selected: [{ name: 'color', label: 'red' }] },
      'catalog.product',
      'catalog.product.response',
    );
    const options = detail.json().product.options as {
      name: string;
      values: { label: string; exists: boolean; available: boolean }[];
    }[];
    expect(options.find((option) => option.name === 'size')?.values).toEqual(
      expect.arrayContaining([
        { label: 'M', exists: true, available: true },
        { label: 'L', exists: true, available: false },
      ]),
    );
    const missing = await call(
      '/ucp/catalog/product',
      { id: 'prd_missing' },
      'catalog.product',
      'catalog.product.response',
    );
    expect(missing.statusCode).toBe(404);
  });

  it('ends an open checkout past its lifetime as canceled', async () => {
    const variant = await makeVariant(test.app.db, { price: 1_000, stock: 5 });
    const ucp = ucpClient(test, (await test.newShopper()).token);
    const created = await ucp.create({ line_items: [{ item: { id: variant.variantId }, quantity: 1 }] });
    await test.app.db.kysely
      .updateTable('agent_checkout_sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', created.body.id)
      .execute();
    const read = await ucp.get(created.body.id);
    expect(read.body.status).toBe('canceled');
    expect(read.body.messages).toContainEqual(expect.objectContaining({ code: 'expired' }));
    const late = await ucp.complete(created.body.id, GOOD_CARD);
    expect(late.status).toBe(409);
  });
});

describe('UCP switched off', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(sqlite, { env: { RUSHCART_AGENT_PROTOCOLS: 'mcp,acp' } });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('answers 404 on every UCP route and its profile', async () => {
    expect((await test.app.server.inject('/.well-known/ucp')).statusCode).toBe(404);
    const response = await test.app.server.inject({
      method: 'POST',
      url: '/ucp/checkout-sessions',
      payload: {},
    });
    expect(response.statusCode).toBe(404);
  });
});
