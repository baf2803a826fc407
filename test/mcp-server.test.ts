import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, runMcpShopper } from '../eval/agents/mcp-shopper.js';
import { DEFAULT_RATE_LIMITS } from '../src/admission/index.js';
import { createLiveCampaign, deliverOrder } from './helpers/assistant-chat.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { ADDRESS } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const CARD = '4242424242424242';
const READ_TOOLS = [
  'get_checkout_session',
  'search_products',
  'get_product',
  'view_cart',
  'list_offers',
  'view_wallet',
  'list_orders',
  'get_order',
];
const MONEY_TOOLS = ['checkout', 'cancel_order', 'return_items', 'complete_checkout_session'];
// ACP's MCP binding (openrpc.agentic_checkout.json), served beside the store tools.
const ACP_TOOLS = [
  'create_checkout_session',
  'get_checkout_session',
  'update_checkout_session',
  'complete_checkout_session',
  'cancel_checkout_session',
];

/** The parts of tool answers these tests read. */
interface Answer {
  status?: string;
  error?: { code: string; details?: Record<string, number> };
  confirmation?: { summary: string; confirmationToken: string };
  order?: { orderId: string; status: string };
  orders?: unknown[];
  return?: { returnId: string; status: string };
  cart?: { lines: { quantity: number }[] };
  coupons?: unknown[];
  items?: { title: string }[];
}

/** The value, or a failed test naming what was missing. */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}
const tokenOf = (answer: Answer) => need(answer.confirmation, 'a confirmation').confirmationToken;

/** Calls a tool and answers its structured content with whether it was refused. */
async function callTool(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  return { isError: result.isError === true, value: (result.structuredContent ?? {}) as Answer, result };
}

async function listen(test: TestApp): Promise<string> {
  return test.app.server.listen({ port: 0, host: '127.0.0.1' });
}

