/** Carts, orders, payments and returns. */
// biome-ignore lint/complexity/noBannedTypes: filled in by the commerce migration.
export type CommerceTables = {};
