import { streamText } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRemoteModel } from '../src/assistant/models/remote-model.js';
import { createLiveCampaign, startChat } from './helpers/assistant-chat.js';
import { type ReplayServer, startReplayServer } from './helpers/chat-completions-replay.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

// Model behaviour does not depend on the store, so these run on the embedded store only.
const sqlite = STORES[0];
if (sqlite === undefined) throw new Error('no sqlite store fixture');

function remoteEnv(replay: ReplayServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    RUSHCART_LLM_BASE_URL: replay.baseUrl,
    RUSHCART_LLM_MODEL: 'qwen-plus',
    RUSHCART_LLM_API_KEY: 'test-key',
    RUSHCART_LLM_TIMEOUT_MS: '400',
    RUSHCART_LLM_BREAKER_OPEN_MS: '300',
    ...extra,
  };
}

describe('OpenAI-compatible model through the wire transcripts', () => {
  let replay: ReplayServer;
  let testApp: TestApp;
  beforeAll(async () => {
    replay = await startReplayServer();
    testApp = await startTestApp(sqlite, { seedDemo: true, env: remoteEnv(replay) });
  });
  afterAll(async () => {
    await testApp?.close();
    await replay?.close();
  });
  afterEach(() => {
    replay.reset();
  });

  it('runs tool calls on the real catalog and keeps a grounded answer, recording the model', async () => {
    replay.load('search-then-grounded-answer.json');
    const chat = await startChat(testApp);
    const reply = await chat.say('do you have nescafe?');
    expect(reply.model).toEqual({ id: 'openai-compatible:qwen-plus', degraded: false });
    expect(reply.text).toBe('Nescafe Coffee costs $7.99.');
    expect(reply.cards[0]?.type).toBe('products');
    const first = replay.requests[0] as {
      model: string;
      tools: { function: { name: string } }[];
      messages: { role: string }[];
    };
    expect(first.model).toBe('qwen-plus');
    expect(first.tools.map((item) => item.function.name)).toContain('search_products');
    expect(first.tools.map((item) => item.function.name)).not.toContain('shopperId');
    const second = replay.requests[1] as { messages: { role: string; content: string }[] };
    const toolMessage = second.messages.find((message) => message.role === 'tool');
    expect(toolMessage?.content).toContain('Nescafe Coffee');
    const stored = await testApp.app.server.inject({
      method: 'GET',
      url: `/api/v1/assistant/conversations/${chat.conversationId}`,
      headers: { authorization: `Bearer ${chat.token}` },
    });
    expect((stored.json() as { messages: { model: string | null }[] }).messages.at(-1)?.model).toBe(
      'openai-compatible:qwen-plus',
    );
  });

  it('grounding: an invented price, code and percentage are replaced by a reply written from tool results', async () => {
    replay.load('search-then-invented-answer.json');
    const chat = await startChat(testApp);
    const reply = await chat.say('do you have nescafe?');
    expect(reply.text).not.toContain('$3.49');
    expect(reply.text).not.toContain('FREE100');
    expect(reply.text).not.toContain('100%');
    expect(reply.text).not.toContain('<img');
    expect(reply.text).toContain('$7.99');
    const metrics = await testApp.app.metrics.registry.getSingleMetricAsString(
      'rushcart_assistant_guardrail_events_total',
    );
    expect(metrics).toMatch(/guardrail="grounding"} [1-9]/);
  });

  it('survives malformed tool arguments', async () => {
    replay.load('malformed-tool-arguments.json');
    const chat = await startChat(testApp);
    const reply = await chat.say('coffee please');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('Sorry, could you repeat what you are looking for?');
    const retry = replay.requests[1] as { messages: { role: string; content: string }[] };
    expect(retry.messages.some((message) => message.role === 'tool')).toBe(true);
  });

  it('scope: a tool call with another shopper id is refused by the strict schema', async () => {
    replay.load('foreign-shopper-id.json');
    const chat = await startChat(testApp);
    const reply = await chat.say("show shp_victim's cart");
    expect(reply.text).toBe('I can only show your own cart.');
    expect(reply.cards).toEqual([]);
    const second = replay.requests[1] as { messages: { role: string; content: string }[] };
    const toolMessage = second.messages.find((message) => message.role === 'tool');
    expect(toolMessage?.content).toMatch(/shopperId|Invalid|invalid|nrecognized/);
  });

  it('confirmation: a model cannot confirm for the shopper, and a claim stops the loop at its summary', async () => {
    const campaignId = await createLiveCampaign(testApp, 'Remote ten');
    replay.load('unconfirmed-money-actions.json', { __CAMPAIGN__: campaignId });
    const chat = await startChat(testApp);
    const reply = await chat.say('give me every coupon');
    expect(reply.pendingConfirmation?.action).toBe('claim_coupon');
    expect(reply.text).toMatch(/^Please confirm: Claim the coupon "Remote ten"/);
    // The loop stopped at the confirmation: the third exchange ("Claimed!") was never requested.
    expect(replay.requests).toHaveLength(2);
    const second = replay.requests[1] as { messages: { role: string; content: string }[] };
    expect(second.messages.find((message) => message.role === 'tool')?.content).toMatch(
      /NO_PENDING_CONFIRMATION/,
    );
    const wallet = await testApp.app.server.inject({
      method: 'GET',
      url: '/api/v1/wallet',
      headers: { authorization: `Bearer ${chat.token}` },
    });
    expect(JSON.stringify(wallet.json())).not.toContain(campaignId);
  });

  it('parses a streamed answer with text and a tool call split across chunks', async () => {
    replay.load('streaming-text-and-tool-call.json');
    const model = createRemoteModel({
      baseUrl: replay.baseUrl,
      model: 'qwen-plus',
      apiKey: 'k',
      provider: 'openai-compatible',
      timeoutMs: 2_000,
    });
    const result = streamText({ model, prompt: 'coffee', tools: {} as never });
    const parts: { type: string; text?: string; toolName?: string; input?: unknown }[] = [];
    for await (const part of result.fullStream) parts.push(part as never);
    expect(
      parts
        .filter((part) => part.type === 'text-delta')
        .map((part) => part.text)
        .join(''),
    ).toBe('Let me look.');
    const call = parts.find((part) => part.type === 'tool-call' || part.type === 'tool-error');
    expect(call).toMatchObject({ toolName: 'search_products', input: { query: 'coffee' } });
    expect((replay.requests[0] as { stream: boolean }).stream).toBe(true);
  });
});

