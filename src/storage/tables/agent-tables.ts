/** What outside agents keep in the store: ACP checkout sessions. */
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
}
