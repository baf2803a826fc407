/** Shoppers and idempotency records. */
export interface CoreTables {
  shoppers: {
    id: string;
    email: string | null;
    device_id: string | null;
    /** JSON array of segment tags, e.g. `["vip"]`. */
    segments: string;
    created_at: number;
  };
  idempotency_keys: {
    /** Who and which endpoint the key belongs to, e.g. `shp_1:POST /api/v1/checkout`. */
    scope: string;
    key: string;
    request_hash: string;
    /** `in_flight` until the effect commits, then `done`. */
    state: string;
    /** JSON of the key's answer once done: `{ok: true, value}` or `{ok: false, refusal}`. */
    answer: string | null;
    /** An in-flight record older than this was abandoned by a crashed process. */
    locked_until: number;
    /** The token of the request that holds the in-flight key (null on rows from before owners). */
    owner: string | null;
    created_at: number;
  };
}
