/**
 * `npm run eval -- assistant [--lang zh]`: runs the scripted conversations in eval/assistant-conversations.ts
 * (or, with `--lang zh`, the Chinese ones in eval/assistant-conversations-zh.ts)
 * against a whole in-process app (SQLite, demo catalog, local model), checks each end state, and
 * prints success by category plus the local model's speed. Writes eval/results/assistant.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ModelMessage } from 'ai';
import { type App, createApp } from '../src/app.js';
import { toProviderPrompt } from '../src/assistant/agent/prompt-view.js';
import { LocalModel, TOOL_NAMES } from '../src/assistant/index.js';
import { loadConfig } from '../src/config.js';
import { type Reply, SCRIPTS, type Script } from './assistant-conversations.js';
import { CHINESE_SCRIPTS } from './assistant-conversations-zh.js';

/** The admin key of the eval's in-process app. */
export const ADMIN_KEY = 'eval-admin-key-0123456789';
const ADDRESS = {
  name: 'Jane Doe',
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
};

/** Runs every script (or those whose name contains `--only <text>`) and prints the results. */
export async function run(argv: string[]): Promise<void> {
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : undefined;
  const verbose = argv.includes('--verbose');
  // `--lang zh`: the Chinese scripts, on the demo store with the Chinese slice seeded beside it.
  const chinese = argv.includes('--lang') && argv[argv.indexOf('--lang') + 1] === 'zh';
  const dataDir = mkdtempSync(join(tmpdir(), 'rushcart-eval-'));
  const app = await createApp(
    loadConfig(
      { RUSHCART_LOG_LEVEL: 'silent', ...(chinese ? { RUSHCART_SEED_DEMO_ZH: 'true' } : {}) },
      { dataDir, databaseUrl: join(dataDir, 'eval.db'), seedDemo: true, adminKey: ADMIN_KEY },
    ),
    { logger: false, admission: { enabled: false } },
  );
  try {
    const campaignId = await createCampaign(app);
    const scripts = (chinese ? CHINESE_SCRIPTS : SCRIPTS).filter(
      (script) => only === undefined || script.name.includes(only),
    );
    const results: { name: string; category: string; ok: boolean; problem?: string }[] = [];
    let turns = 0;
    let turnMs = 0;
    for (const script of scripts) {
      const outcome = await runScript(app, script, campaignId);
      turns += outcome.turns;
      turnMs += outcome.ms;
      results.push({
        name: script.name,
        category: script.category,
        ok: outcome.problem === undefined,
        ...(outcome.problem === undefined ? {} : { problem: outcome.problem }),
      });
      if (verbose || outcome.problem !== undefined) {
        console.log(
          `${outcome.problem === undefined ? 'ok  ' : 'FAIL'} ${script.name}${outcome.problem === undefined ? '' : `: ${outcome.problem}`}`,
        );
      }
    }
    const categories = new Map<string, { passed: number; total: number }>();
    for (const result of results) {
      const entry = categories.get(result.category) ?? { passed: 0, total: 0 };
      entry.total += 1;
      if (result.ok) entry.passed += 1;
      categories.set(result.category, entry);
    }
    const byCategory = Object.fromEntries(
      [...categories].map(([category, entry]) => [
        category,
        { ...entry, rate: round(entry.passed / entry.total) },
      ]),
    );
    console.table(byCategory);
    const passed = results.filter((result) => result.ok).length;
    const speed = await measureLocalModel(app);
    // The server rewrites a reply with a figure no tool result supports and counts it: the local
    // model writes from tool results only, so any count here is a grounding bug (issue 19: 0).
    const guardrails = await app.metrics.registry
      .getSingleMetric('rushcart_assistant_guardrail_events_total')
      ?.get();
    const groundingRewrites =
      guardrails?.values.find((value) => value.labels.guardrail === 'grounding')?.value ?? 0;
    const summary = {
      conversations: results.length,
      passed,
      successRate: round(passed / results.length),
      turns,
      groundingRewrites,
      endToEndTurnsPerSecond: Math.round(turns / (turnMs / 1000)),
      localModel: speed,
      machine: `${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, node ${process.version}`,
      at: new Date().toISOString(),
    };
    console.log(
      `${passed}/${results.length} conversations passed (${(summary.successRate * 100).toFixed(1)}%); ` +
        `${groundingRewrites} replies rewritten by the grounding guard; ` +
        `${summary.endToEndTurnsPerSecond} end-to-end turns/s (in-process, SQLite, tools included); ` +
        `local model ${speed.decisionsPerSecond} decisions/s over ${speed.prompts} recorded prompts`,
    );
    const outDir = resolve('eval/results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(
      resolve(outDir, chinese ? 'assistant-zh.json' : 'assistant.json'),
      `${JSON.stringify({ ...summary, byCategory, results }, null, 2)}\n`,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A fresh guest shopper's bearer token. */
export async function newShopperToken(app: App): Promise<string> {
  const session = await app.server.inject({ method: 'POST', url: '/api/v1/sessions', payload: {} });
  return (session.json() as { token: string }).token;
}

/** One shopper message through `POST /api/v1/assistant/messages` (JSON answer). */
export async function sendTurn(app: App, token: string, conversationId: string | undefined, text: string) {
  return app.server.inject({
    method: 'POST',
    url: '/api/v1/assistant/messages',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    payload: conversationId === undefined ? { text } : { conversationId, text },
  });
}

async function runScript(
  app: App,
  script: Script,
  campaignId: string,
): Promise<{ problem: string | undefined; turns: number; ms: number }> {
  const token = await newShopperToken(app);
  const headers = { authorization: `Bearer ${token}` };
  if (script.setup === 'order' || script.setup === 'delivered')
    await placeOrder(app, token, script.setup === 'delivered');
  const replies: Reply[] = [];
  let conversationId: string | undefined;
  let ms = 0;
  for (const text of script.turns) {
    const started = performance.now();
    const response = await sendTurn(app, token, conversationId, text);
    ms += performance.now() - started;
    if (response.statusCode !== 200)
      return {
        problem: `HTTP ${response.statusCode}: ${response.body.slice(0, 120)}`,
        turns: replies.length,
        ms,
      };
    const body = response.json() as Reply & { conversationId: string };
    conversationId = body.conversationId;
    replies.push(body);
  }
  const last = replies.at(-1) as Reply;
  const api = async (path: string) =>
    (await app.server.inject({ method: 'GET', url: path, headers })).json() as Record<string, unknown>;
  try {
    const problem = await script.check({ replies, last, api, campaignId });
    if (problem !== undefined && process.argv.includes('--verbose')) {
      script.turns.forEach((text, index) => {
        console.log(`  > ${text}\n    ${(replies[index]?.text ?? '').replaceAll('\n', ' | ').slice(0, 300)}`);
      });
    }
    return { problem, turns: replies.length, ms };
  } catch (error) {
    return {
      problem: `check threw: ${error instanceof Error ? error.message : String(error)}`,
      turns: replies.length,
      ms,
    };
  }
}

/** Creates the live claimable campaign the coupon scripts claim from. */
export async function createCampaign(app: App): Promise<string> {
  const response = await app.server.inject({
    method: 'POST',
    url: '/api/v1/admin/campaigns',
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    payload: {
      name: 'Eval deal',
      budget: { claims: 100_000 },
      perShopperLimit: 1,
      reward: { type: 'percent', percent: 10 },
      status: 'live',
    },
  });
  if (response.statusCode !== 201) throw new Error(`campaign: ${response.body}`);
  return (response.json() as { id: string }).id;
}

/** Places a paid order for the shopper (and delivers it when `deliver`), for the order scripts. */
export async function placeOrder(app: App, token: string, deliver: boolean): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const hit = app.catalog.search({ text: 'plate', limit: 1, inStock: true }).hits[0];
  const variantId = hit?.matchedVariantIds[0] ?? hit?.product.variants[0]?.id;
  if (variantId === undefined) throw new Error('no product to order');
  await app.server.inject({
    method: 'POST',
    url: '/api/v1/cart/lines',
    headers,
    payload: { variantId, quantity: 1 },
  });
  const checkout = await app.server.inject({
    method: 'POST',
    url: '/api/v1/checkout',
    headers: { ...headers, 'idempotency-key': `eval-${Math.random().toString(36).slice(2)}` },
    payload: { payment: { type: 'test_card', number: '4242424242424242' }, shippingAddress: ADDRESS },
  });
  if (checkout.statusCode !== 201) throw new Error(`checkout: ${checkout.body}`);
  if (!deliver) return;
  const orderId = (checkout.json() as { id: string }).id;
  for (const step of ['fulfil', 'deliver']) {
    await app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${orderId}/${step}`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
  }
}

/** Replays the prompts the eval produced (history plus each shopper message) through the local model alone. */
async function measureLocalModel(app: App): Promise<{
  prompts: number;
  decisionsPerSecond: number;
  p50Microseconds: number;
  p99Microseconds: number;
}> {
  const rows = await app.db.kysely
    .selectFrom('assistant_messages')
    .select(['conversation_id', 'role', 'model_messages'])
    .orderBy('conversation_id')
    .orderBy('seq')
    .execute();
  const prompts: ModelMessage[][] = [];
  let conversation = '';
  let history: ModelMessage[] = [];
  for (const row of rows) {
    if (row.conversation_id !== conversation) {
      conversation = row.conversation_id;
      history = [];
    }
    const messages = JSON.parse(row.model_messages) as ModelMessage[];
    history = [...history, ...messages];
    if (row.role === 'shopper') prompts.push(history);
  }
  const model = new LocalModel();
  const tools = TOOL_NAMES.map((name) => ({
    type: 'function' as const,
    name,
    inputSchema: { type: 'object' as const },
  }));
  const providerPrompts = prompts.map((prompt) => toProviderPrompt(prompt));
  const durations: number[] = [];
  const rounds = 20;
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    for (const prompt of providerPrompts) {
      const at = performance.now();
      await model.doGenerate({ prompt, tools });
      durations.push(performance.now() - at);
    }
  }
  const elapsed = performance.now() - started;
  durations.sort((a, b) => a - b);
  const quantile = (q: number) =>
    Math.round((durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0) * 1000);
  return {
    prompts: providerPrompts.length,
    decisionsPerSecond: Math.round(durations.length / (elapsed / 1000)),
    p50Microseconds: quantile(0.5),
    p99Microseconds: quantile(0.99),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
