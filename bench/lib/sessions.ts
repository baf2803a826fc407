import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { retryMs, type Shopper } from './crowd.js';
import { type HttpClient, json } from './http-client.js';
import { progressBar } from './progress.js';

/** Sends one request and resolves with its answer. */
export type Call = HttpClient['call'];

/**
 * Opens `count` guest sessions through `POST /api/v1/sessions`, 64 at a time, each with a device
 * of its own, as a crowd of new shoppers would. Tokens signed by the bench for made-up shopper ids
 * are no longer enough: the claim screen reads the shopper a token names and answers 401 when the
 * store has no such shopper. A 429 or 503 is asked again for the same shopper after its
 * Retry-After. Device ids carry a per-call prefix: the fraud rules deny a claim from a device
 * three shoppers used, so two calls (a sweep's top-ups) must never hand out the same device.
 */
export async function makeShoppers(call: Call, count: number, label = 'sessions'): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  const bar = progressBar(label, count);
  const run = randomBytes(4).toString('hex');
  let next = 0;
  const open = async (deviceId: string): Promise<Shopper> => {
    for (;;) {
      const answer = await call('POST', '/api/v1/sessions', {}, { deviceId });
      const session = json<{ token: string; shopper: { id: string } }>(answer);
      if (answer.status === 201 && session !== undefined)
        return { id: session.shopper.id, token: session.token };
      if (answer.status !== 429 && answer.status !== 503)
        throw new Error(`POST /api/v1/sessions answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      await sleep(Math.min(retryMs(answer), 1000));
    }
  };
  const worker = async () => {
    while (next < count) {
      shoppers.push(await open(`bench-${run}-${next++}`));
      if (shoppers.length % 200 === 0) bar.update(shoppers.length, {});
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  bar.stop();
  return shoppers;
}
