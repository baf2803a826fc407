import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { CLAIM_BATCH_FUNCTION as SET_BASED_FUNCTION } from './009-claim-batch-set.js';

/**
 * PostgreSQL only: the same `rushcart_claim_batch` as 009 with one change, the probe that finds
 * the shoppers who hold nothing from the campaign.
 *
 * 009 wrote it as `NOT EXISTS (...)`, which the planner turns into an anti join, and plpgsql
 * caches that plan per connection. When the plan was made while `coupons` was empty or small (a
 * new install, or a new schema), the planner chose a nested loop whose inner side read EVERY
 * coupon of the campaign once per batch and compared shopper ids in a join filter: a batch of 64
 * on a campaign holding 3,700 coupons removed 237,568 rows and took 20 ms, growing without bound
 * until autovacuum's next ANALYZE invalidated the plan. A flash crowd on a fresh install is
 * exactly when that happens.
 *
 * `LEFT JOIN LATERAL (... LIMIT 1)` cannot be pulled up into a join, so each request is one
 * parameterized index probe on (campaign_id, shopper_id) whatever the statistics said when the
 * plan was cached; `enable_seqscan = off` for the function keeps that probe an index scan even
 * when the table looked empty at planning time. Every statement of the function reads coupons
 * and campaigns by key, so a sequential scan is never the right plan inside it.
 * test/postgres-claim-plan.test.ts fails with 009's probe.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw(lateralProbeFunction()).execute(db);
}

const ANTI_JOIN_PROBE = `      select distinct on (i.shopper) i.* from input i
      where not exists (select 1 from coupons c where c.campaign_id = p_campaign and c.shopper_id = i.shopper)
      order by i.shopper, i.idx`;

const LATERAL_PROBE = `      select distinct on (i.shopper) i.* from input i
      left join lateral (
        select 1 as held from coupons c
        where c.campaign_id = p_campaign and c.shopper_id = i.shopper
        limit 1
      ) h on true
      where h.held is null
      order by i.shopper, i.idx`;

const LANGUAGE = 'language plpgsql as $fn$';

/** 009's function with the probe replaced; built when the migration runs, on PostgreSQL only (and by 012). */
export function lateralProbeFunction(): string {
  if (!SET_BASED_FUNCTION.includes(ANTI_JOIN_PROBE) || !SET_BASED_FUNCTION.includes(LANGUAGE))
    throw new Error('010: the claim batch function of 009 is not the one this migration rewrites');
  return SET_BASED_FUNCTION.replace(ANTI_JOIN_PROBE, LATERAL_PROBE).replace(
    LANGUAGE,
    `language plpgsql set enable_seqscan = off as $fn$`,
  );
}
