import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Command } from 'commander';
import { type ProductInput, parseCatalogJson, parseShopifyCsv } from '../catalog/index.js';
import { AppError } from '../shared/app-error.js';
import { printSummary, progressBar, reportImportError, withCatalog } from './catalog-cli.js';

/** `rushcart import <file>`: imports our JSON catalog format or a Shopify product CSV, all rows or none. */
export function importCommand(): Command {
  return new Command('import')
    .description('import products from a .json file (our format) or a .csv file (Shopify product export)')
    .argument('<file>', 'path to a .json or .csv file')
    .option('--currency <code>', 'currency of the decimal prices in a Shopify CSV', 'USD')
    .action(async (file: string, flags: { currency: string }) => {
      const bar = progressBar('importing');
      try {
        const products = readCatalogFile(file, flags.currency);
        const summary = await withCatalog((catalog) => catalog.importProducts(products, bar.onProgress));
        bar.stop();
        printSummary(summary);
      } catch (error) {
        bar.stop();
        reportImportError(error);
      }
    });
}

function readCatalogFile(file: string, currency: string): ProductInput[] {
  if (!/^[A-Z]{3}$/.test(currency))
    throw new AppError('VALIDATION_FAILED', 'currency must be a three-letter ISO 4217 code');
  const text = readFileSync(file, 'utf8');
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return parseShopifyCsv(text, currency);
  if (extension === '.json') {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new AppError('IMPORT_FAILED', `${file} is not valid JSON: ${(error as Error).message}`);
    }
    return parseCatalogJson(document);
  }
  throw new AppError('IMPORT_FAILED', `${file}: expected a .json or .csv file`);
}
