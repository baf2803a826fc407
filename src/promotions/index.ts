export * from './campaign.js';
export {
  type CampaignCreate,
  CampaignCreateSchema,
  type CampaignUpdate,
  CampaignUpdateSchema,
} from './campaign-input.js';
export { type CampaignNotifier, createLocalCampaignNotifier } from './campaign-notifier.js';
export { CampaignRegistry } from './campaign-registry.js';
export {
  buildCampaign,
  type CampaignService,
  createCampaignService,
  planUpdate,
} from './campaign-service.js';
export type { CampaignChanges, CampaignStore, ShopperFacts } from './campaign-store.js';
export {
  type CampaignOffer,
  CampaignOfferSchema,
  type CampaignStats,
  CampaignStatsSchema,
  type CampaignView,
  CampaignViewSchema,
  type CouponView,
  CouponViewSchema,
  remainingOf,
  toCampaignOffer,
  toCampaignStats,
  toCampaignView,
  toCouponView,
} from './campaign-view.js';
export type {
  ClaimBatchOptions,
  ClaimBatchResult,
  ClaimBatchStore,
  ClaimOutcome,
  ClaimRequest,
  IssuedCoupon,
} from './claim-batch.js';
export { type BatchCommitted, ClaimBatcher, type ClaimBatcherOptions } from './claim-batcher.js';
export {
  type ClaimGuard,
  type ClaimInput,
  type ClaimResult,
  type ClaimService,
  createClaimService,
} from './claim-service.js';
export { newCouponCode } from './coupon-code.js';
export { couponExpiry } from './coupon-expiry.js';
export {
  createPromotionEventBus,
  type PromotionEvent,
  type PromotionEventBus,
  type PromotionListener,
} from './promotion-events.js';
export { createPromotions, type Promotions, type PromotionsDependencies } from './promotions.js';
export {
  type CouponDiscount,
  type CouponRejection,
  computeDiscounts,
  type DiscountCart,
  type DiscountCoupon,
  type DiscountLine,
  type DiscountResult,
} from './redemption/compute-discount.js';
export { checkUsable, visibleStatus } from './redemption/coupon-usability.js';
export {
  createRedemptionService,
  type RedemptionService,
  type RedemptionServiceOptions,
  type WalletCoupon,
} from './redemption/redemption-service.js';
export type {
  CodeLookup,
  CouponStatus,
  RedemptionCampaign,
  RedemptionStore,
  ReservationRequest,
  StoredCoupon,
  WalletEntry,
} from './redemption/redemption-store.js';
export { DEMO_CAMPAIGN_IDS, seedDemoCampaigns } from './seed-demo-campaigns.js';
export type { ShopperHistory } from './shopper-history.js';
export {
  type CampaignFigures,
  type LedgerMismatch,
  type VerifyReport,
  verifyFigures,
} from './verify-ledger.js';
