import { afterAll, describe, expect, it } from 'vitest';
import { runAcpShopper } from '../eval/agents/acp-shopper.js';
import { runMcpShopper } from '../eval/agents/mcp-shopper.js';
import { TEST_CARDS } from '../src/commerce/index.js';
import type { Db } from '../src/storage/dialect.js';
import { ADDRESS } from './helpers/commerce-client.js';
import { type Node, startNode } from './helpers/crash-node.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

const store = STORES[0];

/** Every way a card number could be written down: plain, grouped by four, dashed. */
function spellings(number: string): string[] {
  const groups = number.match(/.{1,4}/g) ?? [];
  return [number, groups.join(' '), groups.join('-')];
}

/** Every row of every table, as text. */
async function dumpDatabase(db: Db): Promise<string> {
  const tables = await db.kysely.introspection.getTables();
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await db.kysely
      .selectFrom(table.name as 'orders')
      .selectAll()
      .execute();
    parts.push(`${table.name}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

describe.skipIf(store === undefined || store.skipReason !== undefined)(
  'no card number in the database, the logs, the events or the answers',
  () => {
    let database: FreshDatabase | undefined;
    let node: Node | undefined;
    let db: Db | undefined;
    afterAll(async () => {
      if (node !== undefined && node.child.exitCode === null) node.child.kill('SIGKILL');
      await node?.exited;
      await db?.close();
      await database?.dispose();
    });

    it('keeps only tokens and last 4 digits, on every way in', { timeout: 120_000 }, async () => {
      if (store === undefined) return;
      database = await store.freshDatabase();
      // Debug logs are the most a merchant would turn on; the demo store gives the agents products.
      node = await startNode(database, { RUSHCART_SEED_DEMO: 'true', RUSHCART_LOG_LEVEL: 'debug' });
      const base = node.base;
      const said: string[] = [];
      const send = async (
        path: string,
        token: string,
        body: unknown,
        headers: Record<string, string> = {},
      ) => {
        const response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        said.push(text);
        return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
      };
      const session = (await send('/api/v1/sessions', '', {})).json();
      const token = session.token as string;
      const found = (await (
        await fetch(`${base}/api/v1/products?q=water%20bottle&inStock=true&limit=1`)
      ).json()) as {
        items: { variants: { id: string; stock: number }[] }[];
      };
      const variantId = found.items[0]?.variants.find((variant) => variant.stock > 0)?.id ?? '';

      // REST: a card saved for its token, then checkouts paying by number, by token, and declined.
      const saved = await send('/api/v1/payment-methods', token, {
        type: 'test_card',
        number: TEST_CARDS.succeeds,
      });
      expect(saved.status).toBe(201);
      const card = saved.json() as { token: string; last4: string };
      expect(card).toMatchObject({ token: expect.stringMatching(/^tok_/), last4: '4242' });
      const express = (payment: unknown) => ({
        payment,
        shippingAddress: ADDRESS,
        items: [{ variantId, quantity: 1 }],
      });
      const byNumber = await send(
        '/api/v1/checkout',
        token,
        express({ type: 'test_card', number: TEST_CARDS.succeeds }),
        {
          'idempotency-key': 'card-data-number',
        },
      );
      expect(byNumber.status).toBe(201);
      expect(byNumber.json().payment).toEqual({ type: 'test_card', last4: '4242' });
      // A retry sending the number again is the same request: the key's record hashed the token.
      const replay = await send(
        '/api/v1/checkout',
        token,
        express({ type: 'test_card', number: TEST_CARDS.succeeds }),
        {
          'idempotency-key': 'card-data-number',
        },
      );
      expect(replay.status).toBe(201);
      expect(replay.json().id).toBe(byNumber.json().id);
      const byToken = await send(
        '/api/v1/checkout',
        token,
        express({ type: 'test_card', token: card.token }),
        {
          'idempotency-key': 'card-data-token',
        },
      );
      expect(byToken.status).toBe(201);
      const declined = await send(
        '/api/v1/checkout',
        token,
        express({ type: 'test_card', number: TEST_CARDS.declined }),
        {
          'idempotency-key': 'card-data-declined',
        },
      );
      expect(declined.status).toBe(402);
      const foreign = await send(
        '/api/v1/checkout',
        ((await send('/api/v1/sessions', '', {})).json().token as string) ?? '',
        express({ type: 'test_card', token: card.token }),
        { 'idempotency-key': 'card-data-foreign' },
      );
      expect(foreign.status).toBe(404);
      expect((foreign.json().error as { code: string }).code).toBe('PAYMENT_TOKEN_NOT_FOUND');

      // The assistant: the shopper types the number, grouped; the events stream as SSE.
      await send('/api/v1/cart/lines', token, { variantId, quantity: 1 });
      const chat = async (text: string, conversationId?: string) => {
        const answer = await send(
          '/api/v1/assistant/messages',
          token,
          conversationId === undefined ? { text } : { conversationId, text },
          { accept: 'text/event-stream' },
        );
        expect(answer.status).toBe(200);
        return /"conversationId":"([^"]+)"/.exec(answer.text)?.[1];
      };
      const conversationId = await chat(
        `check out, pay with card ${spellings(TEST_CARDS.succeeds)[1]}, ship to Ana Lima, 1 Test Street, Lisbon, 1000-001, PT`,
      );
      expect(conversationId).toBeDefined();
      await chat('yes', conversationId);
      const orders = (await (
        await fetch(`${base}/api/v1/orders`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { items: { channel: string }[] };
      expect(orders.items.filter((order) => order.channel === 'assistant')).toHaveLength(1);
      const staffView = await fetch(`${base}/api/v1/admin/conversations/${conversationId}`, {
        headers: { authorization: 'Bearer crash-test-admin-key' },
      });
      expect(staffView.status).toBe(200);
      const staffText = await staffView.text();
      expect(staffText).toContain('ending 4242');
      said.push(staffText);

      // Outside agents: the scripted MCP and ACP shoppers pay by card number (what they send is
      // theirs; what the server answers is checked).
      const mcp = await runMcpShopper(base, { log: (step) => said.push(JSON.stringify(step.result)) });
      expect(mcp.finalStatus).toBe('cancelled');
      const acp = await runAcpShopper(base, (step) => said.push(JSON.stringify(step.answer)));
      expect(acp.steps.length).toBeGreaterThan(0);

      db = await database.open();
      const everywhere = {
        database: await dumpDatabase(db),
        logs: node.output(),
        answers: said.join('\n'),
      };
      expect(everywhere.logs.length).toBeGreaterThan(0);
      expect(everywhere.database).toContain(card.token);
      for (const [where, text] of Object.entries(everywhere)) {
        for (const number of [TEST_CARDS.succeeds, TEST_CARDS.declined]) {
          for (const spelling of spellings(number)) {
            expect(text.includes(spelling), `${spelling} in the ${where}`).toBe(false);
          }
        }
      }
    });
  },
);
