import { randomUUID } from 'node:crypto';
import type { Answer } from './http-client.js';
import { json } from './http-client.js';

/** Request classes the generator reports on. */
export type RequestClass = 'claim' | 'queue' | 'browse' | 'checkout';

/** One finished request. */
export interface Sample {
  /** Seconds since the run started, when the answer came. */
  readonly at: number;
  readonly cls: RequestClass;
  readonly status: number;
  readonly code: string;
  /** Milliseconds from when the request was due (open loop: no coordinated omission) to its answer. */
  readonly ms: number;
  /**
   * Of `ms`, how long the server held a claim in the waiting room before admitting it (its
   * `Server-Timing: queue;dur=N`); 0 for everything else.
   */
  readonly heldMs: number;
}

/** A claim's latency once admitted: the time the server held it waiting for its turn is the queue's. */
export function admittedMs(sample: Sample): number {
  return sample.ms - sample.heldMs;
}

/** A shopper the generator drives. */
export interface Shopper {
  readonly id: string;
  readonly token: string;
}

/**
 * How coupon holders check out. `express`: one checkout call carrying the item and the coupon
 * (what an assistant or agent sends); `cart`: add the line, apply the coupon, check out (cart
 * edits are shed first).
 */
export type CheckoutVia = 'express' | 'cart';

/** Payment and address of every benchmark checkout (the test card always approves). */
export const CHECKOUT_DETAILS = {
  payment: { type: 'test_card', number: '4242424242424242' },
  shippingAddress: {
    name: 'Bench Shopper',
    line1: '1 Load St',
    city: 'Lisbon',
    postalCode: '1000-001',
    country: 'PT',
  },
} as const;

/** What one crowd phase needs. */
export interface CrowdPhase {
  readonly call: (
    method: string,
    path: string,
    headers?: Record<string, string>,
    body?: unknown,
  ) => Promise<Answer>;
  readonly campaignId: string;
  readonly shoppers: readonly Shopper[];
  /** New arrivals per second (claimants and browsers). */
  readonly rate: number;
  readonly durationSeconds: number;
  /** Fraction of arrivals that try to claim; the rest browse. */
  readonly claimShare: number;
  /** Fraction of coupon holders who then check out with the coupon. */
  readonly checkoutShare: number;
  readonly variantId: string | undefined;
  /** Follow the waiting-room protocol and Retry-After; false sends each claim once (capacity probe). */
  readonly protocol: boolean;
  readonly checkoutVia: CheckoutVia;
  readonly startedAt: number;
  readonly onSample: (sample: Sample) => void;
  readonly onCoupon: (shopperId: string, code: string, replayed: boolean) => void;
  readonly onReached: (shopperId: string) => void;
  readonly onCheckout: (ok: boolean) => void;
  /**
   * A claimant got a coupon: when it first arrived and when it was served (ms on
   * `performance.now()`), and whether it met the waiting room (a 428, or held by the server).
   */
  readonly onServed?: (arrivedAt: number, servedAt: number, queued: boolean) => void;
}

/** One claimant that met the waiting room and got its coupon. */
export interface Served {
  readonly arrivedAt: number;
  readonly servedAt: number;
}

/**
 * The share of queued claimants served before someone who arrived more than `toleranceMs`
 * earlier (the room is FIFO; the tolerance covers the jitter of the hints clients wait on).
 */
