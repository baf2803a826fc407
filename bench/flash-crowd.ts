import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { verifyPromotions } from '../src/cli/verify-command.js';
import { openDatabase } from '../src/storage/open-database.js';
import { startCluster } from './lib/cluster.js';
import {
  admittedMs,
  type CheckoutVia,
  outOfOrderShare,
  runCrowd,
  type Sample,
  type Served,
  type Shopper,
} from './lib/crowd.js';
import { type HttpClient, httpClient, json } from './lib/http-client.js';
import { metricValue } from './lib/metrics.js';
import { histogramQuantile, percentiles, round } from './lib/percentiles.js';
import { progressBar } from './lib/progress.js';
import { type ServerProcess, startServer } from './lib/server-process.js';
import { type Call, makeShoppers } from './lib/sessions.js';
import { lineChart } from './lib/svg-chart.js';

/** Flags of `npm run bench -- flash-crowd` (and `rushcart bench flash-crowd`). */
interface Flags {
  shoppers: number;
  budget: number;
  rate: number;
  duration: number;
  url?: string;
  adminKey?: string;
  sweep: boolean;
  /** With --sweep: run the steps against this capacity instead of measuring it. */
  capacity?: number;
  out: string;
  checkoutVia: CheckoutVia;
  /** Run the same crowd on a server with admission off, then on one with it on. */
  compare: boolean;
  rounds: number;
  /** With --compare: extra environment of the admission-on server (JSON object). */
  onEnv: Record<string, string>;
  /** Run this many nodes on PostgreSQL (and Redis) behind HAProxy instead of one on SQLite. */
  nodes?: number;
  postgres?: string;
  redis?: string;
  /** With --nodes: SIGKILL the last node this many seconds into the crowd. */
  killNodeAt?: number;
  /** With --nodes: requests HAProxy lets each node have at once (it queues the rest up to 1 s). */
  lbMaxConn?: number;
}

/**
 * The generator's connections, all opened before each phase (see `warm` in lib/http-client.ts),
 * as a proxy's upstream pool: requests beyond them wait in the client, and that wait counts in
 * their latency (measured from when each was due). Not more: with over 1,024 readable sockets
 * libuv's poll phase reads another 1,024 events up to 48 times before timers and setImmediate run;
 * with 2,048 connections a crowd starved the claim batches, held claims and samplers for seconds
 * (the loop-utilization samples in /metrics did not change for 12 s, and no coupon was issued
 * meanwhile). Envoy's default upstream limit is 1,024.
 */
const POOL = 1000;

/** Share of arrivals that claim; the rest browse. */
const CLAIM_SHARE = 0.6;

/** Server settings for a benchmark server: the crowd comes from one IP and shares devices. */
const BENCH_ENV = {
  RUSHCART_SEED_DEMO: 'false',
  RUSHCART_RATE_LIMITS: JSON.stringify({ sessionsPerIp: { points: 100_000, durationSeconds: 1 } }),
};

