/**
 * `npm run bench -- abuse [--honest N] [--operators N] [--accounts N] [--budget N]`: a campaign
 * crowd where a fifth of the accounts belong to scripted abusers, run four times on fresh
 * databases: the fraud rules off and on, for a guest campaign and for one that requires verified
 * shoppers. Honest shoppers have their own address and device (a tenth share a household
 * address) and real mailboxes; each abuse operator runs many accounts from two addresses and
 * three devices, with disposable domains, respelled Gmail addresses or a catch-all domain, arrives
 * first and solves every challenge. Every client follows the retry contract (solves a
 * CHALLENGE_REQUIRED, waits out Retry-After, claims with the waiting room's ticket). Requests go
 * in-process (Fastify inject) with X-Forwarded-For behind a trusted proxy, so addresses differ
 * without sockets. Reports the share of coupons abusers got, honest shoppers challenged and
 * denied, and the honest claim's p50 and p95 (including any proof-of-work solve); one client's
 * claim p50 with the rules off and on, alternating (what the screen adds). Then a slow-body
 * attack over real sockets (bench/lib/slow-bodies.ts): honest claims and checkouts with and
 * without `--attackers` trickling connections. Writes bench/results/abuse.json and a chart of the
 * abusers' coupons through each pass (abuse-coupons.svg).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import type { App } from '../src/app.js';
import { type ProofOfWork, solveProofOfWork as solve } from '../src/fraud/challenges.js';
import { type Actor, crowd, mailbox } from './lib/abuse-crowd.js';
import { startBenchApp } from './lib/bench-app.js';
import { claimProbe } from './lib/claim-probe.js';
import { percentiles, round } from './lib/percentiles.js';
import { progressBar } from './lib/progress.js';
import { type SlowBodyPhase, slowBodyAttack } from './lib/slow-bodies.js';
import { lineChart } from './lib/svg-chart.js';

interface Outcome {
  readonly actor: Actor;
  readonly status: number;
  readonly code: string | undefined;
  readonly challenged: boolean;
  readonly ms: number;
}

interface Pass {
  readonly label: string;
  readonly rules: 'off' | 'on';
  readonly campaign: 'guest' | 'verified';
  readonly issued: number;
  readonly abuserCoupons: number;
  readonly abuserShare: number;
  readonly honestWithCoupon: number;
  readonly honestChallenged: number;
  readonly honestDenied: number;
  readonly honestClaimMs: Record<string, number>;
  readonly refusals: Record<string, number>;
  /** Coupons abusers held after every 25th answer, in answer order: [answers, coupons]. */
  readonly abuserCurve: readonly (readonly [number, number])[];
}

/** Entry point. */
export async function run(argv: string[]): Promise<void> {
  const program = new Command('abuse')
    .option('--honest <n>', 'honest shoppers', '800')
    .option('--operators <n>', 'abuse operators', '10')
    .option('--accounts <n>', 'accounts per operator (default: a fifth of all accounts in total)', '20')
    .option('--budget <n>', "the campaign's coupons", '600')
    .option('--concurrency <n>', 'clients in flight', '32')
    .option('--probe <n>', 'claims of the one-client latency probe, per pass', '1000')
    .option('--attackers <n>', 'trickling connections of the slow-body phase (0 skips it)', '200')
    .option('--slow-shoppers <n>', 'honest shoppers per slow-body phase (a claim and a checkout each)', '100')
    .option('--out <dir>', 'where results go', 'bench/results')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const flags = program.opts<Record<string, string>>();
  const honest = Number(flags.honest);
  const operators = Number(flags.operators);
  const accounts = Number(flags.accounts);
  const budget = Number(flags.budget);
  const concurrency = Number(flags.concurrency);

  const passes: Pass[] = [];
  for (const campaign of ['guest', 'verified'] as const) {
    for (const rules of ['off', 'on'] as const) {
      const actors = crowd(honest, operators, accounts, 42);
      passes.push(await runPass({ rules, campaign, actors, budget, concurrency }));
    }
  }
  console.table(
    passes.map((pass) => ({
      pass: pass.label,
      issued: pass.issued,
      'abuser share': `${round(pass.abuserShare * 100)}%`,
      'honest with coupon': pass.honestWithCoupon,
      'honest challenged': `${round(pass.honestChallenged * 100)}%`,
      'honest denied': `${round(pass.honestDenied * 100)}%`,
      'honest p50 ms': pass.honestClaimMs.p50,
      'honest p95 ms': pass.honestClaimMs.p95,
    })),
  );
  // Alternating off and on, twice, so drift on the shared machine hits both alike.
  const probes: { rules: 'off' | 'on'; ms: Record<string, number> }[] = [];
  for (const rules of ['off', 'on', 'off', 'on'] as const) {
    probes.push({ rules, ms: await claimProbe(rules, Number(flags.probe)) });
  }
  const median = (rules: 'off' | 'on') =>
    round(
      probes.filter((probe) => probe.rules === rules).reduce((sum, probe) => sum + (probe.ms.p50 ?? 0), 0) /
        2,
    );
  console.table(
    probes.map((probe) => ({
      rules: probe.rules,
      'claim p50 ms': probe.ms.p50,
      'claim p99 ms': probe.ms.p99,
    })),
  );
  console.log(
    `one client, no crowd: claim p50 ${median('off')} ms with the rules off, ${median('on')} ms on`,
  );
  const attackers = Number(flags.attackers);
  let slowBodies: SlowBodyPhase[] = [];
  if (attackers > 0) {
    process.stderr.write(`slow-body attack: ${attackers} trickling connections\n`);
    slowBodies = await slowBodyAttack(attackers, Number(flags.slowShoppers));
    console.table(
      slowBodies.map((phase) => ({
        phase: phase.phase,
        'open attackers': phase.trickling,
        'claims ok/failed': `${phase.claims.ok}/${phase.claims.failed}`,
        'claim p50/p99 ms': `${phase.claims.ms.p50}/${phase.claims.ms.p99}`,
        'checkouts ok/failed': `${phase.checkouts.ok}/${phase.checkouts.failed}`,
        'checkout p50/p99 ms': `${phase.checkouts.ms.p50}/${phase.checkouts.ms.p99}`,
      })),
    );
  }
  mkdirSync(flags.out as string, { recursive: true });
  const file = join(flags.out as string, 'abuse.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        honest,
        operators,
        accounts,
        budget,
        concurrency,
        passes,
        probes,
        slowBodies,
      },
      null,
      2,
    ),
  );
  const chart = join(flags.out as string, 'abuse-coupons.svg');
  writeFileSync(chart, abuserChart(passes, budget));
  console.log(`wrote ${file} and ${chart}`);
}

