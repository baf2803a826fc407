import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const store = STORES[0];
if (store === undefined) throw new Error('no SQLite store fixture');

/** Sends `head` on a raw socket, never the promised body, and resolves with what came back and when. */
function stall(port: number, head: string): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
    socket.on('error', reject);
    setTimeout(() => socket.destroy(new Error('the server kept the stalled request open')), 10_000).unref();
  });
}

// A client that sends headers and then nothing (or a body at a trickle) is cut off after the
// request timeout with 408, instead of holding its connection and its admission slot.
describe('request timeout', () => {
  let test: TestApp;
  let port: number;
  beforeAll(async () => {
    test = await startTestApp(store, { env: { RUSHCART_REQUEST_TIMEOUT_MS: '1500' } });
    await test.app.server.listen({ port: 0, host: '127.0.0.1' });
    const address = test.app.server.server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(async () => {
    await test.close();
  });

  it('answers 408 to a body that never arrives, within the timeout and a checking interval', async () => {
    const { answer, ms } = await stall(
      port,
      'POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"de',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(ms).toBeLessThan(4000);
  });

  it('still answers a request that arrives in time', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
  });
});
