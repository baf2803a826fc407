import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type AdmissionController,
  type CampaignAvailability,
  reachesClaimPath,
  soldOut,
} from '../../admission/index.js';
import { type AdmissionState, releaseSlot } from './admission-state.js';
import { headerValue, type queueAnswers, reject } from './queue-answers.js';

/** What the claim's admission needs from the hooks that install it. */
export interface ClaimAdmissionDependencies {
  readonly controller: AdmissionController;
  readonly campaigns: CampaignAvailability | undefined;
  readonly queue: ReturnType<typeof queueAnswers>;
  /** Takes the gate slot of a request whose slot was deferred past `onRequest`, or sheds it. */
  readonly takeSlot: (state: AdmissionState, reply: FastifyReply) => FastifyReply | undefined;
}

/**
 * The waiting room's judgement of a claim, once the shopper is authenticated and within their
 * rate limit (the last preHandler of the claim route): a ticket of this node's room or another's
 * (through Redis), a place for a claim without one (held when near the front), replays and
 * sold-out claims let through to the claim path, the place's one use taken across nodes, and the
 * 428 or 403 otherwise. Resolves to undefined when the claim goes on, or to the refusal sent.
 */
export function claimAdmission({ controller, campaigns, queue, takeSlot }: ClaimAdmissionDependencies) {
  const { standingFields, holdForAdmission, placeInQueue, queueRequired } = queue;

  return async function admitClaimRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    state: AdmissionState,
    campaignId: string,
    shopperId: string,
  ): Promise<unknown> {
    const route = state.route;
    let ticket = headerValue(request, 'x-queue-ticket') ?? state.placed;
    const key = headerValue(request, 'idempotency-key');
    let verdict = controller.admitClaim(campaignId, shopperId, ticket, key);
    // A ticket another node's room issued (or this node's before a restart): judged from that
    // room's state in Redis. If nothing can say where it stands (no Redis, or the room is gone),
    // the shopper is given a place here (below) rather than refused.
    let foreignTicket = false;
    if (
      !verdict.ok &&
      verdict.refusal === 'unknown' &&
      ticket !== undefined &&
      controller.crossNode.isForeignTicket(campaignId, ticket)
    ) {
      const foreign = await controller.crossNode.admitForeignClaim(campaignId, shopperId, ticket, key);
      if (foreign.ok) {
        if (foreign.place !== undefined && key !== undefined)
          state.foreign = { campaignId, ...foreign.place, key };
        verdict = { ok: true };
      } else if (foreign.refusal === 'unknown') {
        ticket = undefined;
        verdict = { ok: false, refusal: 'required' };
      } else {
        foreignTicket = true;
        verdict = foreign;
      }
    }
    // A replay, or a claim on a sold-out campaign whose coupon this node may not know, goes to
    // the claim path (which replays it or answers 410) whatever the room or the gate says.
    const roomExhausted = () => controller.rooms.find(campaignId)?.exhausted === true;
    const answeredFromStore = () => reachesClaimPath(campaigns, campaignId, shopperId, key, roomExhausted());
    if (!verdict.ok && answeredFromStore()) verdict = { ok: true };
    if (!verdict.ok && verdict.refusal === 'required' && ticket === undefined) {
      // No ticket and not answered before the body (the shopper was not identified there): the
      // place is given here, and held like one given there.
      const place = placeInQueue(reply, campaignId, shopperId);
      if (!('ticket' in place)) {
        releaseSlot(controller, state, undefined);
        return place;
      }
      state.placed = place.ticket;
      ticket = place.ticket;
      verdict = controller.admitClaim(campaignId, shopperId, ticket, key);
    }
    if (!verdict.ok && verdict.refusal === 'required' && ticket !== undefined && !foreignTicket) {
      const sequence = verdict.standing?.sequence;
      const room = controller.rooms.find(campaignId);
      const admitted =
        room === undefined || sequence === undefined
          ? undefined
          : (wake: () => void) => room.whenAdmitted(sequence, wake);
      const recheck = () => {
        verdict = controller.admitClaim(campaignId, shopperId, ticket, key);
        return verdict.ok || verdict.refusal !== 'required' ? undefined : (verdict.standing?.etaMs ?? 25);
      };
      const waited = await holdForAdmission(request, verdict.standing?.etaMs, recheck, admitted);
      if (waited > 0) reply.header('server-timing', `queue;dur=${Math.round(waited)}`);
    }
    if (verdict.ok && verdict.sequence !== undefined && key !== undefined) {
      // The place's one use, taken across every node (a copy of the ticket sent to another node
      // with another key must not claim too).
      if (await controller.crossNode.confirmUse(campaignId, verdict.sequence, key))
        state.ticket = { campaignId, sequence: verdict.sequence, key };
      else {
        controller.returnTicket(campaignId, verdict.sequence, key);
        verdict = { ok: false, refusal: 'used' };
      }
    }
    if (verdict.ok) {
      if (!route.gated || state.held) return undefined;
      if (
        state.ticket !== undefined ||
        state.foreign !== undefined ||
        answeredFromStore() ||
        soldOut(campaigns, campaignId, roomExhausted())
      ) {
        // The room admitted this claim: the room meters these and brakes on their latency, so
        // the gate does not shed them or count them. Gated, they took the minimum limit's slots
        // while they waited for their batch's commit and shed checkouts (docs/benchmarks.md).
        // A replay or a sold-out claim is one indexed read answered 201 or 410: shed behind a
        // line of checkouts, a shopper whose claim committed on a node that died retried into
        // 503s until they gave up, never learning they held the coupon.
        controller.count(route.priority, 'admitted');
        state.startedAt = performance.now();
        return undefined;
      }
      // Every claim takes its slot here, once its shopper is known, rather than in onRequest.
      // onResponse tells the room about a shed here.
      return takeSlot(state, reply);
    }
    releaseSlot(controller, state, undefined);
    const refusal = verdict.refusal;
    if (refusal === 'exhausted') return reject(reply, 'CAMPAIGN_EXHAUSTED', undefined);
    if (refusal !== 'required') {
      controller.count(route.priority, 'ticket_invalid');
      return reject(reply, 'QUEUE_TICKET_INVALID', undefined, `"reason":"${refusal}"`);
    }
    // A place given to this claim whose hold ran out (or the node held its most): the place with
    // its ticket. A ticket the shopper brought that is not admitted yet: where it stands.
    const standing = verdict.standing;
    if (state.placed !== undefined && standing !== undefined)
      return queueRequired(reply, campaignId, { ticket: state.placed, standing });
    controller.count(route.priority, 'queue_required');
    return reject(
      reply,
      'QUEUE_TICKET_REQUIRED',
      undefined,
      `"queue":"/api/v1/campaigns/${campaignId}/queue"${standingFields(standing)}`,
    );
  };
}