async function runPass(input: {
  rules: 'off' | 'on';
  campaign: 'guest' | 'verified';
  actors: Actor[];
  budget: number;
  concurrency: number;
}): Promise<Pass> {
  const outbox = join(mkdtempSync(join(tmpdir(), 'rushcart-bench-outbox-')), 'outbox.jsonl');
  const bench = await startBenchApp('abuse', {
    RUSHCART_MAIL: `file:${outbox}`,
    RUSHCART_TRUST_PROXY: 'true',
    RUSHCART_FRAUD: input.rules,
  });
  const app = bench.app;
  const label = `${input.campaign} campaign, rules ${input.rules}`;
  try {
    const campaignId = await bench.campaign('Viral giveaway', input.budget, {
      reward: { type: 'percent', percent: 20 },
      eligibility: input.campaign === 'verified' ? { verifiedShoppers: true } : {},
    });
    const codes = mailbox(outbox);
    const outcomes: Outcome[] = [];
    const bar = progressBar(label, input.actors.length);
    let next = 0;
    const worker = async () => {
      while (next < input.actors.length) {
        const actor = input.actors[next] as Actor;
        next += 1;
        outcomes.push(await shop(app, actor, campaignId, input.campaign === 'verified', codes));
        bar.update(outcomes.length, { issued: outcomes.filter((outcome) => outcome.status === 201).length });
      }
    };
    await Promise.all(Array.from({ length: input.concurrency }, worker));
    bar.stop();
    return summarise(label, input.rules, input.campaign, outcomes);
  } finally {
    await bench.close();
    rmSync(dirname(outbox), { recursive: true, force: true });
  }
}

