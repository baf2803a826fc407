import type { EmailCode, VerificationStore } from '../../shoppers/email-verification.js';
import type { Db } from '../dialect.js';

/** Verified addresses and one-time codes over the SQL database (both dialects). */
export function createSqlVerificationStore(db: Db): VerificationStore {
  const kysely = db.kysely;
  return {
    async saveCode(code) {
      await kysely
        .insertInto('email_codes')
        .values({
          email_key: code.emailKey,
          shopper_id: code.shopperId,
          email: code.email,
          code_hash: code.codeHash,
          attempts: 0,
          sent_at: code.sentAt,
          expires_at: code.expiresAt,
        })
        .onConflict((conflict) =>
          conflict.column('email_key').doUpdateSet({
            shopper_id: code.shopperId,
            email: code.email,
            code_hash: code.codeHash,
            attempts: 0,
            sent_at: code.sentAt,
            expires_at: code.expiresAt,
          }),
        )
        .execute();
    },
    async findCode(emailKey) {
      const row = await kysely
        .selectFrom('email_codes')
        .selectAll()
        .where('email_key', '=', emailKey)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const code: EmailCode = {
        emailKey: row.email_key,
        shopperId: row.shopper_id,
        email: row.email,
        codeHash: row.code_hash,
        attempts: Number(row.attempts),
        sentAt: Number(row.sent_at),
        expiresAt: Number(row.expires_at),
      };
      return code;
    },
    async countAttempt(emailKey) {
      await kysely
        .updateTable('email_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('email_key', '=', emailKey)
        .execute();
    },
    async bind({ emailKey, email, shopperId, at }) {
      // One transaction: the code is spent and the address bound together, or neither.
      return kysely.transaction().execute(async (trx) => {
        await trx.deleteFrom('email_codes').where('email_key', '=', emailKey).execute();
        const owner = await trx
          .selectFrom('verified_emails')
          .select('shopper_id')
          .where('email_key', '=', emailKey)
          .executeTakeFirst();
        if (owner !== undefined) return owner.shopper_id;
        const bound = await trx
          .selectFrom('verified_emails')
          .select('email_key')
          .where('shopper_id', '=', shopperId)
          .executeTakeFirst();
        if (bound !== undefined) return undefined;
        // Two sessions verifying at once: the loser's insert does nothing and it reads the winner.
        await trx
          .insertInto('verified_emails')
          .values({ email_key: emailKey, shopper_id: shopperId, email, verified_at: at })
          .onConflict((conflict) => conflict.doNothing())
          .execute();
        const winner = await trx
          .selectFrom('verified_emails')
          .select('shopper_id')
          .where('email_key', '=', emailKey)
          .executeTakeFirst();
        if (winner?.shopper_id === shopperId) {
          await trx.updateTable('shoppers').set({ email }).where('id', '=', shopperId).execute();
        }
        return winner?.shopper_id;
      });
    },
  };
}
