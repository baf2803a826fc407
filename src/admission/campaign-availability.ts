/** Whether a campaign can be queued for right now, as the promotions domain sees it. */
export type Availability = 'live' | 'exhausted' | 'not_live' | 'not_found';

/** The port admission reads campaigns through (implemented over the promotions registry). */
export interface CampaignAvailability {
  /** From memory only; undefined when this node does not know the campaign yet. */
  current(campaignId: string): Availability | undefined;
  /** Reads the store when memory does not know the campaign. */
  load(campaignId: string): Promise<Availability>;
  /**
   * True when this node remembers that the shopper's claim by this idempotency key got a coupon:
   * the claim path replays it from memory, so no room, sold-out flag or gate stands in its way.
   */
  replays?(campaignId: string, shopperId: string, idempotencyKey: string): boolean;
  /** Whether a `replays` miss is authoritative here (false when another node may have issued it). */
  knowsEveryClaim?(campaignId: string): boolean;
}

/**
 * Whether a campaign is sold out, by its room or by this node's memory of it: a claim on it is
 * one cheap answer (410, or a replay), which no gate or last line should shed to come back.
 */
export function soldOut(
  campaigns: CampaignAvailability | undefined,
  campaignId: string,
  roomExhausted: boolean,
): boolean {
  return roomExhausted || campaigns?.current(campaignId) === 'exhausted';
}

/**
 * Whether a claim must reach the claim path whatever the room says: a replay this node remembers,
 * or a claim on a sold-out campaign (`roomExhausted`, or so in this node's memory) while this
 * node's memory may miss the shopper's coupon (the claim path looks it up in the store before it
 * answers 410). The cheap memory checks come first; the refusal paths call it.
 */
export function reachesClaimPath(
  campaigns: CampaignAvailability | undefined,
  campaignId: string,
  shopperId: string,
  idempotencyKey: string | undefined,
  roomExhausted: boolean,
): boolean {
  if (campaigns === undefined || idempotencyKey === undefined) return false;
  if (campaigns.replays?.(campaignId, shopperId, idempotencyKey) === true) return true;
  if (campaigns.knowsEveryClaim?.(campaignId) !== false) return false;
  return soldOut(campaigns, campaignId, roomExhausted);
}

/** Why nobody may queue for a campaign in this state (the error code), or undefined when it is live. */
export function queueRefusalOf(
  availability: Availability,
): 'CAMPAIGN_NOT_FOUND' | 'CAMPAIGN_NOT_LIVE' | 'CAMPAIGN_EXHAUSTED' | undefined {
  if (availability === 'not_found') return 'CAMPAIGN_NOT_FOUND';
  if (availability === 'not_live') return 'CAMPAIGN_NOT_LIVE';
  if (availability === 'exhausted') return 'CAMPAIGN_EXHAUSTED';
  return undefined;
}
