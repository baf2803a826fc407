/**
 * Converts the two upstream demo data sets into `data/demo-catalog.json`, our own catalog format,
 * once; the output is committed and seeded on first start. Ids derive from the upstream ids, so
 * re-running it (or re-seeding) is stable.
 *
 *   npx tsx scripts/convert-demo-data.ts [data-dir]   (default /work/shared/data)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convertDummyJson } from '../src/catalog/importers/convert-dummyjson.js';
import { convertTau2 } from '../src/catalog/importers/convert-tau2.js';
import { parseCatalogJson } from '../src/catalog/importers/parse-catalog-json.js';

const sourceDir = resolve(process.argv[2] ?? '/work/shared/data');
const output = resolve(import.meta.dirname, '../data/demo-catalog.json');

const readJson = (path: string): unknown => JSON.parse(readFileSync(join(sourceDir, path), 'utf8'));
const products = [
  ...convertDummyJson(readJson('dummyjson/products.json')),
  ...convertTau2(readJson('tau2-retail/db.json')),
];
// The same validation an import runs: the committed file must always be importable.
parseCatalogJson(products);

// One product per line keeps diffs of the committed file readable.
writeFileSync(
  output,
  `{"products": [\n${products.map((product) => JSON.stringify(product)).join(',\n')}\n]}\n`,
);
const variants = products.reduce((sum, product) => sum + product.variants.length, 0);
process.stdout.write(`wrote ${products.length} products with ${variants} variants to ${output}\n`);
