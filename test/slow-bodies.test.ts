import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite store fixture');

// A request takes its concurrency slot only once its body is read and its shopper is known:
// clients that send headers and then stall (a slowloris upload) hold no slot, so a pool of 4
// still serves everyone else.
describe('slow bodies hold no concurrency slot', () => {
  let test: TestApp;
  let port: number;
  const stalled: Socket[] = [];
  beforeAll(async () => {
    test = await startTestApp(store, {
      admission: { limit: { initialLimit: 4, minLimit: 4, maxLimit: 4 } },
    });
    await test.app.server.listen({ port: 0, host: '127.0.0.1' });
    const address = test.app.server.server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(async () => {
    for (const socket of stalled) socket.destroy();
    await test.close();
  });

  it('serves browsing while eight cart uploads stall mid-body', async () => {
    const { token } = await test.newShopper();
    for (let index = 0; index < 8; index++) {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /api/v1/cart/lines HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"variantId":`,
      );
      stalled.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(test.app.admission.gate.inflight).toBe(0);
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) {
      statuses.push((await fetch(`http://127.0.0.1:${port}/api/v1/products?q=tee`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('still takes a slot for a request whose body arrived, and gives it back', async () => {
    const { token } = await test.newShopper();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/cart/lines`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ variantId: 'var_missing', quantity: 1 }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(test.app.admission.gate.inflight).toBe(0);
    const decisions = test.app.admission.decisionCounts();
    expect(decisions.browse?.shed ?? 0).toBe(0);
  });
});
