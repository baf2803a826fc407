/**
 * Tells the other nodes that a campaign changed (paused, resumed, edited, exhausted) so they reload
 * it from the store. It carries only the id: the store stays the record, a lost notice costs at
 * most one refresh period.
 */
export interface CampaignNotifier {
  publish(campaignId: string): Promise<void>;
  /** Registers the handler for notices from other nodes; resolves once notices are flowing. */
  subscribe(handler: (campaignId: string) => void): Promise<void>;
  close(): Promise<void>;
}

/** The notifier of a single node (SQLite): there is nobody else to tell. */
export function createLocalCampaignNotifier(): CampaignNotifier {
  return {
    async publish() {},
    async subscribe() {},
    async close() {},
  };
}
