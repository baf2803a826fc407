import type { Shopper } from './crowd.js';
import { type HttpClient, json } from './http-client.js';
import { progressBar } from './progress.js';

/** Sends one request and resolves with its answer. */
export type Call = HttpClient['call'];

/**
 * Opens `count` guest sessions through `POST /api/v1/sessions`, 64 at a time, each with its own
 * device, as a crowd of new shoppers would. Tokens signed by the bench for made-up shopper ids
 * are no longer enough: the claim screen reads the shopper a token names and answers 401 when the
 * store has no such shopper. A 429 or 503 is asked again.
 */
export async function makeShoppers(call: Call, count: number, label = 'sessions'): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  const bar = progressBar(label, count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const answer = await call('POST', '/api/v1/sessions', {}, { deviceId: `bench-device-${index}` });
      const session = json<{ token: string; shopper: { id: string } }>(answer);
      if (answer.status === 201 && session !== undefined)
        shoppers.push({ id: session.shopper.id, token: session.token });
      else if (answer.status === 429 || answer.status === 503) next--;
      else throw new Error(`POST /api/v1/sessions answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      if (shoppers.length % 200 === 0) bar.update(shoppers.length, {});
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  bar.stop();
  return shoppers;
}
