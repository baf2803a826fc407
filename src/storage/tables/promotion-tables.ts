/** Campaigns, coupons and the coupon ledger. */
// biome-ignore lint/complexity/noBannedTypes: filled in by the promotions migration.
export type PromotionTables = {};
