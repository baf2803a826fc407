import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../eval/agents/mcp-shopper.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { ADDRESS, checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const CARD = '4242424242424242';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`which channel placed an order, on ${store.name}`, () => {
    let test: TestApp;
    let base: string;
    beforeAll(async () => {
      test = await startTestApp(store);
      base = await test.app.server.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await test?.close();
    });

    it('records web, MCP and ACP orders as such, and the console can list each', async () => {
      const variant = await makeVariant(test.app.db, { price: 2_000, stock: 10 });
      const item = { variantId: variant.variantId, quantity: 1 };

      const web = await test.newShopper();
      const placed = await clientFor(test, web.token).checkout(`web-${Date.now()}`, {
        ...checkoutBody(),
        items: [item],
      });
      expect(placed.json().channel).toBe('web');

      const agent = await test.newShopper();
      const mcp = await connectAgent(base, agent.token);
      await mcp.callTool({ name: 'add_to_cart', arguments: item });
      const args = { cardNumber: CARD, shippingAddress: ADDRESS };
      const preview = await mcp.callTool({ name: 'checkout', arguments: args });
      const token = (preview.structuredContent as { confirmation: { confirmationToken: string } })
        .confirmation.confirmationToken;
      const viaMcp = await mcp.callTool({
        name: 'checkout',
        arguments: { ...args, confirmationToken: token },
      });
      const mcpOrderId = (viaMcp.structuredContent as { order: { orderId: string } }).order.orderId;
      await mcp.close();

      const acpHeaders = {
        authorization: `Bearer ${agent.token}`,
        'api-version': '2026-04-17',
        'content-type': 'application/json',
      };
      const session = await fetch(`${base}/acp/checkout_sessions`, {
        method: 'POST',
        headers: { ...acpHeaders, 'idempotency-key': `acp-${Date.now()}-1` },
        body: JSON.stringify({
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
        }),
      }).then((response) => response.json() as Promise<{ id: string }>);
      const completed = await fetch(`${base}/acp/checkout_sessions/${session.id}/complete`, {
        method: 'POST',
        headers: { ...acpHeaders, 'idempotency-key': `acp-${Date.now()}-2` },
        body: JSON.stringify({
          payment_data: {
            handler_id: 'test_card',
            instrument: { type: 'card', credential: { type: 'test_card', token: CARD } },
          },
        }),
      }).then((response) => response.json() as Promise<{ order: { id: string } }>);

      const admin = { authorization: `Bearer ${test.adminKey}` };
      const listed = async (channel: string) =>
        (
          (
            await test.app.server.inject({ url: `/api/v1/admin/orders?channel=${channel}`, headers: admin })
          ).json() as {
            items: { id: string; channel: string }[];
          }
        ).items.map((order) => [order.id, order.channel]);
      expect(await listed('web')).toEqual([[placed.json().id, 'web']]);
      expect(await listed('mcp')).toEqual([[mcpOrderId, 'mcp']]);
      expect(await listed('acp')).toEqual([[completed.order.id, 'acp']]);
      expect(await listed('assistant')).toEqual([]);
      const refused = await test.app.server.inject({
        url: '/api/v1/admin/orders?channel=fax',
        headers: admin,
      });
      expect(refused.statusCode).toBe(400);
    });
  });
}
