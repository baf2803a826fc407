import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../src/storage/dialect.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import { openPostgres } from '../src/storage/postgres/open-postgres.js';
import { openSqlite } from '../src/storage/sqlite/open-sqlite.js';
import { makeCampaign, makeCoupon } from './helpers/promotion-factory.js';
import { STORES } from './helpers/stores.js';

/**
 * Migration 012 rebuilds `coupons` on SQLite (a table constraint cannot be dropped there) and
 * alters it on PostgreSQL. A store that already holds coupons must come out with every one of
 * them and with the per-shopper limit still enforced by the database.
 */
for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `migration 012 on a ${store.name} store with coupons`,
    () => {
      it('keeps every coupon, and (shopper, campaign, ordinal) stays unique', async () => {
        const fresh = await store.freshDatabase();
        const db: Db =
          fresh.schema === undefined
            ? openSqlite(fresh.url)
            : openPostgres({ url: fresh.url, schema: fresh.schema });
        try {
          const migrator = new Migrator({
            db: db.kysely,
            provider: migrationProvider,
            ...(fresh.schema === undefined ? {} : { migrationTableSchema: fresh.schema }),
          });
          expect((await migrator.migrateTo('011-order-coupon-release')).error).toBeUndefined();
          const campaignId = await makeCampaign(db, { perShopperLimit: 2 });
          const made = [
            await makeCoupon(db, { campaignId, shopperId: 'shp_a' }),
            await makeCoupon(db, { campaignId, shopperId: 'shp_a' }),
            await makeCoupon(db, { campaignId, shopperId: 'shp_b', expiresAt: Date.now() + 60_000 }),
          ];
          const before = await db.kysely.selectFrom('coupons').selectAll().orderBy('id').execute();

          await migrateToLatest(db, fresh.schema);

          const after = await db.kysely.selectFrom('coupons').selectAll().orderBy('id').execute();
          expect(after).toEqual(before);
          expect(after.map((row) => row.id).sort()).toEqual(made.map((coupon) => coupon.id).sort());
          const second = after.find((row) => row.shopper_id === 'shp_a' && row.ordinal === 2);
          if (second === undefined) throw new Error('the second coupon of shp_a is missing');
          await expect(
            db.kysely
              .insertInto('coupons')
              .values({ ...second, id: 'cpn_duplicate_ordinal', code: 'TEST-DUPLICATE-ORDINAL' })
              .execute(),
          ).rejects.toThrow();
          await expect(
            db.kysely
              .insertInto('coupons')
              .values({ ...second, id: 'cpn_duplicate_code', ordinal: 3 })
              .execute(),
          ).rejects.toThrow();
        } finally {
          await db.close();
          await fresh.dispose();
        }
      });
    },
  );
}