/** Entry point: one flash crowd, or `--sweep` for the capacity curve. */
export async function run(argv: string[]): Promise<void> {
  const program = new Command('flash-crowd')
    .option('--shoppers <n>', 'shopper sessions to create', '2000')
    .option('--budget <n>', 'coupons in the campaign', '500')
    .option('--rate <n>', 'arrivals per second (open loop)', '400')
    .option('--duration <s>', 'seconds of crowd', '10')
    .option('--url <url>', 'target a running server instead of starting one')
    .option('--admin-key <key>', 'admin key of the target server (with --url)')
    .option('--sweep', 'measure capacity C, then run 0.5C, 2C, 5C and 10C', false)
    .option('--capacity <n>', 'with --sweep: take C as given (claims/s) instead of measuring it')
    .option(
      '--compare',
      'the same crowd against a fresh server with RUSHCART_ADMISSION=off, then one with admission on',
      false,
    )
    .option('--rounds <n>', 'with --compare: off/on pairs to run', '1')
    .option(
      '--on-env <json>',
      'with --compare: extra env of the admission-on server, e.g. {"RUSHCART_ROOM_MIN_ADMIT_RATE":"1000"}',
    )
    .option('--nodes <n>', 'run n nodes on --postgres (and --redis) behind HAProxy on loopback')
    .option('--postgres <url>', 'with --nodes: the PostgreSQL the nodes share (a fresh schema)')
    .option('--redis <url>', 'with --nodes: the Redis the nodes share (rate limits, waiting-room tickets)')
    .option('--kill-node-at <s>', 'with --nodes: SIGKILL the last node this many seconds into the crowd')
    .option(
      '--lb-maxconn <n>',
      'with --nodes: requests HAProxy sends each node at once; it queues the rest up to 1 s',
    )
    .option('--out <dir>', 'where results go', 'bench/results')
    .option(
      '--cart-checkout',
      'coupon holders check out through the cart (3 calls) instead of express',
      false,
    )
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const raw = program.opts<Record<string, string | boolean | undefined>>();
  const flags: Flags = {
    shoppers: Number(raw.shoppers),
    budget: Number(raw.budget),
    rate: Number(raw.rate),
    duration: Number(raw.duration),
    sweep: raw.sweep === true,
    compare: raw.compare === true,
    rounds: Number(raw.rounds),
    onEnv: typeof raw.onEnv === 'string' ? (JSON.parse(raw.onEnv) as Record<string, string>) : {},
    out: String(raw.out),
    checkoutVia: raw.cartCheckout === true ? 'cart' : 'express',
    ...(typeof raw.url === 'string' ? { url: raw.url } : {}),
    ...(typeof raw.adminKey === 'string' ? { adminKey: raw.adminKey } : {}),
    ...(typeof raw.capacity === 'string' ? { capacity: Number(raw.capacity) } : {}),
    ...(typeof raw.nodes === 'string' ? { nodes: Number(raw.nodes) } : {}),
    ...(typeof raw.postgres === 'string' ? { postgres: raw.postgres } : {}),
    ...(typeof raw.redis === 'string' ? { redis: raw.redis } : {}),
    ...(typeof raw.killNodeAt === 'string' ? { killNodeAt: Number(raw.killNodeAt) } : {}),
    ...(typeof raw.lbMaxconn === 'string' ? { lbMaxConn: Number(raw.lbMaxconn) } : {}),
  };
  if (
    flags.nodes !== undefined &&
    (!(flags.nodes >= 1) || flags.postgres === undefined || flags.compare || flags.sweep || flags.url)
  ) {
    throw new Error('--nodes needs --postgres, and goes without --compare, --sweep or --url');
  }
  if (
    flags.killNodeAt !== undefined &&
    !(flags.nodes !== undefined && flags.nodes >= 2 && flags.killNodeAt > 0)
  ) {
    throw new Error('--kill-node-at needs --nodes 2 or more and a positive number of seconds');
  }
  if (flags.capacity !== undefined && !(flags.capacity > 0 && flags.sweep)) {
    throw new Error('--capacity must be a positive number and goes with --sweep');
  }
  for (const [name, value] of Object.entries({
    shoppers: flags.shoppers,
    budget: flags.budget,
    rate: flags.rate,
    duration: flags.duration,
  })) {
    if (!(value > 0)) throw new Error(`--${name} must be a positive number`);
  }
  if (flags.compare && (flags.sweep || flags.url !== undefined || !(flags.rounds >= 1))) {
    throw new Error('--compare starts its own servers: not with --sweep or --url; --rounds >= 1');
  }
  mkdirSync(flags.out, { recursive: true });
  if (flags.compare) return compare(flags);
  if (flags.nodes !== undefined) return onCluster(flags);
  const server = flags.url === undefined ? await startServer(BENCH_ENV) : undefined;
  const url = server?.url ?? flags.url ?? '';
  const adminKey = server?.adminKey ?? flags.adminKey ?? process.env.RUSHCART_ADMIN_KEY ?? '';
  const client = httpClient(url, POOL);
  try {
    if (flags.sweep) await sweep(flags, client, adminKey, server);
    else await single(flags, client, adminKey, server);
  } finally {
    client.close();
    if (server !== undefined) {
      await server.stop();
      server.dispose();
    }
  }
}

/** One crowd through HAProxy over `--nodes` nodes on PostgreSQL and Redis. */
async function onCluster(flags: Flags): Promise<void> {
  const cluster = await startCluster({
    count: flags.nodes ?? 1,
    postgresUrl: flags.postgres ?? '',
    redisUrl: flags.redis,
    env: BENCH_ENV,
    maxConnPerNode: flags.lbMaxConn,
  });
  const client = httpClient(cluster.url, POOL);
  let kill: NodeJS.Timeout | undefined;
  try {
    const victim = cluster.nodes.at(-1);
    const onCrowdStart =
      flags.killNodeAt === undefined || victim === undefined
        ? undefined
        : () => {
            kill = setTimeout(() => victim.child.kill('SIGKILL'), (flags.killNodeAt ?? 0) * 1000);
          };
    await single(flags, client, cluster.adminKey, undefined, {
      verify: async () => ((await cluster.verify()) ? 'ok' : 'mismatch'),
      ...(onCrowdStart === undefined ? {} : { onCrowdStart }),
    });
  } finally {
    if (kill !== undefined) clearTimeout(kill);
    client.close();
    await cluster.stop();
  }
}

