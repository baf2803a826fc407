/**
 * `npm run eval -- webshop [--count N] [--verbose]`: multi-turn conversations written from real
 * WebShop shopping requests (Princeton NLP, MIT; `human_goals.json`), run through the assistant
 * API in-process (SQLite, demo catalog, local model). Each request that names a colour and a size
 * is split into three turns, phrased in rotating paraphrases: the request without them, then the
 * colour ("only black ones"), then the size ("i need size 8"). The check reads the last turn's
 * `search_products` calls from the database, as tau2 compares end states: one must carry the
 * colour and the size as filters. The catalog lacks most WebShop products, so this measures
 * understanding and carrying constraints across turns, not finding the item. Writes
 * eval/results/webshop.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '../src/app.js';
import { canonicalSize } from '../src/assistant/language/constraints.js';
import { loadConfig } from '../src/config.js';
import { ADMIN_KEY, newShopperToken, sendTurn } from './assistant.js';

const DEFAULT_PATH = '/work/shared/data/webshop-goals/human_goals.json';
const COLORS = 'black|white|red|blue|green|pink|gray|grey|brown|navy|beige|purple|yellow|orange';
const SIZE = /\bsize (\d{1,2}(?:\.5)?|small|medium|large|x-large|xx-large|xl|xxl)\b/;
const COLOR_TURNS = ['only {c} ones', 'in {c}', 'show me {c} ones', '{c} please'];
const SIZE_TURNS = ['i need size {s}', 'size {s}', 'in size {s} please', 'only size {s}'];

interface Case {
  readonly goal: string;
  readonly color: string;
  readonly size: string;
  readonly turns: readonly string[];
}

/** The conversations: requests with one colour word and a size, split into three turns. */
export function webshopCases(goals: readonly string[], count: number): Case[] {
  const cases: Case[] = [];
  for (const goal of goals) {
    const color = new RegExp(`\\b(${COLORS})\\b`).exec(goal)?.[1];
    const size = SIZE.exec(goal)?.[1];
    if (color === undefined || size === undefined) continue;
    const base = goal
      .replace(new RegExp(`\\b(?:in |the color |colou?r )?${color}(?: colou?red| colou?r)?\\b`, 'g'), ' ')
      .replace(new RegExp(`\\b(?:in |a |of )?(?:us )?size ${size.replace('.', '\\.')}\\b`, 'g'), ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const index = cases.length;
    cases.push({
      goal,
      color,
      size,
      turns: [
        base,
        (COLOR_TURNS[index % COLOR_TURNS.length] ?? '').replace('{c}', color),
        (SIZE_TURNS[Math.floor(index / COLOR_TURNS.length) % SIZE_TURNS.length] ?? '').replace('{s}', size),
      ],
    });
    if (cases.length === count) break;
  }
  return cases;
}

/** Runs the conversations and prints the share whose last search carries both constraints. */
export async function run(argv: string[]): Promise<void> {
  const countIndex = argv.indexOf('--count');
  const count = countIndex >= 0 ? Number(argv[countIndex + 1]) : 120;
  if (!(Number.isInteger(count) && count > 0)) throw new Error('--count must be a positive integer');
  const verbose = argv.includes('--verbose');
  const goals = JSON.parse(readFileSync(process.env.WEBSHOP_HUMAN_GOALS ?? DEFAULT_PATH, 'utf8')) as string[];
  const cases = webshopCases(goals, count);
  const dataDir = mkdtempSync(join(tmpdir(), 'rushcart-eval-webshop-'));
  const app = await createApp(
    loadConfig(
      { RUSHCART_LOG_LEVEL: 'silent' },
      { dataDir, databaseUrl: join(dataDir, 'eval.db'), seedDemo: true, adminKey: ADMIN_KEY },
    ),
    { logger: false, admission: { enabled: false } },
  );
  const results: { goal: string; turns: readonly string[]; ok: boolean; search?: unknown }[] = [];
  try {
    for (const item of cases) {
      const token = await newShopperToken(app);
      let conversationId: string | undefined;
      for (const text of item.turns) {
        const response = await sendTurn(app, token, conversationId, text);
        if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`);
        conversationId = (response.json() as { conversationId: string }).conversationId;
      }
      // The last turn's searches: the first states what was understood, later ones relax it when
      // the catalog has no match, so one of them must carry both as filters.
      const searches = await lastTurnSearches(app.db.kysely, conversationId ?? '');
      const wantColor = item.color === 'grey' ? ['grey', 'gray'] : [item.color];
      const carries = (search: Record<string, unknown>) =>
        ((search.colors as string[] | undefined) ?? []).some((color) => wantColor.includes(color)) &&
        ((search.sizes as string[] | undefined) ?? []).map(sizeName).includes(sizeName(item.size));
      const ok = searches.some(carries);
      const search = searches;
      results.push({ goal: item.goal, turns: item.turns, ok, search });
      if (verbose || !ok)
        console.log(`${ok ? 'ok  ' : 'FAIL'} ${item.turns.join(' | ')} -> ${JSON.stringify(search)}`);
    }
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const passed = results.filter((result) => result.ok).length;
  console.log(
    `${passed}/${results.length} WebShop-derived conversations carried colour and size to the last search (${((passed / results.length) * 100).toFixed(1)}%)`,
  );
  const outDir = resolve('eval/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    resolve(outDir, 'webshop.json'),
    `${JSON.stringify({ conversations: results.length, passed, at: new Date().toISOString(), results }, null, 2)}\n`,
  );
}

/** A size as one spelling: "large" and "L" are one size. */
function sizeName(size: string): string {
  return canonicalSize(size) ?? size.toUpperCase();
}

/** The inputs of the search_products calls of the conversation's last turn, from the stored model messages. */
async function lastTurnSearches(
  kysely: Awaited<ReturnType<typeof createApp>>['db']['kysely'],
  conversationId: string,
): Promise<Record<string, unknown>[]> {
  const row = await kysely
    .selectFrom('assistant_messages')
    .select(['model_messages'])
    .where('conversation_id', '=', conversationId)
    .where('role', '=', 'assistant')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const searches: Record<string, unknown>[] = [];
  for (const message of JSON.parse(row?.model_messages ?? '[]') as { role: string; content: unknown }[]) {
    if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
    for (const part of message.content as { type: string; toolName?: string; input?: unknown }[]) {
      if (part.type === 'tool-call' && part.toolName === 'search_products')
        searches.push(part.input as Record<string, unknown>);
    }
  }
  return searches;
}
