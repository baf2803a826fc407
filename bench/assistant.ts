/**
 * `npm run bench -- assistant [--rounds N] [--concurrency C]`: whole assistant turns per second,
 * in-process on one core (one Node process; SQLite file; demo catalog; local model), and the local
 * model alone on the prompts those turns made. The workload is the eval's 100+ scripted multi-turn
 * conversations (eval/assistant-conversations.ts), each on a fresh shopper, run `--rounds` times;
 * `--concurrency` conversations run at once (1 measures a turn's latency alone, more measures what
 * one process sustains). Shoppers and their setup (orders, a campaign) are made before the clock
 * starts. Turns go through `POST /api/v1/assistant/messages` (Fastify inject: routing, auth,
 * validation, the agent loop, tools, guardrails and persistence, no socket). Writes
 * bench/results/assistant.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ADMIN_KEY, createCampaign, newShopperToken, placeOrder, sendTurn } from '../eval/assistant.js';
import { SCRIPTS, type Script } from '../eval/assistant-conversations.js';
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { withCpuProfile } from './lib/cpu-profile.js';
import { percentiles, round } from './lib/percentiles.js';
import { progressBar } from './lib/progress.js';

interface Conversation {
  readonly script: Script;
  readonly token: string;
}

interface Pass {
  readonly concurrency: number;
  readonly conversations: number;
  readonly turns: number;
  readonly failedTurns: number;
  readonly turnsPerSecond: number;
  readonly turnMs: Record<string, number>;
  readonly cpuMsPerTurn: number;
}

/** Entry point. */
export async function run(argv: string[]): Promise<void> {
  const program = new Command('assistant')
    .option('--rounds <n>', 'times each scripted conversation runs per pass', '3')
    .option('--concurrency <list>', 'conversations in flight, one pass each (comma separated)', '1,16')
    .option('--out <dir>', 'where results go', 'bench/results')
    .option('--profile <file>', 'write a CPU profile of the measured passes (not the set-up) to this file')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const flags = program.opts<{ rounds: string; concurrency: string; out: string; profile?: string }>();
  const rounds = Number(flags.rounds);
  if (!(Number.isInteger(rounds) && rounds > 0)) throw new Error('--rounds must be a positive integer');
  const levels = flags.concurrency.split(',').map(Number);
  if (!levels.every((level) => Number.isInteger(level) && level > 0))
    throw new Error('--concurrency must list positive integers');

  const dataDir = mkdtempSync(join(tmpdir(), 'rushcart-bench-assistant-'));
  const app = await createApp(
    loadConfig(
      { RUSHCART_LOG_LEVEL: 'silent' },
      { dataDir, databaseUrl: join(dataDir, 'bench.db'), seedDemo: true, adminKey: ADMIN_KEY },
    ),
    { logger: false, admission: { enabled: false } },
  );
  try {
    await createCampaign(app);
    // Warm-up: one pass over every script, so the measured passes see warm code and caches.
    await runPass(app, await prepare(app, 1), 4, 'warm-up');
    const passes: Pass[] = [];
    for (const concurrency of levels) {
      const conversations = await prepare(app, rounds);
      const label = `concurrency ${concurrency}`;
      const profile = flags.profile?.replace(
        /(\.cpuprofile)?$/,
        levels.length > 1 ? `-c${concurrency}$1` : '$1',
      );
      passes.push(await withCpuProfile(profile, () => runPass(app, conversations, concurrency, label)));
    }
    console.table(
      passes.map((pass) => ({
        concurrency: pass.concurrency,
        turns: pass.turns,
        failed: pass.failedTurns,
        'turns/s': pass.turnsPerSecond,
        'p50 ms': pass.turnMs.p50,
        'p99 ms': pass.turnMs.p99,
        'cpu ms/turn': pass.cpuMsPerTurn,
      })),
    );
    const summary = {
      benchmark: 'assistant',
      rounds,
      scripts: SCRIPTS.length,
      passes,
      machine: `${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, node ${process.version}`,
      at: new Date().toISOString(),
    };
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(join(flags.out, 'assistant.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const failed = passes.reduce((sum, pass) => sum + pass.failedTurns, 0);
    if (failed > 0) throw new Error(`${failed} turns did not answer 200`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A fresh shopper (with the setup its script needs) for each script, `rounds` times over. */
async function prepare(app: App, rounds: number): Promise<Conversation[]> {
  const conversations: Conversation[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const script of SCRIPTS) {
      const token = await newShopperToken(app);
      if (script.setup === 'order' || script.setup === 'delivered')
        await placeOrder(app, token, script.setup === 'delivered');
      conversations.push({ script, token });
    }
  }
  return conversations;
}

/** Runs the conversations, `concurrency` at a time, each turn after the previous one's answer. */
async function runPass(
  app: App,
  conversations: readonly Conversation[],
  concurrency: number,
  label: string,
): Promise<Pass> {
  const total = conversations.reduce((sum, conversation) => sum + conversation.script.turns.length, 0);
  const bar = progressBar(label, total);
  const durations: number[] = [];
  let failedTurns = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < conversations.length; index = next++) {
      const { script, token } = conversations[index] as Conversation;
      let conversationId: string | undefined;
      for (const text of script.turns) {
        const at = performance.now();
        const response = await sendTurn(app, token, conversationId, text);
        durations.push(performance.now() - at);
        if (response.statusCode !== 200) {
          failedTurns += 1;
          break;
        }
        conversationId = (response.json() as { conversationId: string }).conversationId;
        bar.update(durations.length, {
          'turns/s': Math.round(durations.length / ((performance.now() - started) / 1000)),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  bar.stop();
  return {
    concurrency,
    conversations: conversations.length,
    turns: durations.length,
    failedTurns,
    turnsPerSecond: Math.round(durations.length / elapsed),
    turnMs: percentiles(durations),
    cpuMsPerTurn: round((cpu.user + cpu.system) / 1000 / durations.length),
  };
}
