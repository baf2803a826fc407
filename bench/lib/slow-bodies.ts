import { connect, type Socket } from 'node:net';
import type { App } from '../../src/app.js';
import { startBenchApp } from './bench-app.js';
import { httpClient } from './http-client.js';
import { percentiles } from './percentiles.js';

/** What honest claims and checkouts measured, with and without the trickling connections. */
export interface SlowBodyPhase {
  readonly phase: 'calm' | 'under attack';
  readonly trickling: number;
  readonly claims: { readonly ok: number; readonly failed: number; readonly ms: Record<string, number> };
  readonly checkouts: { readonly ok: number; readonly failed: number; readonly ms: Record<string, number> };
}

const ADDRESS = {
  name: 'Ana Lima',
  line1: '1 Test Street',
  city: 'Lisbon',
  postalCode: '1000-001',
  country: 'PT',
};

/**
 * A slow-body attack over real sockets: `attackers` connections each announce a 64 KiB JSON body
 * (half with a valid shopper token, on the claim and the cart routes) and send one byte a second.
 * Honest shoppers claim and check out the same way before and during the attack; both phases run
 * on one server (demo catalog, SQLite), so the comparison is within the run.
 */
export async function slowBodyAttack(attackers: number, shoppers: number): Promise<SlowBodyPhase[]> {
  const bench = await startBenchApp('slow', {}, { seedDemo: true });
  const app = bench.app;
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.server.address() as { port: number }).port;
  const client = httpClient(`http://127.0.0.1:${port}`, 256);
  try {
    const campaignId = await bench.campaign('Slow-body test', shoppers * 3 + 30);
    const variantIds = await variantsInStock(app);
    // A warm-up pass, not reported, so the calm phase does not pay for cold code and caches.
    await honest(client, campaignId, variantIds, Math.min(shoppers, 30), 'calm', -1);
    const phases: SlowBodyPhase[] = [await honest(client, campaignId, variantIds, shoppers, 'calm', 0)];
    const sockets = await trickle(port, attackers, await tokenOf(client));
    try {
      phases.push(await honest(client, campaignId, variantIds, shoppers, 'under attack', sockets.open()));
    } finally {
      sockets.stop();
    }
    return phases;
  } finally {
    client.close();
    await bench.close();
  }
}

async function honest(
  client: ReturnType<typeof httpClient>,
  campaignId: string,
  variantIds: readonly string[],
  shoppers: number,
  phase: SlowBodyPhase['phase'],
  trickling: number,
): Promise<SlowBodyPhase> {
  const claimMs: number[] = [];
  const checkoutMs: number[] = [];
  let claimFailed = 0;
  let checkoutFailed = 0;
  const one = async (index: number) => {
    const token = await tokenOf(client);
    const auth = { authorization: `Bearer ${token}` };
    let started = performance.now();
    const claim = await client.call(
      'POST',
      `/api/v1/campaigns/${campaignId}/claims`,
      { ...auth, 'idempotency-key': `${trickling}-claim-${index}` },
      {},
    );
    if (claim.status === 201) claimMs.push(performance.now() - started);
    else claimFailed += 1;
    await client.call('POST', '/api/v1/cart/lines', auth, {
      variantId: variantIds[index % variantIds.length],
      quantity: 1,
    });
    started = performance.now();
    const order = await client.call(
      'POST',
      '/api/v1/checkout',
      { ...auth, 'idempotency-key': `${trickling}-checkout-${index}` },
      { payment: { type: 'test_card', number: '4242424242424242' }, shippingAddress: ADDRESS },
    );
    if (order.status === 201) checkoutMs.push(performance.now() - started);
    else checkoutFailed += 1;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < shoppers) {
        next += 1;
        await one(next);
      }
    }),
  );
  return {
    phase,
    trickling,
    claims: { ok: claimMs.length, failed: claimFailed, ms: percentiles(claimMs) },
    checkouts: { ok: checkoutMs.length, failed: checkoutFailed, ms: percentiles(checkoutMs) },
  };
}

/** Opens the trickling connections; `open()` counts those the server has not closed. */
async function trickle(
  port: number,
  count: number,
  token: string,
): Promise<{ open(): number; stop(): void }> {
  const sockets: Socket[] = [];
  let closed = 0;
  await Promise.all(
    Array.from(
      { length: count },
      (_, index) =>
        new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            const path = index % 2 === 0 ? '/api/v1/campaigns/any/claims' : '/api/v1/cart/lines';
            socket.write(
              `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n` +
                `${index % 4 < 2 ? `Authorization: Bearer ${token}\r\nIdempotency-Key: slow-${index}\r\n` : ''}\r\n{`,
            );
            resolve();
          });
          socket.on('error', () => undefined);
          socket.on('close', () => {
            closed += 1;
          });
          sockets.push(socket);
        }),
    ),
  );
  const timer = setInterval(() => {
    for (const socket of sockets) if (!socket.destroyed) socket.write(' ');
  }, 1000);
  return {
    open: () => sockets.length - closed,
    stop() {
      clearInterval(timer);
      for (const socket of sockets) socket.destroy();
    },
  };
}

async function tokenOf(client: ReturnType<typeof httpClient>): Promise<string> {
  const session = await client.call('POST', '/api/v1/sessions', {}, {});
  return (JSON.parse(session.body) as { token: string }).token;
}

async function variantsInStock(app: App): Promise<string[]> {
  const found = await app.server.inject({ method: 'GET', url: '/api/v1/products?inStock=true&limit=50' });
  const items = (found.json() as { items: { variants: { id: string; stock: number }[] }[] }).items;
  const variants = items.flatMap((item) => item.variants).filter((candidate) => candidate.stock >= 20);
  if (variants.length === 0) throw new Error('the demo catalog has no variant in stock');
  // Each order takes one of many variants, so no single one sells out.
  return variants.map((variant) => variant.id);
}
