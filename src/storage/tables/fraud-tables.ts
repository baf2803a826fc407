/** Shopper verification and the fraud defences' settings and review queue. */
export interface FraudTables {
  verified_emails: {
    /** The normalised address (`normalizeEmail`). */
    email_key: string;
    shopper_id: string;
    /** The address as the shopper typed it, for mail. */
    email: string;
    verified_at: number;
  };
  email_codes: {
    email_key: string;
    shopper_id: string;
    email: string;
    /** Hex HMAC-SHA-256 of the code; the code itself is never kept. */
    code_hash: string;
    attempts: number;
    sent_at: number;
    expires_at: number;
  };
  fraud_settings: {
    id: string;
    /** JSON of `RiskSettings`. */
    rules: string;
    updated_at: number;
  };
  fraud_reviews: {
    id: string;
    shopper_id: string;
    campaign_id: string | null;
    /** claim or checkout. */
    subject: string;
    /** challenge or deny. */
    outcome: string;
    /** JSON array of reason codes. */
    reasons: string;
    ip: string | null;
    device_id: string | null;
    /** open, cleared or revoked. */
    status: string;
    created_at: number;
    resolved_at: number | null;
  };
}
