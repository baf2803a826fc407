/** What outside agents keep in the store: ACP checkout sessions and the order events owed to them. */
export interface AgentTables {
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