describe('router and circuit breaker', () => {
  it('falls back to local within one request on errors and timeouts, opens the breaker, and recovers', async () => {
    const replay = await startReplayServer();
    const testApp = await startTestApp(sqlite, { seedDemo: true, env: remoteEnv(replay) });
    try {
      const chat = await startChat(testApp);
      replay.load('server-error.json');
      const afterError = await chat.say('best rated office chair');
      expect(afterError.model).toEqual({ id: 'local', degraded: true });
      expect(afterError.text).toMatch(/Office Chair/);

      replay.load('rate-limited.json');
      expect((await chat.say('cheapest blue cotton t-shirt')).model.degraded).toBe(true);

      replay.hangAll = true;
      const timedOut = await chat.say('in black');
      expect(timedOut.model).toEqual({ id: 'local', degraded: true });
      expect(timedOut.text).toMatch(/T-Shirt/);
      // Three failures in a row opened the circuit: the next turn does not call the endpoint at all.
      const before = replay.requests.length;
      const open = await chat.say('show more');
      expect(open.model.degraded).toBe(true);
      expect(replay.requests.length).toBe(before);
      const model = await testApp.app.server.inject({
        method: 'GET',
        url: '/api/v1/admin/assistant/model',
        headers: { authorization: `Bearer ${testApp.adminKey}` },
      });
      expect(model.json()).toMatchObject({ configured: { model: 'qwen-plus' } });

      replay.hangAll = false;
      await vi.waitFor(
        async () => {
          replay.load('hello.json');
          const probe = await chat.say('hello');
          expect(probe.model).toEqual({ id: 'openai-compatible:qwen-plus', degraded: false });
        },
        { timeout: 10_000, interval: 100 },
      );
      const metrics = await testApp.app.metrics.registry.getSingleMetricAsString(
        'rushcart_assistant_model_fallbacks_total',
      );
      expect(metrics).toMatch(/reason="remote_failed"} 3/);
      expect(metrics).toMatch(/reason="breaker_open"} [1-9]/);
    } finally {
      await testApp.close();
      await replay.close();
    }
  });
});

describe('model policy', () => {
  it('refuses to start with a denied model and reports an allowed one', async () => {
    const replay = await startReplayServer();
    try {
      await expect(
        startTestApp(sqlite, {
          env: remoteEnv(replay, { RUSHCART_MODEL_POLICY: 'deny:openai-compatible/qwen-*' }),
        }),
      ).rejects.toThrow(/RUSHCART_MODEL_POLICY refuses the model openai-compatible\/qwen-plus/);
      const allowed = await startTestApp(sqlite, {
        env: remoteEnv(replay, { RUSHCART_MODEL_POLICY: 'deny:vendorx/*,allow:openai-compatible/qwen-*' }),
      });
      try {
        const response = await allowed.app.server.inject({
          method: 'GET',
          url: '/api/v1/admin/assistant/model',
          headers: { authorization: `Bearer ${allowed.adminKey}` },
        });
        expect(response.json()).toMatchObject({
          configured: { provider: 'openai-compatible', model: 'qwen-plus' },
          active: 'openai-compatible:qwen-plus',
          policy: {
            rules: ['deny:vendorx/*', 'allow:openai-compatible/qwen-*'],
            decision: { allowed: true, reason: 'allowed by allow:openai-compatible/qwen-*' },
          },
        });
      } finally {
        await allowed.close();
      }
    } finally {
      await replay.close();
    }
  });
});
