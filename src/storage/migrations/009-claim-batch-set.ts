import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL only: `rushcart_claim_batch` (same signature and results as 005-claim-batch.ts)
 * issues a batch's first claims set-based: among the first min(n, remaining) requests, those whose
 * shopper holds nothing from the campaign (one index probe each; the first arrival when a shopper
 * appears twice) get ordinal 1 from ONE `INSERT ... SELECT FROM unnest(...) RETURNING`, and one
 * more statement writes their ledger rows. Every other request (a replay, a conflict, an already
 * claimed shopper, a second ordinal, past the budget) goes through the per-request loop of 005,
 * in arrival order.
 *
 * Same outcomes as the sequential loop: the bulk issues at most `remaining` coupons, so every
 * request among the first k that it skipped still finds budget when the loop reaches it. The
 * probe is exact because every coupon of a campaign is inserted here, under the campaign's row
 * lock, and each statement's snapshot is taken after that lock was granted; the unique
 * constraints still back it (a violation aborts the whole batch, nothing half-written).
 * The 005 loop ran three statements per request inside plpgsql; see docs/benchmarks.md for the
 * measured effect (and why the probe replaced `ON CONFLICT DO NOTHING`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw(CLAIM_BATCH_FUNCTION).execute(db);
}

/** Exported for 010, which replaces this function with a different first-claim probe. */
export const CLAIM_BATCH_FUNCTION = `
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
  v_n integer := coalesce(array_length(p_shoppers, 1), 0);
  v_done integer[] := '{}';
  v_rest integer[];
  v_i integer;
begin
  select c.status, c.starts_at, c.ends_at, c.budget_claims, c.claimed, c.per_shopper_limit, c.code
    into v_campaign from campaigns c where c.id = p_campaign for update;
  if not found then
    return query select s.i, 'not_found'::text, null::text, null::text, null::text, null::integer,
      null::text, null::text, null::bigint, null::bigint, null::integer, null::integer
      from generate_series(1, v_n) s(i);
    return;
  end if;
  v_live := v_campaign.status = 'live' and v_campaign.code is null
    and (v_campaign.starts_at is null or p_now >= v_campaign.starts_at)
    and (v_campaign.ends_at is null or p_now < v_campaign.ends_at);
  v_remaining := v_campaign.budget_claims - v_campaign.claimed;

  if v_live and v_remaining > 0 and v_n > 0 then
    with input as (
      select t.shopper, t.key, t.hash, t.coupon_id, t.code, t.ledger_id, t.idx::integer as idx
      from unnest(p_shoppers, p_keys, p_hashes, p_coupon_ids, p_codes, p_ledger_ids)
        with ordinality as t(shopper, key, hash, coupon_id, code, ledger_id, idx)
      where t.idx <= least(v_n, v_remaining)
    ), fresh as (
      -- Shoppers holding nothing from this campaign, each at its first arrival in the batch.
      select distinct on (i.shopper) i.* from input i
      where not exists (select 1 from coupons c where c.campaign_id = p_campaign and c.shopper_id = i.shopper)
      order by i.shopper, i.idx
    ), inserted as (
      insert into coupons (id, campaign_id, shopper_id, code, ordinal, status, idempotency_key, request_hash,
                           claimed_at, expires_at, order_id, updated_at)
        select i.coupon_id, p_campaign, i.shopper, i.code, 1, 'available', i.key, i.hash, p_now, p_expires, null, p_now
        from fresh i order by i.idx
        returning id
    ), issued as (
      select i.* from input i join inserted on inserted.id = i.coupon_id
    ), ledger as (
      insert into coupon_ledger (id, at, campaign_id, coupon_id, shopper_id, order_id, event, amount)
        select s.ledger_id, p_now, p_campaign, s.coupon_id, s.shopper, null, 'claimed', null from issued s
    )
    select coalesce(array_agg(s.idx order by s.idx), '{}') into v_done from issued s;
    v_issued := cardinality(v_done);
    v_remaining := v_remaining - v_issued;
    return query select t.idx::integer, 'issued'::text, t.coupon_id, t.code, t.shopper, 1, t.key, t.hash,
        p_now, p_expires, null::integer, null::integer
      from unnest(p_shoppers, p_keys, p_hashes, p_coupon_ids, p_codes)
        with ordinality as t(shopper, key, hash, coupon_id, code, idx)
      join unnest(v_done) d(idx) on d.idx = t.idx;
  end if;

  select coalesce(array_agg(s.i order by s.i), '{}') into v_rest
    from generate_series(1, v_n) s(i) left join unnest(v_done) d(idx) on d.idx = s.i
    where d.idx is null;

  foreach v_i in array v_rest loop
    o_idx := v_i; o_outcome := null; o_id := null; o_code := null; o_shopper := null; o_ordinal := null;
    o_key := null; o_hash := null; o_claimed_at := null; o_expires_at := null; o_claimed := null; o_budget := null;
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
