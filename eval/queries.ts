/**
 * `npm run eval -- queries`: rewrites every WebShop instruction that has human-issued search
 * queries into the query the local model would search for, and reports token F1 against the
 * human queries (best match per instruction, as several people may have searched differently).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { percentiles } from '../bench/lib/percentiles.js';
import { tokenF1, toSearchQuery } from '../src/assistant/language/search-query.js';
import { buildProduct } from '../src/catalog/build-product.js';
import { type Product, parseCatalogJson } from '../src/catalog/index.js';
import { createImpactEngine } from '../src/catalog/search/impact-engine.js';
import { createSearchIndex } from '../src/catalog/search/search-index.js';

const DEFAULT_PATH = '/work/shared/data/webshop-goals/goal_query_map.json';

/** Scores the rewriting and prints a summary; `--data <file>` points at another goal_query_map.json. */
export async function run(argv: string[]): Promise<void> {
  const lang = argv[argv.indexOf('--lang') + 1];
  if (argv.includes('--lang') && lang === 'zh') return runChinese();
  if (argv.includes('--lang') && lang !== 'en') throw new Error(`--lang takes en or zh, not ${lang}`);
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

/**
 * `npm run eval -- queries --lang zh`: searches the Chinese demo slice (`data/demo-catalog-zh.json`)
 * with the labelled Chinese query set (`eval/zh-queries.json`: colloquial requests, Traditional
 * characters, synonyms, brands, mixed Chinese and English, price bounds) and reports recall@10,
 * the share of each query's expected products among its first ten results, and latency.
 */
async function runChinese(): Promise<void> {
  const products = parseCatalogJson(
    JSON.parse(readFileSync(resolve('data/demo-catalog-zh.json'), 'utf8')),
  ).map((input) => buildProduct(input, 1_700_000_000_000));
  const { queries } = JSON.parse(readFileSync(resolve('eval/zh-queries.json'), 'utf8')) as {
    queries: { query: string; maxPrice?: number; expected: string[] }[];
  };
  // The baseline is the same index splitting words on spaces and punctuation only, as before.
  const spacesOnly = (text: string) => text.split(/[^\p{L}\p{N}-]+/u).filter((word) => word !== '');
  const rows = [
    scoreChinese('segmented (jieba, Traditional folded)', createSearchIndex(), products, queries),
    scoreChinese(
      'spaces only (baseline)',
      createSearchIndex(createImpactEngine({ tokenize: spacesOnly })),
      products,
      queries,
    ),
  ];
  console.table(rows.map(({ misses, ...row }) => row));
  for (const miss of rows[0]?.misses ?? []) {
    console.log(`  ${miss.recall.toFixed(2)}  ${miss.query}  ->  ${miss.got.join(' | ')}`);
  }
  const outDir = resolve('eval/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    resolve(outDir, 'queries-zh.json'),
    `${JSON.stringify({ rows, at: new Date().toISOString() }, null, 2)}\n`,
  );
}

/**
 * Recall@10 (the share of a query's expected products among its first ten results) and R-precision
 * (the share of expected products among the first as many results as there are expected), averaged.
 */
function scoreChinese(
  name: string,
  index: ReturnType<typeof createSearchIndex>,
  products: readonly Product[],
  queries: readonly { query: string; maxPrice?: number; expected: string[] }[],
) {
  for (const product of products) index.upsert(product);
  // Warm up first (jieba's dictionary loads on the first Chinese text), so latency is the query's.
  for (const item of queries) index.search({ text: item.query, limit: 10, offset: 0 });
  let recallSum = 0;
  let precisionSum = 0;
  const misses: { query: string; recall: number; got: string[] }[] = [];
  const timings: number[] = [];
  for (const item of queries) {
    const started = performance.now();
    const result = index.search({ text: item.query, maxPrice: item.maxPrice, limit: 10, offset: 0 });
    timings.push(performance.now() - started);
    const got = result.hits.map((hit) => hit.product.id);
    const recall = item.expected.filter((id) => got.includes(id)).length / Math.min(10, item.expected.length);
    const top = got.slice(0, item.expected.length);
    precisionSum += item.expected.filter((id) => top.includes(id)).length / item.expected.length;
    recallSum += recall;
    if (recall < 1)
      misses.push({
        query: item.query,
        recall,
        got: result.hits.slice(0, 3).map((hit) => hit.product.title),
      });
  }
  const latency = percentiles(timings, [50, 99]);
  return {
    index: name,
    queries: queries.length,
    recallAt10: round(recallSum / queries.length),
    rPrecision: round(precisionSum / queries.length),
    perfectRecall: queries.length - misses.length,
    p50Ms: latency.p50 ?? 0,
    p99Ms: latency.p99 ?? 0,
    misses,
  };
}