export function outOfOrderShare(served: readonly Served[], toleranceMs = 1000): number | undefined {
  if (served.length === 0) return undefined;
  const byArrival = [...served].sort((a, b) => a.arrivedAt - b.arrivedAt);
  let earlier = 0;
  let latestEarlierServed = Number.NEGATIVE_INFINITY;
  let outOfOrder = 0;
  for (const claimant of byArrival) {
    while (
      earlier < byArrival.length &&
      (byArrival[earlier]?.arrivedAt ?? 0) < claimant.arrivedAt - toleranceMs
    ) {
      latestEarlierServed = Math.max(latestEarlierServed, byArrival[earlier]?.servedAt ?? 0);
      earlier++;
    }
    if (claimant.servedAt < latestEarlierServed) outOfOrder++;
  }
  return outOfOrder / byArrival.length;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Drives one phase open-loop: arrivals are scheduled by the clock and started whether or not
 * earlier ones have answered. Resolves when the phase is over and every started journey ended.
 */
export async function runCrowd(phase: CrowdPhase): Promise<{ arrivals: number }> {
  const journeys: Promise<void>[] = [];
  const phaseStart = performance.now();
  let fired = 0;
  let next = 0;
  const total = Math.round(phase.rate * phase.durationSeconds);
  while (fired < total) {
    const elapsed = performance.now() - phaseStart;
    const due = Math.min(total, Math.floor((elapsed / 1000) * phase.rate));
    while (fired < due) {
      const dueAt = phaseStart + (fired / phase.rate) * 1000;
      fired++;
      if (Math.random() < phase.claimShare) {
        const shopper = phase.shoppers[next++ % phase.shoppers.length];
        if (shopper !== undefined) journeys.push(claimJourney(phase, shopper, dueAt));
      } else {
        journeys.push(browse(phase, dueAt));
      }
    }
    await sleep(2);
  }
  await Promise.all(journeys);
  return { arrivals: fired };
}

async function timed(
  phase: CrowdPhase,
  cls: RequestClass,
  dueAt: number,
  send: () => Promise<Answer>,
): Promise<Answer> {
  const answer = await send();
  const now = performance.now();
  const code =
    answer.status >= 400
      ? (json<{ error?: { code?: string } }>(answer)?.error?.code ?? String(answer.status))
      : 'OK';
  const timing = answer.headers['server-timing'];
  const held = typeof timing === 'string' ? /queue;dur=(\d+)/.exec(timing)?.[1] : undefined;
  phase.onSample({
    at: (now - phase.startedAt) / 1000,
    cls,
    status: answer.status,
    code,
    ms: now - dueAt,
    heldMs: held === undefined ? 0 : Number(held),
  });
  return answer;
}

/** How long an answer asks the client to wait before trying again (docs/retry-contract.md). */
export function retryMs(answer: Answer): number {
  const details = json<{ error?: { details?: { retryAfterMs?: number } } }>(answer)?.error?.details;
  if (typeof details?.retryAfterMs === 'number') return details.retryAfterMs;
  const header = Number(answer.headers['retry-after']);
  return Number.isFinite(header) && header > 0 ? header * 1000 : 1000;
}

async function browse(phase: CrowdPhase, dueAt: number): Promise<void> {
  await timed(phase, 'browse', dueAt, () => phase.call('GET', '/api/v1/products?q=shirt&limit=10'));
}

async function claimJourney(phase: CrowdPhase, shopper: Shopper, firstDue: number): Promise<void> {
  const auth = { authorization: `Bearer ${shopper.token}` };
  const key = randomUUID();
  let ticket: string | undefined;
  let dueAt = firstDue;
  let queued = false;
  for (let attempt = 0; attempt < 12; attempt++) {
    const answer = await timed(phase, 'claim', dueAt, () =>
      phase.call(
        'POST',
        `/api/v1/campaigns/${phase.campaignId}/claims`,
        { ...auth, 'idempotency-key': key, ...(ticket === undefined ? {} : { 'x-queue-ticket': ticket }) },
        {},
      ),
    );
    if (answer.status === 201 || answer.status === 409 || answer.status === 410) phase.onReached(shopper.id);
    if (answer.status === 201) {
      const coupon = json<{ coupon: { code: string } }>(answer)?.coupon;
      if (coupon !== undefined) {
        const heldMs = /queue;dur=(\d+)/.exec(String(answer.headers['server-timing'] ?? ''))?.[1];
        phase.onServed?.(firstDue, performance.now(), queued || heldMs !== undefined);
        phase.onCoupon(shopper.id, coupon.code, answer.headers['idempotent-replayed'] === 'true');
        if (phase.variantId !== undefined && Math.random() < phase.checkoutShare) {
          await sleep(300 + Math.random() * 700);
          await checkoutJourney(phase, auth, coupon.code, phase.variantId);
        }
      }
      return;
    }
    if (!phase.protocol) return;
    const code = json<{ error?: { code?: string } }>(answer)?.error?.code;
    if (answer.status === 428 && code === 'QUEUE_TICKET_REQUIRED') {
      queued = true;
      // The 428 carries a place in the queue; older servers need a separate join.
      const place = json<{ error?: { details?: Partial<Standing> } }>(answer)?.error?.details;
      if (typeof place?.claimAfterMs === 'number') {
        // The server holds a claim near the front of the queue until it is admitted: come back
        // with the ticket when told instead of polling (one request instead of polls and a claim).
        if (typeof place.ticket === 'string') ticket = place.ticket;
        if (ticket === undefined) return;
        if (place.admitted !== true) await sleep(place.claimAfterMs);
        dueAt = performance.now();
        continue;
      }
      ticket = await waitInQueue(phase, auth, isStanding(place) ? place : undefined);
      if (ticket === undefined) return;
      dueAt = performance.now();
      continue;
    }
    if (
      answer.status === 429 ||
      answer.status === 503 ||
      // A balancer's answer for a node that died under the request: retry with the same key.
      answer.status === 502 ||
      answer.status === 0 ||
      code === 'IDEMPOTENCY_IN_FLIGHT'
    ) {
      await sleep(retryMs(answer));
      dueAt = performance.now();
      continue;
    }
    return;
  }
}

/** A place in the waiting room as the queue routes (and a 428 claim answer) describe it. */
interface Standing {
  readonly ticket: string;
  readonly admitted: boolean;
  readonly pollAfterMs: number;
  /** Servers that hold claims near the front of the queue say when to claim instead of polling. */
  readonly claimAfterMs?: number;
}

function isStanding(value: Partial<Standing> | undefined): value is Standing {
  return typeof value?.ticket === 'string' && typeof value.admitted === 'boolean';
}

async function waitInQueue(
  phase: CrowdPhase,
  auth: Record<string, string>,
  place: Standing | undefined,
): Promise<string | undefined> {
  const first = place ?? (await joinQueue(phase, auth));
  if (first === undefined) return undefined;
  let standing = first;
  const deadline = performance.now() + 120_000;
  while (!standing.admitted && performance.now() < deadline) {
    await sleep(Math.max(250, standing.pollAfterMs));
    const dueAt = performance.now();
    const polled = await timed(phase, 'queue', dueAt, () =>
      phase.call('GET', `/api/v1/campaigns/${phase.campaignId}/queue/${standing.ticket}`, auth),
    );
    if (polled.status === 429 || polled.status === 503) continue;
    if (polled.status !== 200) return undefined;
    standing = json<typeof first>(polled) ?? standing;
  }
  return standing.admitted ? standing.ticket : undefined;
}

async function joinQueue(phase: CrowdPhase, auth: Record<string, string>): Promise<Standing | undefined> {
  for (let attempt = 0; attempt < 6; attempt++) {
    const dueAt = performance.now();
    const joined = await timed(phase, 'queue', dueAt, () =>
      phase.call('POST', `/api/v1/campaigns/${phase.campaignId}/queue`, auth),
    );
    if (joined.status === 201) return json<Standing>(joined);
    if (joined.status !== 429 && joined.status !== 503) return undefined;
    await sleep(retryMs(joined));
  }
  return undefined;
}

async function checkoutJourney(
  phase: CrowdPhase,
  auth: Record<string, string>,
  code: string,
  variantId: string,
): Promise<void> {
  const step = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const dueAt = performance.now();
      const answer = await timed(phase, 'checkout', dueAt, () =>
        phase.call(method, path, { ...auth, ...headers }, body),
      );
      if (answer.status !== 429 && answer.status !== 503 && answer.status !== 0) return answer;
      await sleep(retryMs(answer));
    }
    return undefined;
  };
  const checkoutBody = CHECKOUT_DETAILS;
  if (phase.checkoutVia === 'express') {
    const order = await step(
      'POST',
      '/api/v1/checkout',
      { ...checkoutBody, items: [{ variantId, quantity: 1 }], couponCodes: [code] },
      { 'idempotency-key': randomUUID() },
    );
    phase.onCheckout(order?.status === 201);
    return;
  }
  const line = await step('POST', '/api/v1/cart/lines', { variantId, quantity: 1 });
  const coupon =
    line?.status === 200 || line?.status === 201
      ? await step('POST', '/api/v1/cart/coupons', { code })
      : undefined;
  const order =
    coupon?.status === 200 || coupon?.status === 201
      ? await step('POST', '/api/v1/checkout', checkoutBody, { 'idempotency-key': randomUUID() })
      : undefined;
  phase.onCheckout(order?.status === 201);
}
