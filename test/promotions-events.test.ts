import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCampaign } from './helpers/promotions.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`admin event stream on ${store.name}`, () => {
    let test: TestApp;
    let base: string;
    beforeAll(async () => {
      process.env.RUSHCART_ADMISSION = 'off';
      test = await startTestApp(store);
      base = await test.app.server.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await test?.close();
    });

    it('streams a snapshot, then live counters and campaign changes', async () => {
      const admin = { authorization: `Bearer ${test.adminKey}` };
      const created = await fetch(`${base}/api/v1/admin/campaigns`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(makeCampaign({ budget: 3 })),
      });
      const campaignId = ((await created.json()) as { id: string }).id;
      const abort = new AbortController();
      const stream = await fetch(`${base}/api/v1/admin/events`, { headers: admin, signal: abort.signal });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      const waitFor = async (needle: string | RegExp) => {
        while (typeof needle === 'string' ? !text.includes(needle) : !needle.test(text)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${needle}`);
          text += decoder.decode(value, { stream: true });
        }
      };
      await waitFor('event: snapshot');
      const shopper = await test.newShopper();
      const claimed = await fetch(`${base}/api/v1/campaigns/${campaignId}/claims`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${shopper.token}`,
          'idempotency-key': 'k',
          'content-type': 'application/json',
        },
        body: '{}',
      });
      expect(claimed.status).toBe(201);
      await waitFor('"claimed":1');
      await fetch(`${base}/api/v1/admin/campaigns/${campaignId}/pause`, { method: 'POST', headers: admin });
      // Wait for the whole event: a TCP read can end between its `event:` and `data:` lines.
      const pausedEvent = /event: campaign-changed\ndata: [^\n]*"status":"paused"/;
      await waitFor(pausedEvent);
      expect(text).toMatch(pausedEvent);
      abort.abort();
      const unauthorized = await fetch(`${base}/api/v1/admin/events`);
      expect(unauthorized.status).toBe(401);
    });
  });
}
