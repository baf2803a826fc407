import type { RiskSettingsStore, ShopperFacts } from '../../fraud/fraud-defences.js';
import { RiskSettingsSchema } from '../../fraud/risk-settings.js';
import { shopperFacts } from '../../fraud/shopper-facts.js';
import type { Db } from '../dialect.js';

/** The merchant's saved rule settings (one row). */
export function createSqlRiskSettingsStore(db: Db): RiskSettingsStore {
  return {
    async load() {
      const row = await db.kysely
        .selectFrom('fraud_settings')
        .select('rules')
        .where('id', '=', 'default')
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const parsed = RiskSettingsSchema.safeParse(JSON.parse(row.rules));
      return parsed.success ? parsed.data : undefined;
    },
    async save(settings, at) {
      const rules = JSON.stringify(settings);
      await db.kysely
        .insertInto('fraud_settings')
        .values({ id: 'default', rules, updated_at: at })
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ rules, updated_at: at }))
        .execute();
    },
  };
}

/** A shopper's facts for the risk screen: one read joining the shopper and their verified address. */
export function createSqlShopperFactsLoader(
  db: Db,
): (shopperId: string) => Promise<ShopperFacts | undefined> {
  return async (shopperId) => {
    const row = await db.kysely
      .selectFrom('shoppers')
      .leftJoin('verified_emails', 'verified_emails.shopper_id', 'shoppers.id')
      .select([
        'shoppers.id as id',
        'shoppers.email as email',
        'shoppers.device_id as device_id',
        'shoppers.created_at as created_at',
        'verified_emails.email_key as email_key',
      ])
      .where('shoppers.id', '=', shopperId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return shopperFacts({
      shopperId: row.id,
      email: row.email ?? undefined,
      deviceId: row.device_id ?? undefined,
      createdAt: Number(row.created_at),
      verifiedKey: row.email_key ?? undefined,
    });
  };
}