/** One actor: a session, a verification when the campaign asks, the claim, challenges solved, retries honoured. */
async function shop(
  app: App,
  actor: Actor,
  campaignId: string,
  verified: boolean,
  codes: (to: string) => string | undefined,
): Promise<Outcome> {
  const edge = { 'x-forwarded-for': actor.ip };
  const session = await post(app, '/api/v1/sessions', edge, { deviceId: actor.deviceId, email: actor.email });
  if (session.statusCode !== 201) {
    return { actor, status: session.statusCode, code: 'NO_SESSION', challenged: false, ms: 0 };
  }
  let token = (session.json() as { token: string }).token;
  if (verified) {
    const auth = { ...edge, authorization: `Bearer ${token}` };
    const sent = await post(app, '/api/v1/sessions/email-codes', auth, { email: actor.email });
    const code = sent.statusCode === 202 ? codes(actor.email) : undefined;
    if (code !== undefined) {
      const answer = await post(app, '/api/v1/sessions/email-verification', auth, {
        email: actor.email,
        code,
      });
      if (answer.statusCode === 200) token = (answer.json() as { token: string }).token;
    }
  }
  const started = performance.now();
  let challenged = false;
  let solution: string | undefined;
  let ticket: string | undefined;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const response = await app.server.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/claims`,
      headers: {
        ...edge,
        authorization: `Bearer ${token}`,
        'idempotency-key': `claim-${actor.deviceId}-${actor.email}`,
        ...(solution === undefined ? {} : { 'x-rushcart-challenge': solution }),
        ...(ticket === undefined ? {} : { 'x-queue-ticket': ticket }),
      },
      payload: {},
    });
    const body = response.json() as {
      error?: { code: string; details?: { challenge?: ProofOfWork; ticket?: string; claimAfterMs?: number } };
    };
    const code = body.error?.code;
    if (code === 'CHALLENGE_REQUIRED' && body.error?.details?.challenge !== undefined) {
      challenged = true;
      solution = await solve(body.error.details.challenge);
      continue;
    }
    // The waiting room (docs/retry-contract.md): claim again with the ticket after claimAfterMs.
    if (code === 'QUEUE_TICKET_REQUIRED') {
      ticket = body.error?.details?.ticket ?? ticket;
      await sleep(Math.min(5000, body.error?.details?.claimAfterMs ?? 500));
      continue;
    }
    if (code === 'QUEUE_TICKET_INVALID') {
      ticket = undefined;
      continue;
    }
    if (response.statusCode === 429 || response.statusCode === 503) {
      const wait = Number(response.headers['retry-after'] ?? '1');
      await sleep(Math.min(2, wait) * 1000);
      continue;
    }
    return { actor, status: response.statusCode, code, challenged, ms: performance.now() - started };
  }
  return { actor, status: 0, code: 'GAVE_UP', challenged, ms: performance.now() - started };
}

/** A POST that waits out 503 and short 429 answers, as the retry contract asks; longer refusals come back as they are. */
async function post(
  app: App,
  url: string,
  headers: Record<string, string>,
  payload: Record<string, unknown>,
) {
  for (let attempt = 0; ; attempt += 1) {
    const response = await app.server.inject({ method: 'POST', url, headers, payload });
    const wait = Number(response.headers['retry-after'] ?? '1');
    if ((response.statusCode !== 503 && response.statusCode !== 429) || wait > 2 || attempt >= 20)
      return response;
    await sleep(wait * 1000);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function summarise(
  label: string,
  rules: 'off' | 'on',
  campaign: 'guest' | 'verified',
  outcomes: Outcome[],
): Pass {
  const issued = outcomes.filter((outcome) => outcome.status === 201);
  const abuserCoupons = issued.filter((outcome) => outcome.actor.abuser).length;
  const honest = outcomes.filter((outcome) => !outcome.actor.abuser);
  const refusals: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.status === 201) continue;
    const key = `${outcome.actor.abuser ? 'abuser' : 'honest'}:${outcome.code ?? outcome.status}`;
    refusals[key] = (refusals[key] ?? 0) + 1;
  }
  return {
    label,
    rules,
    campaign,
    issued: issued.length,
    abuserCoupons,
    abuserShare: issued.length === 0 ? 0 : abuserCoupons / issued.length,
    honestWithCoupon: honest.filter((outcome) => outcome.status === 201).length,
    honestChallenged: honest.filter((outcome) => outcome.challenged).length / Math.max(1, honest.length),
    honestDenied:
      honest.filter((outcome) => outcome.code === 'CLAIM_DENIED' || outcome.code === 'VERIFICATION_REQUIRED')
        .length / Math.max(1, honest.length),
    honestClaimMs: percentiles(
      honest.map((outcome) => outcome.ms),
      [50, 95],
    ),
    refusals,
    abuserCurve: curve(outcomes),
  };
}

function curve(outcomes: readonly Outcome[]): (readonly [number, number])[] {
  const points: (readonly [number, number])[] = [[0, 0]];
  let held = 0;
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 201 && outcome.actor.abuser) held += 1;
    if ((index + 1) % 25 === 0 || index === outcomes.length - 1) points.push([index + 1, held]);
  });
  return points;
}

/** Abusers' coupons as the crowd is answered, each pass one line: how fast scripts take a budget. */
function abuserChart(passes: readonly Pass[], budget: number): string {
  const colors = ['#c0392b', '#27ae60', '#e67e22', '#2980b9'];
  return lineChart({
    title: `Coupons held by scripted abusers as the crowd is answered (budget ${budget})`,
    xLabel: 'claims answered',
    leftLabel: 'coupons held by abusers',
    rightLabel: '',
    series: passes.map((pass, index) => ({
      name: pass.label,
      color: colors[index % colors.length] ?? '#333333',
      axis: 'left' as const,
      points: pass.abuserCurve,
    })),
  });
}
