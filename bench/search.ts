/**
 * `npm run bench -- search [--size 100000] [--queries 1000] [--engines impact,minisearch] [--lang zh] [--out file]`
 *
 * Builds the in-process search index over the demo catalog and over a deterministic synthetic
 * catalog, runs a realistic query mix (typos, filters, facets, sorts) and reports queries per
 * second and p50/p99 latency per engine, plus relevance on hand-judged demo queries. With
 * `--lang zh` it also builds a Chinese synthetic catalog of the same size and shape (from the
 * Chinese demo slice's types) and runs the same mix in Chinese on each engine, for Chinese latency
 * against English. Engines: `impact` (ours, the product's) and `minisearch` (the baseline it
 * replaced). Writes `bench/results/search.json`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProduct } from '../src/catalog/build-product.js';
import { demoCatalogPath, type Product, parseCatalogJson, type SearchQuery } from '../src/catalog/index.js';
import { createImpactEngine } from '../src/catalog/search/impact-engine.js';
import { createSearchIndex, type SearchIndex } from '../src/catalog/search/search-index.js';
import type { TextEngine } from '../src/catalog/search/text-engine.js';
import { createMiniSearchEngine } from './search/minisearch-engine.js';
import { queryMix, type Vocabulary } from './search/query-mix.js';
import { measureRelevance } from './search/relevance.js';
import { BRANDS, COLORS, PRODUCT_TYPES, syntheticProducts } from './search/synthetic-catalog.js';
import { zhSyntheticProducts, zhVocabulary } from './search/zh-synthetic-catalog.js';

const ENGINES: Record<string, () => TextEngine> = {
  impact: createImpactEngine,
  minisearch: createMiniSearchEngine,
};

interface Row {
  engine: string;
  catalog: string;
  products: number;
  variants: number;
  buildSeconds: number;
  heapMb: number;
  queries: number;
  qps: number;
  p50Ms: number;
  p99Ms: number;
  relevance?: { hitAt1: number; hitAt3: number; mrr: number; misses: string[] };
}

/** Runs the search benchmark. */
export async function run(argv: string[]): Promise<void> {
  const size = Number(flag(argv, '--size') ?? 100_000);
  const queryCount = Number(flag(argv, '--queries') ?? 1_000);
  const engines = (flag(argv, '--engines') ?? 'impact,minisearch').split(',');
  for (const engine of engines)
    if (ENGINES[engine] === undefined) throw new Error(`unknown engine ${engine}`);

  const demo = parseCatalogJson(JSON.parse(readFileSync(demoCatalogPath(), 'utf8'))).map((input) =>
    buildProduct(input, 1_700_000_000_000),
  );
  const demoVocabulary: Vocabulary = {
    nouns: [
      't-shirt',
      'running shoes',
      'laptop',
      'perfume',
      'kettle',
      'sunglasses',
      'iphone',
      'mascara',
      'lipstick',
      'watch',
      'backpack',
      'headphones',
      'office chair',
      'yoga mat',
      'sneakers',
      'smartphone',
      'tablet',
      'dress',
      'shirt',
      'bag',
      'cotton t-shirt',
      'wireless earbuds',
    ],
    colors: ['red', 'black', 'blue', 'white', 'green'],
    categories: [...new Set(demo.map((product) => product.category))],
    brands: [...new Set(demo.flatMap((product) => (product.brand === null ? [] : [product.brand])))],
  };
  const syntheticVocabulary: Vocabulary = {
    nouns: PRODUCT_TYPES.map((type) => type.noun),
    colors: COLORS,
    categories: [...new Set(PRODUCT_TYPES.map((type) => type.category))],
    brands: BRANDS,
  };

  const rows: Row[] = [];
  for (const engine of engines) {
    const create = ENGINES[engine] as () => TextEngine;
    progress(`[${engine}] demo catalog: building`);
    const demoRow = measure(engine, 'demo', demo, create, queryMix(demoVocabulary, queryCount));
    demoRow.relevance = measureRelevance(demoRow.index);
    rows.push(demoRow.row);
    rows[rows.length - 1] = { ...demoRow.row, relevance: demoRow.relevance };
    progress(`[${engine}] synthetic ${size}: generating and building`);
    const synthetic = measure(
      engine,
      `synthetic-${size}`,
      syntheticProducts(size),
      create,
      queryMix(syntheticVocabulary, queryCount),
    );
    rows.push(synthetic.row);
    if (flag(argv, '--lang') === 'zh') {
      progress(`[${engine}] Chinese synthetic ${size}: generating and building`);
      const zh = measure(
        engine,
        `zh-synthetic-${size}`,
        zhSyntheticProducts(size),
        create,
        queryMix(zhVocabulary(), queryCount),
      );
      rows.push(zh.row);
    }
  }

  printTable(rows);
  const output =
    flag(argv, '--out') ?? join(dirname(fileURLToPath(import.meta.url)), 'results', 'search.json');
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(
    output,
    `${JSON.stringify(
      {
        benchmark: 'search',
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
        queryMix: 'see bench/search/query-mix.ts; every query computes facets; limit 20',
        rows,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwrote ${output}\n`);
}

function measure(
  engine: string,
  catalog: string,
  products: Iterable<Product>,
  createEngine: () => TextEngine,
  queries: readonly SearchQuery[],
): { row: Row; index: SearchIndex; relevance?: Row['relevance'] } {
  const heapBefore = process.memoryUsage().heapUsed;
  const index = createSearchIndex(createEngine());
  const buildStart = performance.now();
  let count = 0;
  let variants = 0;
  for (const product of products) {
    index.upsert(product);
    count += 1;
    variants += product.variants.length;
    if (count % 20_000 === 0) progress(`[${engine}] ${catalog}: indexed ${count}`);
  }
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;

  const warmup = Math.min(100, queries.length);
  for (const query of queries.slice(0, warmup)) index.search(query);
  const latencies: number[] = [];
  const start = performance.now();
  queries.forEach((query, position) => {
    const before = performance.now();
    index.search(query);
    latencies.push(performance.now() - before);
    if ((position + 1) % 500 === 0)
      progress(`[${engine}] ${catalog}: ${position + 1}/${queries.length} queries`);
  });
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    index,
    row: {
      engine,
      catalog,
      products: count,
      variants,
      buildSeconds: round(buildSeconds, 2),
      heapMb: round(heapMb, 0),
      queries: queries.length,
      qps: round(queries.length / seconds, 0),
      p50Ms: round(percentile(latencies, 0.5), 2),
      p99Ms: round(percentile(latencies, 0.99), 2),
    },
  };
}

function printTable(rows: readonly Row[]): void {
  const header = [
    'engine',
    'catalog',
    'products',
    'variants',
    'build s',
    'heap MB',
    'qps',
    'p50 ms',
    'p99 ms',
    'hit@1',
    'MRR',
  ];
  const lines = rows.map((row) => [
    row.engine,
    row.catalog,
    String(row.products),
    String(row.variants),
    row.buildSeconds.toFixed(2),
    String(row.heapMb),
    String(row.qps),
    row.p50Ms.toFixed(2),
    row.p99Ms.toFixed(2),
    row.relevance === undefined ? '' : row.relevance.hitAt1.toFixed(2),
    row.relevance === undefined ? '' : row.relevance.mrr.toFixed(2),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);
  for (const row of rows) {
    if (row.relevance !== undefined && row.relevance.misses.length > 0) {
      process.stdout.write(`${row.engine} missed (not in top 10): ${row.relevance.misses.join(', ')}\n`);
    }
  }
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

function progress(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
