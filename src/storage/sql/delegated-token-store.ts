import type { DelegatedTokenStore } from '../../protocols/acp/delegated-payments.js';
import type { Db } from '../dialect.js';

/** Delegated payment tokens in the main database (SQLite or PostgreSQL through Kysely). */
export function createSqlDelegatedTokenStore(db: Db): DelegatedTokenStore {
  const kysely = db.kysely;
  return {
    async insert(token) {
      await kysely
        .insertInto('delegated_payment_tokens')
        .values({
          id: token.id,
          shopper_id: token.shopperId,
          card_token: token.cardToken,
          max_amount: token.maxAmount.amount,
          currency: token.maxAmount.currency,
          checkout_session_id: token.checkoutSessionId,
          merchant_id: token.merchantId,
          expires_at: token.expiresAt,
          metadata: JSON.stringify(token.metadata),
          created_at: token.createdAt,
        })
        .execute();
    },

    async find(id) {
      const row = await kysely
        .selectFrom('delegated_payment_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        id: row.id,
        shopperId: row.shopper_id,
        cardToken: row.card_token,
        maxAmount: { amount: Number(row.max_amount), currency: row.currency },
        checkoutSessionId: row.checkout_session_id,
        merchantId: row.merchant_id,
        expiresAt: Number(row.expires_at),
        metadata: JSON.parse(row.metadata) as Record<string, string>,
        createdAt: Number(row.created_at),
      };
    },
  };
}