async function newSession(base: string): Promise<{ token: string; shopperId: string }> {
  const response = await fetch(`${base}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as { token: string; shopper: { id: string } };
  return { token: body.token, shopperId: body.shopper.id };
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `a scripted outside agent over MCP on ${store.name}`,
    () => {
      let test: TestApp;
      let base: string;
      beforeAll(async () => {
        test = await startTestApp(store, { seedDemo: true });
        base = await listen(test);
      });
      afterAll(async () => {
        await test?.close();
      });

      for (const legacy of [false, true]) {
        it(`searches, fills the cart, claims and applies a coupon, checks out once, cancels (${legacy ? '2025 handshake' : '2026-07-28'})`, async () => {
          const run = await runMcpShopper(base, { legacy });
          expect(run.protocolVersion).toBe(legacy ? '2025-11-25' : '2026-07-28');
          expect(run.confirmedOrderIds[1]).toBe(run.confirmedOrderIds[0]);
          expect(run.finalStatus).toBe('cancelled');
          const order = await test.app.db.kysely
            .selectFrom('orders')
            .select(['shopper_id', 'discount'])
            .where('id', '=', run.orderId)
            .executeTakeFirstOrThrow();
          expect(order.discount).toBeGreaterThan(0);
          // The confirmed checkout was sent twice: one order and one capture, refunded once by the cancel.
          const orders = await test.app.db.kysely
            .selectFrom('orders')
            .select('id')
            .where('shopper_id', '=', order.shopper_id)
            .where('status', '!=', 'cancelled')
            .execute();
          expect(orders).toEqual([]);
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
          const allOrders = await test.app.db.kysely
            .selectFrom('orders')
            .select('id')
            .where('shopper_id', '=', order.shopper_id)
            .execute();
          expect(allOrders).toHaveLength(1);
        });
      }
    },
  );
}

const sqlite = STORES[0];
if (sqlite === undefined) throw new Error('no SQLite store fixture');

describe('the MCP server', () => {
  let test: TestApp;
  let base: string;
  beforeAll(async () => {
    test = await startTestApp(sqlite, {
      seedDemo: true,
      admission: { holdMs: 0, room: { minAdmitRate: 1, maxAdmitRate: 1 } },
    });
    base = await listen(test);
  });
  afterAll(async () => {
    await test?.close();
  });

  const agentFor = async () => {
    const session = await newSession(base);
    return { ...session, client: await connectAgent(base, session.token) };
  };
  const cartWith = async (client: Client, price = 2_500) => {
    const variant = await makeVariant(test.app.db, { price, stock: 10 });
    const added = await callTool(client, 'add_to_cart', { variantId: variant.variantId, quantity: 1 });
    expect(added.isError, JSON.stringify(added.value)).toBe(false);
    return variant;
  };

  it('lists every tool with input and output schemas and honest annotations, none taking a shopper id', async () => {
    const { client } = await agentFor();
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    const expected = new Set([
      ...READ_TOOLS,
      ...MONEY_TOOLS,
      'add_to_cart',
      'update_cart_line',
      'apply_coupon',
      'claim_coupon',
      ...ACP_TOOLS,
    ]);
    expect(names).toEqual([...expected].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {}).join(), tool.name).not.toMatch(/shopper/i);
      expect(tool.description?.length ?? 0, tool.name).toBeGreaterThan(20);
      const hints = tool.annotations ?? {};
      if (READ_TOOLS.includes(tool.name)) expect(hints.readOnlyHint, tool.name).toBe(true);
      else expect(hints.readOnlyHint, tool.name).toBe(false);
      if (MONEY_TOOLS.includes(tool.name)) {
        expect(hints.destructiveHint, tool.name).toBe(true);
        expect(hints.idempotentHint, tool.name).toBe(true);
      }
    }
    expect(tools.find((tool) => tool.name === 'add_to_cart')?.annotations?.idempotentHint).toBe(false);
    await client.close();
  });

  it('refuses agents without a valid shopper token, from another origin, or a confirmation token as bearer', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body,
      });
    const anonymous = await post({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await anonymous.json()) as Answer).error?.code).toBe('UNAUTHENTICATED');

    const { client, token } = await agentFor();
    await cartWith(client);
    const preview = await callTool(client, 'checkout', { cardNumber: CARD, shippingAddress: ADDRESS });
    expect((await post({ authorization: `Bearer ${tokenOf(preview.value)}` })).status).toBe(401);

    const foreign = await post({ authorization: `Bearer ${token}`, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const malformed = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"jsonrpc":',
    });
    expect(malformed.status).toBe(400);
    const notRpc = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${token}`,
      },
      body: '{"hello":1}',
    });
    expect(notRpc.status).toBe(400);
    await client.close();
  });

  it('acts on a confirmation only for the shopper, action and arguments it was issued for', async () => {
    const alice = await agentFor();
    const bob = await agentFor();
    await cartWith(alice.client);
    await cartWith(bob.client);
    const args = { cardNumber: CARD, shippingAddress: ADDRESS };
    const preview = await callTool(alice.client, 'checkout', args);
    expect(preview.value.status).toBe('confirmation_required');
    const summary = need(preview.value.confirmation, 'a confirmation').summary;
    expect(summary).toMatch(/total \$\d+\.\d\d/);
    expect(summary).toContain('card ending 4242');
    expect(summary).toContain(ADDRESS.line1);
    const token = tokenOf(preview.value);

    const stolen = await callTool(bob.client, 'checkout', { ...args, confirmationToken: token });
    expect(stolen.value.error?.code).toBe('CONFIRMATION_INVALID');
    const elsewhere = await callTool(alice.client, 'checkout', {
      ...args,
      shippingAddress: { ...ADDRESS, line1: '9 Other Road' },
      confirmationToken: token,
    });
    expect(elsewhere.value.error?.code).toBe('CONFIRMATION_MISMATCH');
    const otherAction = await callTool(alice.client, 'cancel_order', {
      orderId: 'ord_x',
      confirmationToken: token,
    });
    expect(otherAction.value.error?.code).toBe('CONFIRMATION_INVALID');
    const session = await callTool(alice.client, 'checkout', { ...args, confirmationToken: alice.token });
    expect(session.value.error?.code).toBe('CONFIRMATION_INVALID');
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(
      (await callTool(alice.client, 'checkout', { ...args, confirmationToken: tampered })).value.error?.code,
    ).toBe('CONFIRMATION_INVALID');
    for (const agent of [alice, bob]) {
      expect((await callTool(agent.client, 'list_orders', {})).value.orders).toEqual([]);
    }

    const placed = await callTool(alice.client, 'checkout', { ...args, confirmationToken: token });
    expect(placed.isError, JSON.stringify(placed.value)).toBe(false);
    expect(placed.value.order?.status).toBe('paid');
    await alice.client.close();
    await bob.client.close();
  });

  it('does not charge a total the shopper did not see', async () => {
    const { client } = await agentFor();
    const variant = await cartWith(client);
    const args = { cardNumber: CARD, shippingAddress: ADDRESS };
    const preview = await callTool(client, 'checkout', args);
    await callTool(client, 'add_to_cart', { variantId: variant.variantId, quantity: 2 });
    const stale = await callTool(client, 'checkout', {
      ...args,
      confirmationToken: tokenOf(preview.value),
    });
    expect(stale.isError).toBe(true);
    expect(stale.value.error?.code).toBe('TOTAL_CHANGED');
    expect((await callTool(client, 'list_orders', {})).value.orders).toEqual([]);
    expect((await callTool(client, 'view_cart', {})).value.cart?.lines[0]?.quantity).toBe(3);
    await client.close();
  });

  it('does not buy other lines than the shopper saw, even at the same total', async () => {
    const { client } = await agentFor();
    await cartWith(client, 2_500);
    const args = { cardNumber: CARD, shippingAddress: ADDRESS };
    const preview = await callTool(client, 'checkout', args);
    // Another tab swaps the item for a different one at the same price.
    const cart = (await callTool(client, 'view_cart', {})).value.cart as unknown as {
      lines: { lineId: string }[];
    };
    await callTool(client, 'update_cart_line', { lineId: cart.lines[0]?.lineId, quantity: 0 });
    await cartWith(client, 2_500);
    const swapped = await callTool(client, 'checkout', {
      ...args,
      confirmationToken: tokenOf(preview.value),
    });
    expect(swapped.value.error?.code).toBe('TOTAL_CHANGED');
    expect((await callTool(client, 'list_orders', {})).value.orders).toEqual([]);
    await client.close();
  });

  it('returns delivered lines only after the confirmed call, once', async () => {
    const { client } = await agentFor();
    await cartWith(client, 4_000);
    const args = { cardNumber: CARD, shippingAddress: ADDRESS };
    const preview = await callTool(client, 'checkout', args);
    const placed = await callTool(client, 'checkout', { ...args, confirmationToken: tokenOf(preview.value) });
    const orderId = need(placed.value.order, 'an order').orderId;
    const notYet = await callTool(client, 'return_items', { orderId, reason: 'too small' });
    expect(notYet.value.error?.code).toBe('ORDER_NOT_RETURNABLE');
    await deliverOrder(test, orderId);

    const returnArgs = { orderId, reason: 'too small' };
    const summary = await callTool(client, 'return_items', returnArgs);
    expect(summary.value.status).toBe('confirmation_required');
    expect(summary.value.confirmation?.summary).toMatch(/\$40\.00 is refunded/);
    expect((await callTool(client, 'get_order', { orderId })).value.order?.status).toBe('delivered');
    const confirmed = { ...returnArgs, confirmationToken: tokenOf(summary.value) };
    const first = await callTool(client, 'return_items', confirmed);
    expect(first.isError, JSON.stringify(first.value)).toBe(false);
    expect(first.value.return).toMatchObject({
      status: 'requested',
      refund: { amount: 4_000, currency: 'USD' },
    });
    const retried = await callTool(client, 'return_items', confirmed);
    expect(retried.value.return?.returnId).toBe(first.value.return?.returnId);
    const returns = await test.app.db.kysely
      .selectFrom('order_returns')
      .select('id')
      .where('order_id', '=', orderId)
      .execute();
    expect(returns).toHaveLength(1);
    await client.close();
  });

  it('answers bad arguments and unknown ids as refusals, never as server errors', async () => {
    const { client } = await agentFor();
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      ['add_to_cart', { variantId: 'var_missing', quantity: 1 }, 'VARIANT_NOT_FOUND'],
      ['add_to_cart', { variantId: 'x', quantity: -1 }, undefined],
      ['add_to_cart', { variantId: 'x', quantity: 1, shopperId: 'shp_other' }, undefined],
      ['get_product', { productId: 'prd_missing' }, 'PRODUCT_NOT_FOUND'],
      ['get_order', { orderId: 'ord_missing' }, 'ORDER_NOT_FOUND'],
      ['cancel_order', { orderId: 'ord_missing' }, 'ORDER_NOT_FOUND'],
      ['checkout', { cardNumber: CARD, shippingAddress: ADDRESS }, 'CART_EMPTY'],
      ['checkout', { cardNumber: 'x', shippingAddress: ADDRESS }, undefined],
      ['apply_coupon', { code: 'NOPE' }, 'COUPON_NOT_FOUND'],
      ['claim_coupon', { campaignId: 'cmp_missing', idempotencyKey: 'k1' }, 'CAMPAIGN_NOT_FOUND'],
      ['claim_coupon', { campaignId: 'cmp_demo_welcome', idempotencyKey: 'has space' }, undefined],
      ['search_products', { query: 'x'.repeat(201) }, undefined],
    ];
    for (const [name, args, code] of cases) {
      const answer = await callTool(client, name, args);
      expect(answer.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      if (code !== undefined) expect(answer.value.error?.code, name).toBe(code);
      else expect(JSON.stringify(answer.result.content)).toMatch(/validation/i);
    }
    await client.close();
  });

  it('claims through the campaign’s waiting room: a shopper behind the queue gets a place, not a coupon', async () => {
    const campaignId = await createLiveCampaign(test, 'Agents queue');
    const room = await test.app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/campaigns/${campaignId}/waiting-room`,
      headers: { authorization: `Bearer ${test.adminKey}` },
      payload: { mode: 'on' },
    });
    expect(room.statusCode, room.body).toBe(200);
    for (let index = 0; index < 5; index++) {
      const shopper = await test.newShopper({ deviceId: `queue-${index}` });
      const queued = await test.app.server.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/claims`,
        headers: { authorization: `Bearer ${shopper.token}`, 'idempotency-key': `queue-${index}` },
        payload: {},
      });
      expect(queued.statusCode, queued.body).toBe(428);
    }
    const { client } = await agentFor();
    const claim = await callTool(client, 'claim_coupon', { campaignId, idempotencyKey: 'agent-1' });
    expect(claim.isError).toBe(true);
    expect(claim.value.error?.code).toBe('QUEUE_TICKET_REQUIRED');
    expect(claim.value.error?.details?.position).toBeGreaterThan(1);
    expect((await callTool(client, 'view_wallet', {})).value.coupons).toEqual([]);
    await client.close();
  });

  it('answers tools/list and a tools/call to the MCP inspector CLI', async () => {
    const { token } = await newSession(base);
    const cli = fileURLToPath(import.meta.resolve('@modelcontextprotocol/inspector-cli/package.json'));
    const build = join(dirname(cli), 'build');
    const inspect = async (...args: string[]) => {
      // The CLI finds its own package.json relative to the working directory.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          join(build, 'index.js'),
          `${base}/mcp`,
          '--transport',
          'http',
          '--header',
          `Authorization: Bearer ${token}`,
          ...args,
        ],
        { cwd: build, timeout: 30_000 },
      );
      return JSON.parse(stdout) as { tools?: { name: string }[]; structuredContent?: Answer };
    };
    const listed = await inspect('--method', 'tools/list');
    expect(listed.tools?.map((tool) => tool.name)).toContain('checkout');
    const found = await inspect(
      '--method',
      'tools/call',
      '--tool-name',
      'search_products',
      '--tool-arg',
      'query=water bottle',
    );
    expect(found.structuredContent?.items?.[0]?.title).toMatch(/water bottle/i);
  });
});

