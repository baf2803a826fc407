import type { FastifyReply, FastifyRequest } from 'fastify';
import type {
  AdmissionController,
  AdmissionOptions,
  AdmissionWakeup,
  QueueAnswer,
  QueueStanding,
} from '../../admission/index.js';
import {
  type CampaignAvailability,
  jitteredRetry,
  PriorityClass as Priority,
  queueHints,
  queueRefusalOf,
  type RetryHint,
  reachesClaimPath,
} from '../../admission/index.js';
import { ERROR_CATALOG } from '../../shared/error-catalog.js';

/**
 * The shopper a request's credentials name, or undefined (the route then answers 401 itself).
 * Lets admission answer a claim without a ticket before the body is read.
 */
export type ShopperIdentifier = (request: FastifyRequest) => Promise<string | undefined>;

/** The codes admission answers with. */
export type RefusalCode =
  | 'OVERLOADED'
  | 'RATE_LIMITED'
  | 'QUEUE_TICKET_REQUIRED'
  | 'QUEUE_TICKET_INVALID'
  | 'CAMPAIGN_EXHAUSTED'
  | 'CAMPAIGN_NOT_LIVE'
  | 'CAMPAIGN_NOT_FOUND';

/** Answers a refusal: the error body (with `Retry-After` when there is a hint) and its status. */
export function reject(
  reply: FastifyReply,
  code: RefusalCode,
  hint: RetryHint | undefined,
  extra = '',
): FastifyReply {
  // Hand-built JSON: the shed path must not allocate more than one string.
  const details =
    hint === undefined
      ? extra === ''
        ? ''
        : `,"details":{${extra}}`
      : `,"details":{"retryAfterMs":${hint.ms},"retryAfterSeconds":${hint.seconds}${extra === '' ? '' : `,${extra}`}}`;
  if (hint !== undefined) reply.header('retry-after', hint.seconds);
  return reply
    .code(ERROR_CATALOG[code].status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(`{"error":{"code":"${code}","message":"${ERROR_CATALOG[code].message}"${details}}}`);
}

/** The `Retry-After` of a shed request, jittered by half either way. */
export function shedRetryHint(options: AdmissionOptions): RetryHint {
  return jitteredRetry(options.shedRetryMs, 0.5);
}

/** Never earlier than the limiter allows: spread over [1, 1.5] times the wait. */
export function rateHint(waitMs: number): RetryHint {
  return jitteredRetry(Math.max(waitMs, 100) * 1.25, 0.2);
}

/** The campaign id of a campaign route, when it is a plausible one. */
export function campaignOf(request: FastifyRequest): string | undefined {
  const id = (request.params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' && id.length <= 200 ? id : undefined;
}

/** A header given once and not empty. */
export function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What the waiting room's HTTP answers need. */
export interface QueueAnswerDependencies {
  readonly controller: AdmissionController;
  readonly campaigns?: CampaignAvailability | undefined;
  readonly identify?: ShopperIdentifier | undefined;
}

/**
 * The waiting room's answers on the claim route: where a ticket stands, holding a claim near the
 * front until it is admitted, and a place in the queue for a claim without a ticket.
 */
export function queueAnswers({ controller, campaigns, identify }: QueueAnswerDependencies) {
  const options = controller.options;
  const shedHint = () => shedRetryHint(options);

  /**
   * Where a queued ticket stands, and when to come back: `pollAfterMs` for a poll of the queue,
   * `claimAfterMs` for a claim with the ticket, which the server holds once the ticket is within
   * `holdMs` of its admission (so it comes back half a hold early).
   */
  const standingFields = (standing: QueueStanding | undefined): string => {
    if (standing === undefined) return '';
    const { position, etaSeconds, admitted } = standing;
    const { pollAfterMs, claimAfterMs } = queueHints(standing, options.holdMs);
    return `,"position":${position},"etaSeconds":${etaSeconds},"admitted":${admitted},"pollAfterMs":${pollAfterMs},"claimAfterMs":${claimAfterMs}`;
  };

  /** Holds a claim near the front of the room (`ClaimHolds.hold`) while its client stays connected. */
  const holdForAdmission = (
    request: FastifyRequest,
    etaMs: number | undefined,
    recheck: () => number | undefined,
    admitted?: AdmissionWakeup,
  ): Promise<number> =>
    // `request.raw.destroyed` is true once the body was read; the socket says if the client left.
    controller.holds.hold(etaMs, recheck, admitted, () => request.raw.socket?.destroyed === true);

  /** The 428 of a claim that has a place but is not admitted: the place, the ticket included. */
  const queueRequired = (reply: FastifyReply, campaignId: string, place: QueueAnswer): FastifyReply => {
    controller.count(Priority.claim, 'queue_required');
    return reject(
      reply,
      'QUEUE_TICKET_REQUIRED',
      undefined,
      `"queue":"/api/v1/campaigns/${campaignId}/queue","ticket":"${place.ticket}"${standingFields(place.standing)}`,
    );
  };

  /**
   * Gives a claim without a ticket its place while the room is engaged. A place the room expects
   * to admit within the hold, on a node with room for another held claim, is returned to be held
   * (the claim then goes on with it, one request for the shopper as when the room is idle);
   * otherwise the answer is a 428 with the place, or the join route's refusal for a campaign
   * that cannot issue.
   */
  const placeInQueue = (
    reply: FastifyReply,
    campaignId: string,
    shopperId: string,
  ): FastifyReply | QueueAnswer => {
    const availability = campaigns?.current(campaignId);
    const unavailable = availability === undefined ? undefined : queueRefusalOf(availability);
    if (unavailable === 'CAMPAIGN_EXHAUSTED') controller.markExhausted(campaignId);
    if (unavailable !== undefined) return reject(reply, unavailable, undefined);
    const place = controller.joinQueue(campaignId, shopperId);
    if ('refusal' in place) {
      if (place.refusal === 'exhausted') return reject(reply, 'CAMPAIGN_EXHAUSTED', undefined);
      return reject(reply, 'OVERLOADED', shedHint());
    }
    if (place.standing.admitted || controller.holds.accepts(place.standing.etaMs)) return place;
    return queueRequired(reply, campaignId, place);
  };

  /**
   * The place of a claim without a ticket, given in `onRequest`: the shopper is identified from
   * the token and limited like any claim, and the answer goes out before the body is read, parsed
   * and validated and before the route's hooks run (91 us a 428 through the route; the body is
   * validated when the shopper claims with the ticket). Anything unusual (no valid token, a room
   * released meanwhile, a failing limiter) falls through to the route, which answers as before.
   */
  const placeBeforeBody = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: () => void,
    early: { limited(): void; placed(place: QueueAnswer): void },
  ): void => {
    const campaignId = campaignOf(request);
    if (identify === undefined || campaignId === undefined) {
      done();
      return;
    }
    identify(request)
      .then(async (shopperId) => {
        if (shopperId === undefined) return done();
        const limit = await controller.limits.checkShopper(shopperId, 'claim');
        if (!limit.ok) {
          controller.count(Priority.claim, 'rate_limited');
          return reject(reply, 'RATE_LIMITED', rateHint(limit.retryAfterMs));
        }
        // The point is spent: the route's own check must not spend another for this request.
        early.limited();
        if (controller.rooms.find(campaignId)?.engaged(controller.now()) !== true) return done();
        const key = headerValue(request, 'idempotency-key');
        const exhausted = controller.rooms.find(campaignId)?.exhausted === true;
        if (reachesClaimPath(campaigns, campaignId, shopperId, key, exhausted)) return done();
        const place = placeInQueue(reply, campaignId, shopperId);
        if (!('ticket' in place)) return place;
        // Held (or admitted at once): the claim goes on to the route with the place it was given.
        early.placed(place);
        done();
      })
      .catch(() => done());
  };

  return { standingFields, holdForAdmission, placeInQueue, queueRequired, placeBeforeBody };
}
