import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { type VerifyReport, verifyFigures } from '../promotions/index.js';
import type { Db } from '../storage/dialect.js';
import { openDatabase } from '../storage/open-database.js';
import { gatherCampaignFigures } from '../storage/sql/ledger-audit.js';
import { verifyPayments } from '../storage/sql/payments-audit.js';
import { createSqlPaymentLedger } from '../storage/sql/test-payment-ledger.js';

/** Recomputes every campaign's counters from coupons, reservations and the ledger. */
export async function verifyPromotions(db: Db): Promise<VerifyReport> {
  return verifyFigures(await gatherCampaignFigures(db));
}

/** `rushcart verify`: checks the promotion invariants against the store; exit code 1 on any mismatch. */
export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      'recompute campaign counters from coupons, reservations and the ledger, and check payments against orders; exit 1 on a mismatch',
    )
    .option('--json', 'print the report as JSON')
    .action(async (flags: { json?: boolean }) => {
      const config = loadConfig();
      const db = await openDatabase(config.databaseUrl, { schema: config.databaseSchema });
      try {
        const report = await verifyPromotions(db);
        // The built-in test provider's books are in the database; a real processor's would be fetched.
        const payments = await verifyPayments(db, await createSqlPaymentLedger(db).entries());
        if (flags.json === true) {
          process.stdout.write(`${JSON.stringify({ ...report, payments }, null, 2)}\n`);
        } else {
          process.stdout.write(`Checked ${report.campaigns} campaign(s): `);
          if (report.ok)
            process.stdout.write('every counter matches its coupons, reservations and ledger.\n');
          else {
            process.stdout.write(`${report.mismatches.length} mismatch(es)\n`);
            for (const mismatch of report.mismatches) {
              process.stdout.write(
                `  ${mismatch.campaignId}  ${mismatch.check}: expected ${mismatch.expected}, found ${mismatch.actual}\n`,
              );
            }
          }
          process.stdout.write(`Checked ${payments.orders} order(s): `);
          if (payments.ok) {
            process.stdout.write("every capture and refund adds up, and agrees with the provider's books.\n");
          } else {
            process.stdout.write(`${payments.mismatches.length} mismatch(es)\n`);
            for (const mismatch of payments.mismatches) {
              process.stdout.write(
                `  ${mismatch.orderId}  ${mismatch.check}: expected ${mismatch.expected}, found ${mismatch.actual}\n`,
              );
            }
          }
        }
        process.exitCode = report.ok && payments.ok ? 0 : 1;
      } finally {
        await db.close();
      }
    });
}
