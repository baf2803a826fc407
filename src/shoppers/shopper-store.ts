import { newId } from '../shared/ids.js';
import type { Db } from '../storage/dialect.js';

/** A shopper as the rest of the system sees them. */
export interface Shopper {
  readonly id: string;
  readonly email: string | null;
  readonly deviceId: string | null;
  readonly segments: readonly string[];
  readonly createdAt: number;
}

/** Persists shoppers. */
export interface ShopperStore {
  create(input: {
    email?: string | undefined;
    deviceId?: string | undefined;
    segments?: readonly string[];
  }): Promise<Shopper>;
  find(id: string): Promise<Shopper | undefined>;
}

/** The shopper store over the SQL database (both dialects). */
export function createSqlShopperStore(db: Db, now: () => number = Date.now): ShopperStore {
  return {
    async create({ email, deviceId, segments = [] }) {
      const shopper: Shopper = {
        id: newId('shp'),
        email: email === undefined ? null : email.trim().toLowerCase(),
        deviceId: deviceId ?? null,
        segments,
        createdAt: now(),
      };
      await db.kysely
        .insertInto('shoppers')
        .values({
          id: shopper.id,
          email: shopper.email,
          device_id: shopper.deviceId,
          segments: JSON.stringify(shopper.segments),
          created_at: shopper.createdAt,
        })
        .execute();
      return shopper;
    },
    async find(id) {
      const row = await db.kysely.selectFrom('shoppers').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        id: row.id,
        email: row.email,
        deviceId: row.device_id,
        segments: JSON.parse(row.segments) as string[],
        createdAt: row.created_at,
      };
    },
  };
}
