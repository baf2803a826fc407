import { createConnection } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { makeVariant } from './helpers/catalog-factory.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const sqlite = STORES.find((store) => store.name === 'sqlite');

describe('graceful shutdown', () => {
  let test: TestApp | undefined;
  afterAll(async () => {
    await test?.close().catch(() => undefined);
  });

  it('finishes an in-flight checkout before closing, then refuses new connections', async () => {
    if (sqlite === undefined) throw new Error('the SQLite store is always available');
    test = await startTestApp(sqlite);
    const { server, db } = test.app;
    const variant = await makeVariant(db, { stock: 5 });
    const { token } = await test.newShopper();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
    const base = `http://127.0.0.1:${address.port}`;

    const added = await fetch(`${base}/api/v1/cart/lines`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ variantId: variant.variantId, quantity: 1 }),
    });
    expect(added.status).toBe(200);

    // The delayed-failure test card keeps the request in flight while the server is told to stop.
    const inFlight = fetch(`${base}/api/v1/checkout`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'shutdown-1' },
      body: JSON.stringify({
        payment: { type: 'test_card', number: '4000000000000259' },
        shippingAddress: {
          name: 'Ana Silva',
          line1: '1 Main St',
          city: 'Springfield',
          postalCode: '12345',
          country: 'US',
        },
      }),
    });
    // Stock reserved means the checkout has started and is waiting on the slow card.
    await waitFor(async () => (await stockOf(variant.variantId)) === 4);
    const closing = server.close();
    const answer = await inFlight;
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('PAYMENT_FAILED');
    await closing;
    expect(server.server.listening).toBe(false);
    await expect(connect(address.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    // Its compensation ran before the answer: the unit is back in stock.
    expect(await stockOf(variant.variantId)).toBe(5);

    async function stockOf(variantId: string): Promise<number> {
      const row = await db.kysely
        .selectFrom('variants')
        .select('stock')
        .where('id', '=', variantId)
        .executeTakeFirstOrThrow();
      return row.stock;
    }
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 5000; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition never held');
}

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
