import { performance } from 'node:perf_hooks';
import fastifyUnderPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import {
  type AdmissionController,
  type CampaignAvailability,
  claimAnswerOf,
  jitteredRetry,
  type LastLineStanding,
  LoopPressure,
  PriorityClass as Priority,
  type RouteAdmission,
  routeAdmission,
  soldOut,
} from '../../admission/index.js';
import { type AdmissionState, releaseSlot } from './admission-state.js';
import { claimAdmission } from './claim-admission.js';
import {
  campaignOf,
  headerValue,
  queueAnswers,
  rateHint,
  reject,
  type ShopperIdentifier,
  shedRetryHint,
} from './queue-answers.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the route is admitted (`Admission.*`); undeclared routes are browsing. */
    admission?: RouteAdmission;
  }
  interface FastifyRequest {
    /** Admission bookkeeping of this request (set by the admission hooks). */
    admission: AdmissionState | undefined;
  }
}

/** How often the event loop's delay and utilization are read (ms). */
const SAMPLE_MS = 100;

/** Statuses a retried request can succeed after; a ticket used by such a claim is given back. */
const RETRYABLE = new Set([429, 503]);

/**
 * Installs admission on the HTTP edge: IP and device rate limits, waiting-room gate and priority
 * shedding in `onRequest` (before the body is read), the shopper's own rate limit and the ticket
 * check as the last preHandler of every sheddable route, and bookkeeping in `onResponse`. Call it
 * before any route is registered. Every refusal is a 4xx or a 503 with `Retry-After`; a failure
 * inside admission lets the request through rather than turn it into a 5xx.
 */