describe('a merchant who switched MCP off', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(sqlite, { env: { RUSHCART_AGENT_PROTOCOLS: 'none' } });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('answers 404 at /mcp', async () => {
    const shopper = await test.newShopper();
    const response = await test.app.server.inject({
      method: 'POST',
      url: '/mcp',
      headers: { authorization: `Bearer ${shopper.token}` },
      payload: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error?.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('an agent over its rate limit', () => {
  let test: TestApp;
  beforeAll(async () => {
    const shopper = { ...DEFAULT_RATE_LIMITS.shopper, agent: { points: 3, durationSeconds: 60 } };
    test = await startTestApp(sqlite, { admission: { rateLimits: { ...DEFAULT_RATE_LIMITS, shopper } } });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('is answered 429 with Retry-After, before the MCP server runs', async () => {
    const shopper = await test.newShopper();
    const call = () =>
      test.app.server.inject({
        method: 'POST',
        url: '/mcp',
        headers: {
          authorization: `Bearer ${shopper.token}`,
          accept: 'application/json, text/event-stream',
        },
        payload: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      });
    for (let index = 0; index < 3; index++) expect((await call()).statusCode).toBe(200);
    const limited = await call();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    // Another shopper's agent is not held back by this one.
    const other = await test.newShopper();
    const fresh = await test.app.server.inject({
      method: 'POST',
      url: '/mcp',
      headers: { authorization: `Bearer ${other.token}`, accept: 'application/json, text/event-stream' },
      payload: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(fresh.statusCode).toBe(200);
  });
});
