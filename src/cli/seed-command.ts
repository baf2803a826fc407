import { Command } from 'commander';
import { seedChineseDemoCatalog, seedDemoCatalog } from '../catalog/index.js';
import { printSummary, progressBar, reportImportError, withCatalog } from './catalog-cli.js';

/** `rushcart seed`: imports the demo catalog (fixed ids, so running it again replaces rather than duplicates). */
export function seedCommand(): Command {
  return new Command('seed')
    .description('import the demo catalog (data/demo-catalog.json) into the configured database')
    .option('--if-empty', 'do nothing when the catalog already has products')
    .option('--zh', 'import the Chinese demo slice (data/demo-catalog-zh.json, CNY) instead')
    .action(async (flags: { ifEmpty?: boolean; zh?: boolean }) => {
      const bar = progressBar('seeding');
      try {
        const summary = await withCatalog((catalog) =>
          flags.zh === true
            ? seedChineseDemoCatalog(catalog, { onProgress: bar.onProgress })
            : seedDemoCatalog(catalog, { onlyIfEmpty: flags.ifEmpty === true, onProgress: bar.onProgress }),
        );
        bar.stop();
        if (summary === undefined) process.stdout.write('the catalog already has products; nothing seeded\n');
        else printSummary(summary);
      } catch (error) {
        bar.stop();
        reportImportError(error);
      }
    });
}
