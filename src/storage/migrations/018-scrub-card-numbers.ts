import type { Kysely } from 'kysely';
import { CARD_RUN, passesLuhn } from '../../assistant/guardrails/card-redaction.js';

/** What a stored ACP attempt pays with once its card number is gone: a token no shopper was given. */
const SCRUBBED_TOKEN = 'tok_scrubbedcardnumber000000';

/** The text with every Luhn-valid card number replaced by its last four digits. */
export function scrubCardNumbers(text: string): string {
  return text.replace(CARD_RUN, (run) => {
    const digits = run.replace(/[ -]/g, '');
    return passesLuhn(digits) ? `card ending ${digits.slice(-4)}` : run;
  });
}

const BATCH = 500;

/**
 * Card numbers written before cards were saved for tokens (migration 017) are scrubbed: the
 * shoppers' messages and their model messages, pending confirmations (whose old `cardNumber`
 * argument then no longer runs: the shopper is asked for the card again), and stored ACP attempts
 * (whose payment becomes a token no one holds, so replaying one is refused rather than charged
 * with a number kept for it). Idempotency records keep only hashes, and expire within a day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const raw = db as unknown as Kysely<Record<string, Record<string, string | null>>>;
  await scrubColumns(raw, 'assistant_messages', ['text', 'cards', 'model_messages']);
  await scrubColumns(raw, 'assistant_conversations', ['pending_confirmation']);
  await scrubAttempts(raw);
}

/** Rewrites the given text columns of every row that holds a card number, a batch at a time by id. */
async function scrubColumns(
  db: Kysely<Record<string, Record<string, string | null>>>,
  table: string,
  columns: readonly string[],
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom(table)
      .select(['id', ...columns])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const changed: Record<string, string> = {};
      for (const column of columns) {
        const value = row[column];
        if (typeof value !== 'string') continue;
        const scrubbed = scrubCardNumbers(value);
        if (scrubbed !== value) changed[column] = scrubbed;
      }
      if (Object.keys(changed).length > 0) {
        await db
          .updateTable(table)
          .set(changed)
          .where('id', '=', row.id ?? '')
          .execute();
      }
    }
    if (rows.length < BATCH) return;
    after = String(rows.at(-1)?.id ?? '');
  }
}

/** Stored ACP attempts paying with a card number pay with an unknown token instead. */
async function scrubAttempts(db: Kysely<Record<string, Record<string, string | null>>>): Promise<void> {
  const rows = await db
    .selectFrom('agent_checkout_sessions')
    .select(['id', 'attempt_input'])
    .where('attempt_input', 'is not', null)
    .execute();
  for (const row of rows) {
    const input = JSON.parse(row.attempt_input ?? 'null') as { payment?: Record<string, unknown> } | null;
    if (input?.payment === undefined || input.payment.number === undefined) continue;
    input.payment = { type: 'test_card', token: SCRUBBED_TOKEN };
    await db
      .updateTable('agent_checkout_sessions')
      .set({ attempt_input: JSON.stringify(input) })
      .where('id', '=', row.id ?? '')
      .execute();
  }
}