export async function installAdmission(
  server: FastifyInstance,
  controller: AdmissionController,
  campaigns?: CampaignAvailability,
  identify?: ShopperIdentifier,
): Promise<void> {
  const options = controller.options;
  if (!options.enabled) return;
  const pressure = new LoopPressure(options.maxEventLoopDelayMs);
  await server.register(fastifyUnderPressure, { sampleInterval: 100 });
  let utilizationMark = performance.eventLoopUtilization();
  let lastTick = performance.now();
  const node = controller.rooms.throughput;
  const pressureTimer = setInterval(() => {
    const now = performance.now();
    const lateBy = Math.max(0, now - lastTick - SAMPLE_MS);
    lastTick = now;
    // Utilization over the last 100 ms, smoothed over about half a second.
    const mark = performance.eventLoopUtilization();
    node.utilization +=
      (performance.eventLoopUtilization(mark, utilizationMark).utilization - node.utilization) * 0.2;
    utilizationMark = mark;
    // under-pressure's histogram gets no sample at all while every loop turn outlasts its 10 ms
    // resolution, and reports Infinity: the loop is saturated, and how late this timer fired says
    // by how much. Skipping those readings kept the last reading of a calmer moment, so neither
    // the room nor this last line saw a loop whose every turn took a second.
    const reported = server.memoryUsage().eventLoopDelay;
    const delay = Number.isFinite(reported) ? reported : lateBy;
    node.loopDelayMs = delay;
    pressure.sample(delay);
    controller.gate.expire(controller.now());
  }, SAMPLE_MS);
  pressureTimer.unref();
  controller.start();
  server.addHook('onClose', async () => {
    clearInterval(pressureTimer);
    controller.stop();
  });

  server.decorateRequest('admission', undefined);
  const admissionOf = (request: FastifyRequest): RouteAdmission =>
    routeAdmission(request.routeOptions.config);

  const shedHint = () => shedRetryHint(options);
  /** What the last line knows of a request (`LastLineStanding`), from its headers alone. */
  const standingOf = (request: FastifyRequest, route: RouteAdmission): LastLineStanding => {
    if (route.priority === Priority.checkout) return 'checkout';
    const campaignId = route.claim ? campaignOf(request) : undefined;
    if (campaignId === undefined) return 'other';
    const room = controller.rooms.find(campaignId);
    // A claim on a sold-out campaign is answered 410 or replayed from the store: shed, it came
    // back again and again and its shopper never learnt the campaign was over.
    if (soldOut(campaigns, campaignId, room?.exhausted === true)) return 'metered';
    // A claim without a ticket on an engaged room is given its place (held, or a 428 saying when
    // to come back), and one with a ticket the room issued was paced by it. A ticket header this
    // node's room did not issue is shed like any claim; one copied from another shopper goes on
    // to the route, which refuses it.
    if (headerValue(request, 'x-queue-ticket') === undefined)
      return room?.engaged(controller.now()) === true ? 'metered' : 'other';
    return bringsIssuedTicket(controller, request, campaignId) ? 'metered' : 'other';
  };

  server.addHook('onRequest', (request, reply, done) => {
    const route = admissionOf(request);
    const priority = route.priority;
    if (priority === Priority.exempt) return done();
    // Last line: a saturated event loop sheds what nothing else meters (`LoopPressure.sheds`).
    if (pressure.pressured && pressure.sheds(standingOf(request, route))) {
      controller.count(priority, 'shed');
      recordShedClaim(controller, route, request);
      reject(reply, 'OVERLOADED', shedHint());
      return;
    }
    // While the campaign's room is engaged, a claim takes its slot only after the route has
    // authenticated the shopper and the room has judged the ticket (shopperCheck): a claim with
    // no ticket is answered 428 with a place in the queue and never needs a slot, and one with a
    // verified, admitted ticket may use the admitted-claim share. Nothing unverified holds a slot.
    let deferred = false;
    if (route.claim) {
      const campaignId = campaignOf(request);
      const room = campaignId === undefined ? undefined : controller.rooms.find(campaignId);
      deferred = room?.engaged(controller.now()) === true;
    }
    // A shopper's request with a body takes its slot in shopperCheck, once the body is read and
    // the token checked: slow or stalled uploads then hold no slot (64 of them starved the pool).
    // Sessions have no shopper and keep theirs from here (their bodies are a few bytes).
    const bodyFirst = route.gated && route.bucket !== 'session' && carriesBody(request);
    // A claim, with a body or without, takes its slot once its shopper is known
    // (claimAdmission): a replay or a claim on a sold-out campaign needs none.
    const gated = route.gated && !deferred && !bodyFirst && !route.claim;
    const shed = () => {
      controller.count(priority, 'shed');
      recordShedClaim(controller, route, request);
      reject(reply, 'OVERLOADED', shedHint());
    };
    const slot = gated ? slotFor(request, priority) : true;
    if (slot === false) return shed();
    if (slot !== true) {
      slot.then((granted) => (granted ? admit(request, reply, done, route, gated, deferred) : shed()));
      return;
    }
    admit(request, reply, done, route, gated, deferred);
  });

  /** The rest of `onRequest` for a request that holds its slot (or needs none yet). */
  const admit = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: () => void,
    route: RouteAdmission,
    gated: boolean,
    deferred: boolean,
  ): void => {
    const priority = route.priority;
    const state: AdmissionState = {
      route,
      startedAt: performance.now(),
      inflightAtStart: controller.gate.inflight,
      held: gated,
      ticket: undefined,
      foreign: undefined,
      placed: undefined,
      limited: false,
    };
    request.admission = state;
    if (route.bucket === undefined) {
      done();
      return;
    }
    const device = request.headers['x-device-id'];
    const deviceId = typeof device === 'string' && device !== '' ? device.slice(0, 128) : undefined;
    controller.limits.checkEdge(request.ip, deviceId, route.bucket).then(
      (verdict) => {
        if (verdict.ok) {
          if (deferred && identify !== undefined && headerValue(request, 'x-queue-ticket') === undefined)
            return placeBeforeBody(request, reply, done, {
              limited: () => {
                state.limited = true;
              },
              placed: (place) => {
                state.placed = place.ticket;
              },
            });
          return done();
        }
        releaseSlot(controller, state, undefined);
        controller.count(priority, 'rate_limited');
        reject(reply, 'RATE_LIMITED', rateHint(verdict.retryAfterMs));
      },
      () => done(),
    );
  };

  /**
   * Takes a gate slot: at once (true or false), or for a checkout after its wait in line. A
   * checkout whose client went away while it waited gives its slot straight back.
   */
  const slotFor = (
    request: FastifyRequest,
    priority: RouteAdmission['priority'],
  ): boolean | Promise<boolean> => {
    const slot = controller.gate.acquire(priority, controller.now());
    if (typeof slot === 'boolean') return slot;
    return slot.then((granted) => {
      if (granted && request.raw.socket?.destroyed === true) {
        controller.gate.release(priority, controller.now());
        return false;
      }
      return granted;
    });
  };

  const queue = queueAnswers({ controller, campaigns, identify });
  const { placeBeforeBody } = queue;

  // The shopper's own limit and the waiting-room ticket need `request.shopperId`, so they run as
  // the last preHandler of each route, after the route's own authentication.
  /** Takes the gate slot of a request whose slot was deferred past `onRequest`, or sheds it. */
  const takeSlot = (state: AdmissionState, reply: FastifyReply): FastifyReply | undefined =>
    slotTaken(state, reply, controller.gate.tryAcquire(state.route.priority));
  const slotTaken = (
    state: AdmissionState,
    reply: FastifyReply,
    granted: boolean,
  ): FastifyReply | undefined => {
    if (!granted) {
      controller.count(state.route.priority, 'shed');
      return reject(reply, 'OVERLOADED', shedHint());
    }
    state.held = true;
    state.startedAt = performance.now();
    state.inflightAtStart = controller.gate.inflight;
    return undefined;
  };
  /** `takeSlot` for the routes whose class may wait in line for it (checkout). */
  const takeSlotInLine = async (
    request: FastifyRequest,
    state: AdmissionState,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const slot = slotFor(request, state.route.priority);
    return slotTaken(state, reply, typeof slot === 'boolean' ? slot : await slot);
  };

  const admitClaimRequest = claimAdmission({ controller, campaigns, queue, takeSlot });

  const shopperCheck = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const state = request.admission;
    if (state === undefined) return undefined;
    // A gated request whose slot was deferred past onRequest takes it now (a checkout may wait in
    // line for it; any other class is answered at once).
    const slotIfDeferred = () =>
      !state.route.gated || state.held ? undefined : takeSlotInLine(request, state, reply);
    const shopperId: string | undefined = request.shopperId;
    if (shopperId === undefined) return slotIfDeferred();
    const route = state.route;
    if (route.bucket !== undefined && !state.limited) {
      const verdict = await controller.limits.checkShopper(shopperId, route.bucket);
      if (!verdict.ok) {
        releaseSlot(controller, state, undefined);
        controller.count(route.priority, 'rate_limited');
        return reject(reply, 'RATE_LIMITED', rateHint(verdict.retryAfterMs));
      }
    }
    // A request with a body takes its slot now that the body is read and the shopper known.
    const campaignId = route.claim ? campaignOf(request) : undefined;
    if (campaignId === undefined) return slotIfDeferred();
    return admitClaimRequest(request, reply, state, campaignId, shopperId);
  };

  server.addHook('onRoute', (routeOptions: RouteOptions) => {
    // An API route that forgot its class would be admitted as browsing without anyone deciding so.
    if (routeOptions.url.startsWith('/api/') && routeOptions.config?.admission === undefined) {
      throw new Error(`route ${routeOptions.method} ${routeOptions.url} declares no config.admission`);
    }
    if (routeAdmission(routeOptions.config).priority === Priority.exempt) return;
    const existing = routeOptions.preHandler;
    const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
    routeOptions.preHandler = [...list, shopperCheck] as RouteOptions['preHandler'];
  });

  server.addHook('onResponse', (request, reply, done) => {
    const state = request.admission;
    if (state === undefined) return done();
    const status = reply.statusCode;
    const latencyMs = performance.now() - state.startedAt;
    if (state.held) {
      controller.count(state.route.priority, 'admitted');
      releaseSlot(controller, state, latencyMs);
    } else if (!state.route.gated && status !== 429) {
      controller.count(state.route.priority, 'admitted');
    }
    if (state.route.claim) {
      const campaignId = campaignOf(request);
      // A claim the room admitted is timed from its admission to its answer (the room brakes on it).
      if (campaignId !== undefined)
        controller.recordClaimAnswer(
          campaignId,
          claimAnswerOf(status),
          state.ticket === undefined ? undefined : latencyMs,
        );
      if (state.ticket !== undefined) {
        if (RETRYABLE.has(status) || status >= 500)
          controller.returnTicket(state.ticket.campaignId, state.ticket.sequence, state.ticket.key);
        controller.claimFinished(state.ticket.campaignId, state.ticket.sequence);
      }
      const foreign = state.foreign;
      if (foreign !== undefined && (RETRYABLE.has(status) || status >= 500))
        void controller.shared?.unuse(foreign.campaignId, foreign.epoch, foreign.sequence, foreign.key);
    }
    done();
  });

  server.addHook('onRequestAbort', (request, done) => {
    const state = request.admission;
    if (state !== undefined) releaseSlot(controller, state, undefined);
    if (state?.ticket !== undefined) controller.claimFinished(state.ticket.campaignId, state.ticket.sequence);
    done();
  });

  // Other parts answer 409 IDEMPOTENCY_IN_FLIGHT (and a few 429/503) with a whole-second
  // Retry-After; spread those too, so retries of one crowd do not land together.
  server.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    if ((status !== 409 && status !== 429 && status !== 503) || typeof payload !== 'string') return payload;
    if (reply.getHeader('retry-after') === undefined || payload.includes('"retryAfterMs"')) return payload;
    try {
      const body = JSON.parse(payload) as { error?: { details?: Record<string, unknown> } };
      if (body.error === undefined) return payload;
      const base = Number(reply.getHeader('retry-after')) * 1000;
      const hint = jitteredRetry(base > 0 ? base : 1000, 0.5);
      body.error.details = { ...body.error.details, retryAfterMs: hint.ms, retryAfterSeconds: hint.seconds };
      reply.header('retry-after', hint.seconds);
      return JSON.stringify(body);
    } catch {
      request.log.debug('retry-after jitter skipped: body is not JSON');
      return payload;
    }
  });
}

/** Whether the request announces a body (a length above zero, or a chunked one). */
function carriesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

function recordShedClaim(
  controller: AdmissionController,
  route: RouteAdmission,
  request: FastifyRequest,
): void {
  if (!route.claim) return;
  const campaignId = campaignOf(request);
  const room = campaignId === undefined ? undefined : controller.rooms.find(campaignId);
  if (campaignId === undefined || room === undefined) return;
  const now = controller.now();
  // Without a ticket the room issued, a claim on an engaged room was never admitted: an arrival,
  // not a shed (a made-up ticket header must not brake the room).
  if (room.engaged(now) && !bringsIssuedTicket(controller, request, campaignId)) room.recordArrival(now);
  else room.recordClaim(now, true);
}

/** Whether the request's `x-queue-ticket` is one the campaign's room issued (`isIssuedTicket`). */
function bringsIssuedTicket(
  controller: AdmissionController,
  request: FastifyRequest,
  campaignId: string,
): boolean {
  const ticket = headerValue(request, 'x-queue-ticket');
  return ticket !== undefined && controller.isIssuedTicket(campaignId, ticket);
}
