/**
 * `npm run eval -- queries`: rewrites every WebShop instruction that has human-issued search
 * queries into the query the local model would search for, and reports token F1 against the
 * human queries (best match per instruction, as several people may have searched differently).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tokenF1, toSearchQuery } from '../src/assistant/language/search-query.js';

const DEFAULT_PATH = '/work/shared/data/webshop-goals/goal_query_map.json';

/** Scores the rewriting and prints a summary; `--data <file>` points at another goal_query_map.json. */
export async function run(argv: string[]): Promise<void> {
  const dataIndex = argv.indexOf('--data');
  const path =
    dataIndex >= 0 ? (argv[dataIndex + 1] ?? DEFAULT_PATH) : (process.env.WEBSHOP_GOALS ?? DEFAULT_PATH);
  const map = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string[]>;
  const entries = Object.entries(map);
  let bestSum = 0;
  let meanSum = 0;
  let exact = 0;
  const started = performance.now();
  const worst: { instruction: string; predicted: string; reference: string; f1: number }[] = [];
  for (const [instruction, queries] of entries) {
    const predicted = toSearchQuery(instruction);
    const scores = queries.map((query) => tokenF1(predicted, query));
    const best = Math.max(...scores);
    bestSum += best;
    meanSum += scores.reduce((sum, score) => sum + score, 0) / scores.length;
    if (best === 1) exact += 1;
    worst.push({ instruction, predicted, reference: queries[scores.indexOf(best)] ?? '', f1: best });
  }
  const elapsedMs = performance.now() - started;
  worst.sort((a, b) => a.f1 - b.f1);
  const summary = {
    instructions: entries.length,
    humanQueries: entries.reduce((sum, [, queries]) => sum + queries.length, 0),
    tokenF1Best: round(bestSum / entries.length),
    tokenF1Mean: round(meanSum / entries.length),
    exactMatch: round(exact / entries.length),
    rewritesPerSecond: Math.round(entries.length / (elapsedMs / 1000)),
  };
  console.table(summary);
  console.log('lowest five:');
  for (const row of worst.slice(0, 5))
    console.log(`  ${row.f1.toFixed(2)}  "${row.predicted}"  vs  "${row.reference}"`);
  const outDir = resolve('eval/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    resolve(outDir, 'queries.json'),
    `${JSON.stringify({ ...summary, source: path, at: new Date().toISOString() }, null, 2)}\n`,
  );
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
