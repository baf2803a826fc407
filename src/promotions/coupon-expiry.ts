import type { Campaign } from './campaign.js';

const HOUR_MS = 60 * 60 * 1000;

/** When a coupon claimed at `claimedAt` expires: the validity's date, or N hours later; undefined = never. */
export function couponExpiry(campaign: Pick<Campaign, 'validity'>, claimedAt: number): number | undefined {
  const { expiresAt, hoursAfterClaim } = campaign.validity;
  if (expiresAt !== undefined) return Date.parse(expiresAt);
  if (hoursAfterClaim !== undefined) return claimedAt + hoursAfterClaim * HOUR_MS;
  return undefined;
}
