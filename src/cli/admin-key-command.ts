import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { loadSecrets } from '../shoppers/index.js';

/** `rushcart admin-key`: prints the admin key of this data dir (creating it if it does not exist yet). */
export function adminKeyCommand(): Command {
  return new Command('admin-key')
    .description('print the admin key that protects /api/v1/admin/* (RUSHCART_ADMIN_KEY wins when set)')
    .action(() => {
      const config = loadConfig();
      const secrets = loadSecrets(config.dataDir, { jwtSecret: config.jwtSecret, adminKey: config.adminKey });
      process.stdout.write(`${secrets.adminKey}\n`);
    });
}
