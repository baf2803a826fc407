import type { Selectable } from 'kysely';
import type {
  CardVault,
  LedgerEntry,
  SavedCard,
  TestPaymentLedger,
} from '../../commerce/payments/test-payment-provider.js';
import type { Db } from '../dialect.js';
import type { Database } from '../schema.js';

/**
 * The test provider's books in `test_payment_ledger`. Each entry is written in a transaction of its
 * own before the provider answers, as a processor records a charge before its reply leaves, so the
 * books survive a crash of the checkout that called the provider.
 */
export function createSqlPaymentLedger(db: Db): TestPaymentLedger {
  const kysely = db.kysely;
  const find = async (key: string) => {
    const row = await kysely
      .selectFrom('test_payment_ledger')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : toEntry(row);
  };
  const insert = (executor: typeof kysely, entry: LedgerEntry) =>
    executor
      .insertInto('test_payment_ledger')
      .values({
        key: entry.key,
        kind: entry.kind,
        outcome: entry.outcome,
        reference: entry.reference,
        capture_reference: entry.captureReference ?? null,
        amount: entry.amount,
        currency: entry.currency,
        created_at: entry.createdAt,
      })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();

  return {
    find,
    async recordAuthorization(entry) {
      await insert(kysely, entry);
      return (await find(entry.key)) ?? entry;
    },
    async settleHold(key, outcome) {
      await kysely
        .updateTable('test_payment_ledger')
        .set({ outcome })
        .where('key', '=', key)
        .where('outcome', '=', 'authorized')
        .execute();
      return find(key);
    },
    async recordRefund(entry) {
      const stands = await kysely.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('test_payment_ledger')
          .selectAll()
          .where('key', '=', entry.key)
          .executeTakeFirst();
        if (existing !== undefined) return toEntry(existing);
        // The charge is locked on PostgreSQL, so two refunds of it at once see each other.
        let chargeQuery = trx
          .selectFrom('test_payment_ledger')
          .selectAll()
          .where('kind', '=', 'capture')
          .where('outcome', '=', 'captured')
          .where('reference', '=', entry.captureReference ?? '');
        if (db.dialect === 'postgres') chargeQuery = chargeQuery.forUpdate();
        const charge = await chargeQuery.executeTakeFirst();
        if (charge === undefined) return undefined;
        const refunded = await trx
          .selectFrom('test_payment_ledger')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
          .where('kind', '=', 'refund')
          .where('capture_reference', '=', entry.captureReference ?? '')
          .executeTakeFirstOrThrow();
        if (Number(refunded.total) + entry.amount > Number(charge.amount)) return undefined;
        await insert(trx, entry);
        return entry;
      });
      return stands;
    },
    async entries() {
      const rows = await kysely.selectFrom('test_payment_ledger').selectAll().orderBy('created_at').execute();
      return rows.map(toEntry);
    },
  };
}

function toEntry(row: Selectable<Database['test_payment_ledger']>): LedgerEntry {
  return {
    key: row.key,
    kind: row.kind as LedgerEntry['kind'],
    outcome: row.outcome as LedgerEntry['outcome'],
    reference: row.reference ?? '',
    captureReference: row.capture_reference ?? undefined,
    amount: Number(row.amount),
    currency: row.currency,
    createdAt: Number(row.created_at),
  };
}

/** The test provider's saved cards in `test_payment_cards`. */
export function createSqlCardVault(db: Db): CardVault {
  return {
    async save(card) {
      await db.kysely
        .insertInto('test_payment_cards')
        .values({
          token: card.token,
          shopper_id: card.shopperId,
          card: card.card,
          last4: card.last4,
          fingerprint: card.fingerprint ?? null,
          created_at: card.createdAt,
        })
        .onConflict((conflict) => conflict.column('token').doNothing())
        .execute();
    },
    async find(token) {
      const row = await db.kysely
        .selectFrom('test_payment_cards')
        .selectAll()
        .where('token', '=', token)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            token: row.token,
            shopperId: row.shopper_id,
            card: row.card as SavedCard['card'],
            last4: row.last4,
            ...(row.fingerprint === null ? {} : { fingerprint: row.fingerprint }),
            createdAt: Number(row.created_at),
          };
    },
  };
}
