import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const sqlite = STORES.find((store) => store.name === 'sqlite');

describe('admin event stream carries admission samples', () => {
  let test: TestApp;
  let base: string;
  beforeAll(async () => {
    if (sqlite === undefined) throw new Error('the SQLite store is always available');
    test = await startTestApp(sqlite);
    base = await test.app.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('streams the concurrency limit, decisions and waiting rooms for the console', async () => {
    const abort = new AbortController();
    const stream = await fetch(`${base}/api/v1/admin/events`, {
      headers: { authorization: `Bearer ${test.adminKey}` },
      signal: abort.signal,
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: admission-sampled')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended before an admission sample');
      text += decoder.decode(value, { stream: true });
    }
    abort.abort();
    const line = text.split('\n').find((entry) => entry.startsWith('data: {"type":"admission-sampled"'));
    const sample = JSON.parse(line?.slice('data: '.length) ?? '{}') as Record<string, unknown>;
    expect(sample.concurrencyLimit).toEqual(expect.any(Number));
    expect(sample.decisions).toEqual(expect.any(Object));
    expect(sample.rooms).toEqual(expect.any(Array));
  });
});
