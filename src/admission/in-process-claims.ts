import { performance } from 'node:perf_hooks';
import { ERROR_CATALOG, type ErrorCode } from '../shared/error-catalog.js';
import { type AdmissionController, type ClaimAnswer, claimAnswerOf } from './admission-controller.js';
import { type CampaignAvailability, queueRefusalOf, reachesClaimPath } from './campaign-availability.js';
import type { QueueStanding } from './room-options.js';

/** Why an in-process claim may not go on now (error catalog codes), with where the shopper stands. */
export interface ClaimAdmissionRefusal {
  readonly ok: false;
  readonly code:
    | 'QUEUE_TICKET_REQUIRED'
    | 'QUEUE_TICKET_INVALID'
    | 'CAMPAIGN_EXHAUSTED'
    | 'CAMPAIGN_NOT_LIVE'
    | 'CAMPAIGN_NOT_FOUND'
    | 'OVERLOADED';
  /** The shopper's place while they wait (QUEUE_TICKET_REQUIRED). */
  readonly standing?: QueueStanding;
}

/**
 * A claim admitted: `settle` tells the room how it ended, by its error code (`undefined` for a
 * coupon, `INTERNAL` for a claim that threw).
 */
export interface ClaimAdmissionPass {
  readonly ok: true;
  settle(error: ErrorCode | undefined): void;
}

/** What a claim that ended with this error code (or a coupon) teaches the room. */
function answerOf(error: ErrorCode | undefined): ClaimAnswer {
  return claimAnswerOf(error === undefined ? 201 : ERROR_CATALOG[error].status);
}

/**
 * The waiting room for claims made inside the process (the assistant's `claim_coupon`), with
 * the same rules as the HTTP claim: free while the room is idle; a replay or a sold-out claim
 * this node cannot judge goes to the claim path; otherwise the shopper takes (or keeps) their
 * place, the claim is held while the room expects to admit it within the hold, and an admitted
 * place is used by this one claim's key. The shopper has no ticket to carry: their place is kept
 * by shopper, so asking again later finds it.
 */
export interface ClaimAdmission {
  admit(
    campaignId: string,
    shopperId: string,
    idempotencyKey: string,
  ): Promise<ClaimAdmissionPass | ClaimAdmissionRefusal>;
}

/** Builds the in-process claim admission over the node's controller. */
export function createClaimAdmission(
  controller: AdmissionController,
  campaigns: CampaignAvailability | undefined,
): ClaimAdmission {
  const passWithout: ClaimAdmissionPass = { ok: true, settle: () => undefined };

  const free = (campaignId: string): ClaimAdmissionPass => ({
    ok: true,
    settle: (error) => controller.recordClaimAnswer(campaignId, answerOf(error), undefined),
  });

  const admitted = (campaignId: string, sequence: number, key: string): ClaimAdmissionPass => {
    const started = performance.now();
    return {
      ok: true,
      settle(error) {
        const answer = answerOf(error);
        controller.recordClaimAnswer(campaignId, answer, performance.now() - started);
        // A claim refused for capacity gives its place back, so the shopper can ask again.
        if (answer === 'shed' || answer === 'failed' || error === 'RATE_LIMITED') {
          controller.returnTicket(campaignId, sequence, key);
        }
        controller.claimFinished(campaignId, sequence);
      },
    };
  };

  return {
    async admit(campaignId, shopperId, key) {
      if (!controller.options.enabled) return passWithout;
      const room = controller.rooms.find(campaignId);
      if (room === undefined || !room.engaged(controller.now())) return free(campaignId);
      if (reachesClaimPath(campaigns, campaignId, shopperId, key, room.exhausted)) return free(campaignId);
      const availability = campaigns?.current(campaignId);
      const unavailable = availability === undefined ? undefined : queueRefusalOf(availability);
      if (unavailable === 'CAMPAIGN_EXHAUSTED') controller.markExhausted(campaignId);
      if (unavailable !== undefined) return { ok: false, code: unavailable };
      if (room.exhausted) return { ok: false, code: 'CAMPAIGN_EXHAUSTED' };

      const place = room.join(shopperId, controller.now());
      if (place === undefined) return { ok: false, code: 'OVERLOADED' };
      const check = () => room.check(place.sequence, shopperId, place.issuedAt, controller.now());
      let verdict = check();
      if (!verdict.ok && verdict.reason === 'required') {
        await controller.holds.hold(
          verdict.standing?.etaMs,
          () => {
            verdict = check();
            return verdict.ok || verdict.reason !== 'required' ? undefined : (verdict.standing?.etaMs ?? 25);
          },
          (wake) => room.whenAdmitted(place.sequence, wake),
        );
      }
      if (verdict.ok) {
        if (!room.use(place.sequence, key)) return { ok: false, code: 'QUEUE_TICKET_INVALID' };
        return admitted(campaignId, place.sequence, key);
      }
      if (verdict.reason === 'exhausted') return { ok: false, code: 'CAMPAIGN_EXHAUSTED' };
      if (verdict.reason === 'required' && verdict.standing !== undefined) {
        return { ok: false, code: 'QUEUE_TICKET_REQUIRED', standing: verdict.standing };
      }
      return { ok: false, code: 'QUEUE_TICKET_INVALID' };
    },
  };
}
