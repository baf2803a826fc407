/** Whether a campaign can be queued for right now, as the promotions domain sees it. */
export type Availability = 'live' | 'exhausted' | 'not_live' | 'not_found';

/** The port admission reads campaigns through (implemented over the promotions registry). */
export interface CampaignAvailability {
  /** From memory only; undefined when this node does not know the campaign yet. */
  current(campaignId: string): Availability | undefined;
  /** Reads the store when memory does not know the campaign. */
  load(campaignId: string): Promise<Availability>;
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
