import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL only: the claim batch as one server-side function, so a whole batch costs one round
 * trip and holds the campaign row lock only while the database works, never across the network.
 * It mirrors src/storage/sqlite/claim-batch.ts statement for statement. SQLite needs nothing here:
 * its batch runs in-process over prepared statements.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw(CLAIM_BATCH_FUNCTION).execute(db);
}

/** The function body; output columns are prefixed so they never shadow table columns. */
const CLAIM_BATCH_FUNCTION = `
create or replace function rushcart_claim_batch(
  p_campaign text, p_now bigint, p_expires bigint,
  p_shoppers text[], p_keys text[], p_hashes text[], p_coupon_ids text[], p_codes text[], p_ledger_ids text[])
returns table(
  o_idx integer, o_outcome text, o_id text, o_code text, o_shopper text, o_ordinal integer,
  o_key text, o_hash text, o_claimed_at bigint, o_expires_at bigint, o_claimed integer, o_budget integer)
language plpgsql as $fn$
declare
  v_campaign record;
  v_row record;
  v_latest record;
  v_match record;
  v_has_match boolean;
  v_held integer;
  v_live boolean;
  v_remaining integer;
  v_issued integer := 0;
  v_i integer;
begin
  select c.status, c.starts_at, c.ends_at, c.budget_claims, c.claimed, c.per_shopper_limit, c.code
    into v_campaign from campaigns c where c.id = p_campaign for update;
  if not found then
    for v_i in 1 .. coalesce(array_length(p_shoppers, 1), 0) loop
      o_idx := v_i; o_outcome := 'not_found';
      return next;
    end loop;
    return;
  end if;
  v_live := v_campaign.status = 'live' and v_campaign.code is null
    and (v_campaign.starts_at is null or p_now >= v_campaign.starts_at)
    and (v_campaign.ends_at is null or p_now < v_campaign.ends_at);
  v_remaining := v_campaign.budget_claims - v_campaign.claimed;

  for v_i in 1 .. coalesce(array_length(p_shoppers, 1), 0) loop
    o_idx := v_i; o_outcome := null; o_id := null; o_code := null; o_shopper := null; o_ordinal := null;
    o_key := null; o_hash := null; o_claimed_at := null; o_expires_at := null;
    v_held := 0; v_has_match := false;
    for v_row in
      select cp.id, cp.code, cp.shopper_id, cp.ordinal, cp.idempotency_key, cp.request_hash, cp.claimed_at, cp.expires_at
      from coupons cp where cp.campaign_id = p_campaign and cp.shopper_id = p_shoppers[v_i]
      order by cp.ordinal desc
    loop
      v_held := v_held + 1;
      if v_held = 1 then v_latest := v_row; end if;
      if v_row.idempotency_key = p_keys[v_i] then v_match := v_row; v_has_match := true; end if;
    end loop;

    if v_has_match then
      if v_match.request_hash = p_hashes[v_i] then
        o_outcome := 'replayed';
        o_id := v_match.id; o_code := v_match.code; o_shopper := v_match.shopper_id; o_ordinal := v_match.ordinal;
        o_key := v_match.idempotency_key; o_hash := v_match.request_hash;
        o_claimed_at := v_match.claimed_at; o_expires_at := v_match.expires_at;
      else
        o_outcome := 'conflict';
      end if;
    elsif v_held >= v_campaign.per_shopper_limit then
      o_outcome := 'already_claimed';
      o_id := v_latest.id; o_code := v_latest.code; o_shopper := v_latest.shopper_id; o_ordinal := v_latest.ordinal;
      o_key := v_latest.idempotency_key; o_hash := v_latest.request_hash;
      o_claimed_at := v_latest.claimed_at; o_expires_at := v_latest.expires_at;
    elsif not v_live then
      o_outcome := 'not_live';
    elsif v_remaining <= 0 then
      o_outcome := 'exhausted';
    else
      insert into coupons (id, campaign_id, shopper_id, code, ordinal, status, idempotency_key, request_hash,
                           claimed_at, expires_at, order_id, updated_at)
        values (p_coupon_ids[v_i], p_campaign, p_shoppers[v_i], p_codes[v_i], v_held + 1, 'available', p_keys[v_i],
                p_hashes[v_i], p_now, p_expires, null, p_now);
      insert into coupon_ledger (id, at, campaign_id, coupon_id, shopper_id, order_id, event, amount)
        values (p_ledger_ids[v_i], p_now, p_campaign, p_coupon_ids[v_i], p_shoppers[v_i], null, 'claimed', null);
      v_remaining := v_remaining - 1;
      v_issued := v_issued + 1;
      o_outcome := 'issued';
      o_id := p_coupon_ids[v_i]; o_code := p_codes[v_i]; o_shopper := p_shoppers[v_i]; o_ordinal := v_held + 1;
      o_key := p_keys[v_i]; o_hash := p_hashes[v_i]; o_claimed_at := p_now; o_expires_at := p_expires;
    end if;
    return next;
  end loop;

  if v_issued > 0 then
    -- The conditional update is the last word on invariant 1: no match aborts the whole batch.
    update campaigns set claimed = claimed + v_issued, updated_at = p_now
      where id = p_campaign and claimed + v_issued <= budget_claims;
    if not found then
      raise exception 'claim batch would exceed the budget of %', p_campaign;
    end if;
  end if;
  o_idx := 0; o_outcome := 'summary'; o_id := null; o_code := null; o_shopper := null; o_ordinal := null;
  o_key := null; o_hash := null; o_claimed_at := null; o_expires_at := null;
  o_claimed := v_campaign.claimed + v_issued; o_budget := v_campaign.budget_claims;
  return next;
end
$fn$;
`;
