/** What outside agents keep in the store: the platforms, their checkout sessions and the order events owed to them. */
export interface AgentTables {
  agent_platforms: {
    id: string;
    name: string;
    /** Hex SHA-256 of the agent's key. */
    key_hash: string;
    /** The key's last four characters, to tell keys apart in the console. */
    key_hint: string;
    /** active or suspended. */
    status: string;
    rate_points: number;
    rate_seconds: number;
    /** The most its orders may total in a UTC day, in minor units of `budget_currency`; null for none. */
    daily_budget: number | null;
    budget_currency: string | null;
    created_at: number;
    updated_at: number;
  };
  agent_checkout_sessions: {
    id: string;
    shopper_id: string;
    /** open, completing, completed or canceled; `expired` is derived from `expires_at`. */
    status: string;
    /** JSON of the session's items, codes, buyer, fulfillment details and notes. */
    state: string;
    order_id: string | null;
    /** The idempotency key of the checkout a `complete` is running, while `completing`. */
    attempt_key: string | null;
    /** JSON of that checkout's input, so a crashed attempt is replayed exactly. */
    attempt_input: string | null;
    attempt_started_at: number | null;
    created_at: number;
    updated_at: number;
    expires_at: number;
  };
  agent_buyers: {
    agent_id: string;
    /** The agent's own reference for its buyer (opaque to us). */
    buyer_ref: string;
    shopper_id: string;
    created_at: number;
  };
  delegated_payment_tokens: {
    id: string;
    shopper_id: string;
    /** The saved card the token pays with (`tok_...`); never a card number. */
    card_token: string;
    max_amount: number;
    /** Upper case ISO 4217. */
    currency: string;
    checkout_session_id: string;
    merchant_id: string;
    expires_at: number;
    /** JSON object of string values, as the agent sent it. */
    metadata: string;
    created_at: number;
  };
  agent_webhook_deliveries: {
    id: string;
    url: string;
    /** The signed JSON body, exactly as sent. */
    body: string;
    attempts: number;
    next_attempt_at: number;
    delivered_at: number | null;
    /** Set when the retries ran out. */
    failed_at: number | null;
    last_error: string | null;
    created_at: number;
  };
}