async function single(
  flags: Flags,
  client: HttpClient,
  adminKey: string,
  server: ServerProcess | undefined,
  hooks: { verify?: () => Promise<'ok' | 'mismatch'>; onCrowdStart?: () => void } = {},
): Promise<void> {
  const call = client.call;
  const variantId = await makeProduct(call, adminKey);
  const shoppers = await makeShoppers(call, flags.shoppers);
  const campaignId = await makeCampaign(call, adminKey, flags.budget);
  hooks.onCrowdStart?.();
  const result = await phase(client, {
    campaignId,
    shoppers,
    rate: flags.rate,
    duration: flags.duration,
    variantId,
    protocol: true,
    checkoutVia: flags.checkoutVia,
    label: 'flash-crowd',
  });
  const stats = json<{ claimed: number }>(
    await call('GET', `/api/v1/admin/campaigns/${campaignId}/stats`, admin(adminKey)),
  );
  const ledger = hooks.verify === undefined ? await verifyLedger(server) : await hooks.verify();
  const issued = result.issued;
  const invariants = {
    issued,
    // Distinct coupons the shoppers hold: new ones, and replays whose first answer was lost (a
    // node killed after its commit; the retry of the key is answered from the store).
    acknowledged: result.acknowledged,
    budget: flags.budget,
    distinctReached: result.reached,
    storeClaimed: stats?.claimed,
    issuedWithinBudget: issued <= flags.budget,
    issuedEqualsMin: result.acknowledged === Math.min(flags.budget, result.reached),
    noShopperTwice: result.shopperTwice === 0,
    // A node killed mid-crowd may commit claims it never answered: the store then holds more
    // than was acknowledged, never less.
    storeAgrees:
      flags.killNodeAt === undefined
        ? stats?.claimed === result.acknowledged
        : (stats?.claimed ?? 0) >= result.acknowledged,
    ledger,
  };
  const report = {
    machine: machine(),
    flags: { ...flags },
    ...result.report,
    invariants,
    timeline: result.timeline,
  };
  writeFileSync(join(flags.out, 'flash-crowd.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(flags.out, 'flash-crowd.svg'), chart('Flash crowd', result.timeline));
  printTable(result.report);
  process.stdout.write(`invariants: ${JSON.stringify(invariants)}\n`);
  process.stdout.write(`wrote ${join(flags.out, 'flash-crowd.json')} and flash-crowd.svg\n`);
  if (
    !(
      invariants.issuedWithinBudget &&
      invariants.noShopperTwice &&
      invariants.storeAgrees &&
      ledger !== 'mismatch'
    )
  ) {
    process.exitCode = 1;
  }
}

/**
 * Admission measured against itself switched off: each round starts a fresh server with
 * `RUSHCART_ADMISSION=off`, runs the crowd, then a fresh server with admission on (the default)
 * and the same crowd. Servers log at `info`, as users run them (to /dev/null). Clients follow
 * docs/retry-contract.md in both runs, so the off run's 503s (the event loop's last line) are
 * retried as the on run's 428s and 503s are.
 */
async function compare(flags: Flags): Promise<void> {
  const runs: Record<string, unknown>[] = [];
  const timelines: { name: string; timeline: TimelinePoint[] }[] = [];
  for (let round = 1; round <= flags.rounds; round++) {
    for (const admission of ['off', 'on'] as const) {
      const server = await startServer({
        ...BENCH_ENV,
        RUSHCART_LOG_LEVEL: 'info',
        ...(admission === 'off' ? { RUSHCART_ADMISSION: 'off' } : flags.onEnv),
      });
      const client = httpClient(server.url, POOL);
      try {
        const call = client.call;
        const variantId = await makeProduct(call, server.adminKey);
        const shoppers = await makeShoppers(call, flags.shoppers);
        const campaignId = await makeCampaign(call, server.adminKey, flags.budget);
        const result = await phase(client, {
          campaignId,
          shoppers,
          rate: flags.rate,
          duration: flags.duration,
          variantId,
          protocol: true,
          checkoutVia: flags.checkoutVia,
          label: `admission ${admission} (round ${round})`,
        });
        const shed = await shedMedian(call);
        const ledger = await verifyLedger(server);
        const { report } = result;
        const claims = report.outcomes.claim ?? {};
        const claimCount = Object.values(claims).reduce((sum, count) => sum + count, 0);
        const share = (status: string) =>
          round2(
            Object.entries(claims)
              .filter(([key]) => key.startsWith(status))
              .reduce((sum, [, count]) => sum + count, 0) / Math.max(1, claimCount),
          );
        runs.push({
          round,
          admission,
          goodput: report.goodput,
          issued: report.issued,
          issuedAfterWindow: report.issuedAfterWindow,
          claimAdmittedP50: report.latency.claimAdmitted?.p50,
          claimAdmittedP99: report.latency.claimAdmitted?.p99,
          claimHeldP50: report.latency.claimHeld?.p50,
          queuedOutOfOrder: report.queuedOutOfOrder,
          answers428: share('428'),
          answers503: share('503'),
          answers429: share('429'),
          shedMedianMsServer: shed,
          checkoutSuccess: report.checkoutSuccess,
          checkoutP99: report.latency.checkout?.p99,
          browseP99: report.latency.browse?.p99,
          maxRssMb: report.maxRssMb,
          generatorCpuPercent: report.generatorCpuPercent,
          noShopperTwice: result.shopperTwice === 0,
          withinBudget: result.issued <= flags.budget,
          ledger,
        });
        timelines.push({ name: `${admission} #${round}`, timeline: result.timeline });
        if (result.shopperTwice !== 0 || result.issued > flags.budget || ledger === 'mismatch')
          process.exitCode = 1;
      } finally {
        client.close();
        await server.stop();
        server.dispose();
      }
    }
  }
  const report = { machine: machine(), flags: { ...flags }, runs, timelines };
  writeFileSync(join(flags.out, 'flash-crowd-compare.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(flags.out, 'flash-crowd-compare.svg'), compareChart(flags, timelines));
  console.table(runs);
  process.stdout.write(`wrote ${join(flags.out, 'flash-crowd-compare.json')} and flash-crowd-compare.svg\n`);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

const COMPARE_COLORS = ['#d62728', '#1f77b4', '#ff9896', '#aec7e8'];

function compareChart(
  flags: Flags,
  timelines: readonly { name: string; timeline: TimelinePoint[] }[],
): string {
  return lineChart({
    title: `Coupons per second, admission off vs on (${flags.rate} arrivals/s for ${flags.duration} s)`,
    xLabel: 'seconds',
    leftLabel: 'coupons per second',
    rightLabel: 'p99 of admitted claims (ms)',
    series: timelines.flatMap(({ name, timeline }, index) => [
      {
        name: `coupons/s, admission ${name}`,
        color: COMPARE_COLORS[index % COMPARE_COLORS.length] ?? '#333333',
        axis: 'left' as const,
        points: timeline.map((point) => [point.second, point.goodput] as const),
      },
      {
        name: `claim p99, ${name}`,
        color: COMPARE_COLORS[(index + 2) % COMPARE_COLORS.length] ?? '#999999',
        axis: 'right' as const,
        points: timeline.flatMap((point) =>
          point.claimP99 === undefined ? [] : [[point.second, point.claimP99] as const],
        ),
      },
    ]),
  });
}

async function sweep(
  flags: Flags,
  client: HttpClient,
  adminKey: string,
  server: ServerProcess | undefined,
): Promise<void> {
  const call = client.call;
  const variantId = await makeProduct(call, adminKey);
  // A probe's p99 needs enough claims to mean anything: at 50 claims/s a 4 s probe's p99 was its
  // second-slowest claim, and one pause of the VM failed it (p99 50.5 and 51.9 ms, and the sweep
  // stopped with no capacity). Each probe sends at least 500 claims, 4 s at the least.
  const probeSeconds = (claimRate: number) => Math.max(4, Math.ceil(500 / claimRate));
  // Capacity: the highest claim rate whose claims all succeed with p99 under 50 ms, measured with
  // the same mix as the crowd steps (60% claimants, 40% browsers, half the coupon holders check
  // out) so that 0.5C really is half of what the service sustains for that workload; a
  // claims-only probe measured 2,400/s here, and the mix's checkouts then saturated 0.5C.
  // The room is off and nobody retries: a probe measures the claim path, not the protocol.
  const probes: { rate: number; goodput: number; p99: number | undefined; ok: boolean }[] = [];
  let pool = await makeShoppers(call, flags.shoppers);
  const probe = async (claimRate: number) => {
    const needed = Math.ceil(claimRate * probeSeconds(claimRate) * 1.1);
    if (pool.length < needed) pool = [...pool, ...(await makeShoppers(call, needed - pool.length))];
    const campaignId = await makeCampaign(call, adminKey, 1_000_000);
    await call('POST', `/api/v1/admin/campaigns/${campaignId}/waiting-room`, admin(adminKey), {
      mode: 'off',
    });
    const result = await phase(client, {
      campaignId,
      shoppers: pool,
      rate: Math.round(claimRate / CLAIM_SHARE),
      duration: probeSeconds(claimRate),
      variantId,
      protocol: false,
      checkoutVia: flags.checkoutVia,
      label: `probe ${claimRate} claims/s`,
    });
    const p99 = result.report.latency.claimAdmitted?.p99;
    // Arrivals claim at random (60%), so success is judged against the claims actually sent.
    const ok = p99 !== undefined && p99 < 50 && result.report.claimSuccess >= 0.95;
    probes.push({ rate: claimRate, goodput: result.report.goodput, p99, ok });
    return ok;
  };
  // A rate passes when most of three probes pass (the third only when the first two disagree): one
  // 4 s probe's p99 at 300-600 claims/s sat so close to 50 ms that identical sweeps measured C at
  // 200, 400 and 600 (docs/benchmarks.md), and every "at xC" step inherited the draw.
  const passes = async (claimRate: number) => {
    const first = await probe(claimRate);
    const second = await probe(claimRate);
    return first === second ? first : probe(claimRate);
  };
  // Warm-up, not recorded: the first seconds of a fresh server (JIT, first statements, caches)
  // once failed the 50 claims/s probe with a p99 of 107 ms that the next run met with 35.
  await probe(50);
  probes.length = 0;
  let capacity = flags.capacity ?? 0;
  if (flags.capacity === undefined) {
    let rate = 50;
    while (rate <= 6400 && (await passes(rate))) {
      capacity = rate;
      rate *= 2;
    }
    // Refine once between the last good and the first bad rate.
    const middle = Math.round((capacity + Math.min(rate, capacity * 2)) / 2);
    if (capacity > 0 && middle > capacity && (await passes(middle))) capacity = middle;
  }
  if (capacity === 0) {
    // Say so in the report rather than invent a capacity: the steps would be meaningless.
    const report = {
      machine: machine(),
      capacity: undefined,
      probes,
      reason: 'no probe rate met p99 < 50 ms',
    };
    writeFileSync(join(flags.out, 'flash-crowd-sweep.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.table(probes);
    process.stdout.write('capacity could not be measured: no probe rate met p99 < 50 ms (see probes)\n');
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `capacity C = ${capacity} claims/s${flags.capacity === undefined ? '' : ' (given)'}\n`,
  );

  // A crowd is distinct shoppers: every step draws each claimant from the pool at most once (with
  // a margin for the random claim share), so no journey lands on a shopper who already holds this
  // step's coupon or shares another journey's queue place. Steps reuse the pool: each has its own campaign.
  const factors = [0.5, 2, 5, 10];
  const needed = Math.ceil(Math.max(...factors) * capacity * flags.duration * 1.1);
  if (pool.length < needed) pool = [...pool, ...(await makeShoppers(call, needed - pool.length))];
  const steps: Record<string, unknown>[] = [];
  const timeline: TimelinePoint[] = [];
  let offset = 0;
  let baselineP99: number | undefined;
  for (const factor of factors) {
    const campaignId = await makeCampaign(call, adminKey, 10_000_000);
    // Arrivals are 60% claimants, so the claim rate is factor x C.
    const arrivals = Math.round((factor * capacity) / CLAIM_SHARE);
    const result = await phase(client, {
      campaignId,
      shoppers: pool,
      rate: arrivals,
      duration: flags.duration,
      variantId,
      protocol: true,
      checkoutVia: flags.checkoutVia,
      label: `${factor}C`,
    });
    const claimP99 = result.report.latency.claimAdmitted?.p99;
    if (factor === 0.5) baselineP99 = claimP99;
    for (const point of result.timeline) timeline.push({ ...point, second: point.second + offset });
    offset += result.timeline.length;
    let recovery: number | undefined;
    if (factor === 10) {
      const calm = await phase(client, {
        campaignId: await makeCampaign(call, adminKey, 10_000_000),
        shoppers: pool,
        rate: Math.round((0.5 * capacity) / CLAIM_SHARE),
        duration: 10,
        variantId,
        protocol: true,
        checkoutVia: flags.checkoutVia,
        label: 'recovery',
      });
      const target = Math.max(2 * (baselineP99 ?? 10), 10);
      recovery = calm.timeline.find(
        (point) => point.claimP99 !== undefined && point.claimP99 <= target,
      )?.second;
      for (const point of calm.timeline) timeline.push({ ...point, second: point.second + offset });
      offset += calm.timeline.length;
    }
    steps.push({
      factor,
      claimRate: round(factor * capacity),
      offeredRequestsPerSecond: result.report.offeredRequestsPerSecond,
      goodput: result.report.goodput,
      goodputOverC: round(result.report.goodput / capacity),
      issuedAfterWindow: result.report.issuedAfterWindow,
      claimAdmittedP50: result.report.latency.claimAdmitted?.p50,
      claimAdmittedP99: claimP99,
      claimP99OverBaseline:
        claimP99 !== undefined && baselineP99 !== undefined ? round(claimP99 / baselineP99) : undefined,
      checkoutSuccess: result.report.checkoutSuccess,
      checkoutP50: result.report.latency.checkout?.p50,
      checkoutP99: result.report.latency.checkout?.p99,
      outcomes: result.report.outcomes,
      shedMedianMsServer: await shedMedian(call),
      maxRssMb: result.report.maxRssMb,
      generatorCpuPercent: result.report.generatorCpuPercent,
      ...(recovery === undefined ? {} : { recoverySeconds: recovery }),
    });
  }
  const report = {
    machine: machine(),
    capacity,
    probes,
    steps,
    ledger: await verifyLedger(server),
    timeline,
  };
  writeFileSync(join(flags.out, 'flash-crowd-sweep.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    join(flags.out, 'flash-crowd-sweep.svg'),
    chart(`Capacity sweep (C = ${capacity} claims/s): 0.5C, 2C, 5C, 10C, recovery`, timeline),
  );
  console.table(steps.map(({ outcomes: _outcomes, ...step }) => step));
  process.stdout.write(`wrote ${join(flags.out, 'flash-crowd-sweep.json')} and flash-crowd-sweep.svg\n`);
}

/** What the server said of itself in one `/metrics` read during a phase. */
interface ServerView {
  /** Seconds into the phase when it was asked. */
  readonly at: number;
  readonly rssBytes: number | undefined;
  readonly cpuSeconds: number | undefined;
  readonly loopUtilization: number | undefined;
  readonly loopDelayMs: number | undefined;
  readonly roomEngaged: boolean;
  readonly roomAdmitRate: number | undefined;
  readonly roomQueueLength: number | undefined;
  readonly concurrencyLimit: number | undefined;
  readonly checkoutsInFlight: number | undefined;
}

function serverView(text: string, campaignId: string, at: number): ServerView {
  const read = (sample: string) => metricValue(text, sample);
  const room = `{campaign="${campaignId}"}`;
  return {
    at: round(at),
    rssBytes: read('rushcart_process_resident_memory_bytes'),
    cpuSeconds: read('rushcart_process_cpu_seconds_total'),
    loopUtilization: read('rushcart_admission_event_loop_utilization'),
    loopDelayMs: read('rushcart_admission_event_loop_delay_ms'),
    roomEngaged: read(`rushcart_waiting_room_engaged${room}`) === 1,
    roomAdmitRate: read(`rushcart_waiting_room_admit_rate${room}`),
    roomQueueLength: read(`rushcart_waiting_room_queue_length${room}`),
    concurrencyLimit: read('rushcart_admission_concurrency_limit'),
    checkoutsInFlight: read('rushcart_admission_inflight{class="checkout"}'),
  };
}

interface TimelinePoint {
  second: number;
  offered: number;
  goodput: number;
  claimP99: number | undefined;
  /** Checkout answers in the second: paid (201) and shed (503). */
  checkouts: { paid: number; shed: number };
  /**
   * The server's own view at the end of the second: CPU seconds it used per second, event-loop
   * utilization and delay, and its room's admission rate while engaged and queue length.
   */
  server?:
    | {
        cpu: number | undefined;
        loopUtilization: number | undefined;
        loopDelayMs: number | undefined;
        roomAdmitRate: number | undefined;
        roomQueueLength: number | undefined;
        concurrencyLimit: number | undefined;
        checkoutsInFlight: number | undefined;
      }
    | undefined;
}

interface PhaseOptions {
  campaignId: string;
  shoppers: readonly Shopper[];
  rate: number;
  duration: number;
  variantId: string | undefined;
  protocol: boolean;
  checkoutVia: CheckoutVia;
  label: string;
}

async function phase(client: HttpClient, options: PhaseOptions) {
  const call = client.call;
  await client.warm(POOL);
  const samples: Sample[] = [];
  const coupons = new Map<string, Set<string>>();
  const reached = new Set<string>();
  let issued = 0;
  let budgetGoneAt: number | undefined;
  let checkouts = 0;
  let checkoutsOk = 0;
  let maxRss = 0;
  const serverSeconds: ServerView[] = [];
  // The generator shares the machine with the server: its own CPU says whether it kept up.
  const cpuAtStart = process.cpuUsage();
  const startedAt = performance.now();
  const bar = progressBar(options.label, options.duration);
  const ticker = setInterval(() => {
    const elapsed = (performance.now() - startedAt) / 1000;
    bar.update(Math.min(options.duration, elapsed), { sent: samples.length, issued });
    void call('GET', '/metrics').then((answer) => {
      const view = serverView(answer.body, options.campaignId, elapsed);
      if (view.rssBytes !== undefined) maxRss = Math.max(maxRss, view.rssBytes);
      serverSeconds.push(view);
    });
  }, 1000);
  const served: Served[] = [];
  const { arrivals } = await runCrowd({
    call,
    campaignId: options.campaignId,
    shoppers: options.shoppers,
    rate: options.rate,
    durationSeconds: options.duration,
    claimShare: CLAIM_SHARE,
    checkoutShare: 0.5,
    variantId: options.variantId,
    protocol: options.protocol,
    checkoutVia: options.checkoutVia,
    startedAt,
    onSample: (sample) => {
      samples.push(sample);
      if (sample.cls === 'claim' && sample.code === 'CAMPAIGN_EXHAUSTED') budgetGoneAt ??= sample.at;
    },
    onCoupon: (shopperId, code, replayed) => {
      const held = coupons.get(shopperId) ?? new Set<string>();
      held.add(code);
      coupons.set(shopperId, held);
      if (!replayed) issued++;
    },
    onReached: (shopperId) => reached.add(shopperId),
    onServed: (arrivedAt, servedAt, queued) => {
      if (queued) served.push({ arrivedAt, servedAt });
    },
    onCheckout: (ok) => {
      checkouts++;
      if (ok) checkoutsOk++;
    },
  });
  clearInterval(ticker);
  bar.stop();
  const wall = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const outcomes: Record<string, Record<string, number>> = {};
  for (const sample of samples) {
    const byClass = outcomes[sample.cls] ?? {};
    const key = `${sample.status} ${sample.code}`;
    byClass[key] = (byClass[key] ?? 0) + 1;
    outcomes[sample.cls] = byClass;
  }
  const refused = (sample: Sample) => sample.status === 503 || sample.status === 429 || sample.status === 428;
  const latency: Record<string, Record<string, number> | undefined> = {};
  for (const cls of ['claim', 'queue', 'browse', 'checkout'] as const) {
    const values = samples.filter((sample) => sample.cls === cls).map((sample) => sample.ms);
    if (values.length > 0) latency[cls] = percentiles(values);
  }
  // Admitted claims are timed from their admission: a claim the server held in the waiting room
  // until its turn reports that wait apart (claimHeld), as the queue's time, not the claim's.
  latency.claimAdmitted = percentiles(
    samples.filter((sample) => sample.cls === 'claim' && !refused(sample)).map(admittedMs),
  );
  const held = samples.filter((sample) => sample.heldMs > 0).map((sample) => sample.heldMs);
  if (held.length > 0) latency.claimHeld = percentiles(held);
  latency.shedClient = percentiles(
    samples.filter((sample) => sample.status === 503).map((sample) => sample.ms),
  );
  const seconds = Math.ceil(wall);
  const timeline: TimelinePoint[] = [];
  for (let second = 0; second < seconds; second++) {
    const inSecond = samples.filter((sample) => sample.at >= second && sample.at < second + 1);
    const claims = inSecond.filter((sample) => sample.cls === 'claim' && !refused(sample)).map(admittedMs);
    // The ticker asks the server once a second, from second 1: the read answered in this second.
    const view = serverSeconds.find((read) => read.at > second && read.at <= second + 1);
    const before = serverSeconds.find((read) => read.at > second - 1 && read.at <= second);
    timeline.push({
      second,
      offered: inSecond.length,
      goodput: inSecond.filter((sample) => sample.cls === 'claim' && sample.status === 201).length,
      claimP99: claims.length === 0 ? undefined : percentiles(claims, [99]).p99,
      checkouts: {
        paid: inSecond.filter((sample) => sample.cls === 'checkout' && sample.status === 201).length,
        shed: inSecond.filter((sample) => sample.cls === 'checkout' && sample.status === 503).length,
      },
      server:
        view === undefined
          ? undefined
          : {
              cpu:
                view.cpuSeconds === undefined || before?.cpuSeconds === undefined
                  ? undefined
                  : round((view.cpuSeconds - before.cpuSeconds) / (view.at - before.at)),
              loopUtilization: view.loopUtilization,
              loopDelayMs: view.loopDelayMs,
              roomAdmitRate: view.roomEngaged ? view.roomAdmitRate : undefined,
              roomQueueLength: view.roomQueueLength,
              concurrencyLimit: view.concurrencyLimit,
              checkoutsInFlight: view.checkoutsInFlight,
            },
    });
  }
  let shopperTwice = 0;
  let acknowledged = 0;
  for (const held of coupons.values()) {
    if (held.size > 1) shopperTwice++;
    acknowledged += held.size;
  }
  // Goodput counts coupons created while the crowd arrived; journeys that waited in the room and
  // claimed after the window are reported apart, not credited to the window.
  const created = samples.filter((sample) => sample.cls === 'claim' && sample.status === 201);
  const createdInWindow = created.filter((sample) => sample.at <= options.duration).length;
  const claimAttempts = samples.filter((sample) => sample.cls === 'claim').length;
  return {
    issued,
    acknowledged,
    reached: reached.size,
    shopperTwice,
    timeline,
    report: {
      arrivals,
      requests: samples.length,
      wallSeconds: round(wall),
      offeredRequestsPerSecond: round(samples.length / wall),
      goodput: round(createdInWindow / options.duration),
      issued,
      issuedAfterWindow: created.length - createdInWindow,
      claimSuccess: round(created.length / Math.max(1, claimAttempts)),
      budgetGoneAtSeconds: budgetGoneAt === undefined ? undefined : round(budgetGoneAt),
      checkouts,
      checkoutSuccess: checkouts === 0 ? undefined : round(checkoutsOk / checkouts),
      queuedServed: served.length,
      queuedOutOfOrder: ((share) => (share === undefined ? undefined : round(share)))(
        outOfOrderShare(served),
      ),
      outcomes,
      latency,
      maxRssMb: round(maxRss / 1024 / 1024),
      generatorCpuPercent: round(((cpu.user + cpu.system) / 1000 / (wall * 1000)) * 100),
    },
  };
}

function printTable(
  report: {
    outcomes: Record<string, Record<string, number>>;
    latency: Record<string, Record<string, number> | undefined>;
  } & Record<string, unknown>,
): void {
  const { outcomes, latency, ...figures } = report;
  console.table(figures);
  console.table(Object.fromEntries(Object.entries(latency).filter(([, value]) => value !== undefined)));
  console.table(outcomes);
}

function chart(title: string, timeline: readonly TimelinePoint[]): string {
  return lineChart({
    title,
    xLabel: 'seconds',
    leftLabel: 'requests per second',
    rightLabel: 'p99 of admitted claims (ms)',
    series: [
      {
        name: 'offered load',
        color: '#888888',
        axis: 'left',
        points: timeline.map((point) => [point.second, point.offered]),
      },
      {
        name: 'goodput (coupons/s)',
        color: '#1f77b4',
        axis: 'left',
        points: timeline.map((point) => [point.second, point.goodput]),
      },
      {
        name: 'claim p99',
        color: '#d62728',
        axis: 'right',
        points: timeline.flatMap((point) =>
          point.claimP99 === undefined ? [] : [[point.second, point.claimP99] as const],
        ),
      },
    ],
  });
}

function admin(adminKey: string): Record<string, string> {
  return { authorization: `Bearer ${adminKey}` };
}

async function makeProduct(call: Call, adminKey: string): Promise<string | undefined> {
  const answer = await call('POST', '/api/v1/admin/products', admin(adminKey), {
    title: 'Flash crowd tee',
    category: 'clothing',
    variants: [{ price: { amount: 2500, currency: 'USD' }, stock: 10_000_000 }],
  });
  const product = json<{ variants?: { id: string }[] }>(answer);
  if (answer.status !== 201)
    process.stderr.write(`no product for checkouts (${answer.status}); checkouts skipped\n`);
  return product?.variants?.[0]?.id;
}

async function makeCampaign(call: Call, adminKey: string, budget: number): Promise<string> {
  const answer = await call('POST', '/api/v1/admin/campaigns', admin(adminKey), {
    name: `Flash crowd ${new Date().toISOString()}`,
    budget: { claims: budget },
    perShopperLimit: 1,
    reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
    status: 'live',
  });
  const campaign = json<{ id: string }>(answer);
  if (answer.status !== 201 || campaign === undefined)
    throw new Error(`campaign not created: ${answer.status} ${answer.body}`);
  return campaign.id;
}

async function shedMedian(call: Call): Promise<number | undefined> {
  const text = (await call('GET', '/metrics')).body;
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(
    /rushcart_http_request_duration_seconds_bucket\{le="([^"]+)",[^}]*status="503"[^}]*\} (\d+)/g,
  )) {
    const le = match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(match[2]));
  }
  const sorted = [...buckets.entries()].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count }));
  const median = histogramQuantile(sorted, 0.5);
  return median === undefined ? undefined : round(median * 1000);
}

async function verifyLedger(
  server: ServerProcess | undefined,
): Promise<'ok' | 'mismatch' | 'skipped (--url: run `rushcart verify` against the target store)'> {
  if (server === undefined) return 'skipped (--url: run `rushcart verify` against the target store)';
  await server.stop();
  const db = await openDatabase(join(server.dataDir, 'rushcart.db'));
  try {
    return (await verifyPromotions(db)).ok ? 'ok' : 'mismatch';
  } finally {
    await db.close();
  }
}

function machine() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model,
    memoryGb: round(totalmem() / 1024 ** 3),
    node: process.version,
    date: new Date().toISOString(),
  };
}
