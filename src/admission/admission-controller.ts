import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { AdmissionEvent, AdmissionListener } from './admission-events.js';
import { registerAdmissionMetrics } from './admission-metrics.js';
import type { AdmissionOptions } from './admission-options.js';
import { ClaimHolds } from './claim-holds.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { CrossNodeTickets } from './cross-node-tickets.js';
import { createIdentityLimits, type IdentityLimits } from './identity-limits.js';
import { CLASS_NAMES, type PriorityClass } from './priority-classes.js';
import { TicketSigner } from './queue-ticket.js';
import type { QueueStanding, RoomMode, RoomSnapshot, TicketRefusal } from './room-options.js';
import { createSharedRooms, type SharedRooms } from './shared-rooms.js';
import { WaitingRooms } from './waiting-rooms.js';

/** Outcomes of an admission decision, the label of the decisions metric. */
export const OUTCOMES = ['admitted', 'shed', 'rate_limited', 'queue_required', 'ticket_invalid'] as const;
/** One admission outcome. */
export type AdmissionOutcome = (typeof OUTCOMES)[number];
const OUTCOME_INDEX: Record<AdmissionOutcome, number> = {
  admitted: 0,
  shed: 1,
  rate_limited: 2,
  queue_required: 3,
  ticket_invalid: 4,
};

/** A queue answer for the shopper: their ticket and where it stands. */
export interface QueueAnswer {
  readonly ticket: string;
  readonly standing: QueueStanding;
}

/**
 * What a claim's answer teaches the room: a coupon (new or replayed), a refusal about this
 * shopper (conflict, already claimed), one about eligibility, sold out, shed for capacity,
 * another failure of the node, or an answer about the request itself (bad input, no token,
 * no ticket, rate limited, no such campaign) that says nothing about the campaign.
 */
export type ClaimAnswer = 'issued' | 'refused' | 'ineligible' | 'sold_out' | 'shed' | 'failed' | 'unrelated';

/** The claim answer an HTTP status (of the claim route, or an error code's catalog status) stands for. */
export function claimAnswerOf(status: number): ClaimAnswer {
  if (status === 201 || status === 200) return 'issued';
  if (status === 409) return 'refused';
  if (status === 403) return 'ineligible';
  if (status === 410) return 'sold_out';
  if (status === 503) return 'shed';
  if (status === 429 || status === 428 || status === 400 || status === 401 || status === 404)
    return 'unrelated';
  return 'failed';
}

/** Why a queue call or a ticketed claim was refused. */
export type QueueRefusal = TicketRefusal | 'forged' | 'full';

/** Dependencies of the controller. */
export interface AdmissionDependencies {
  readonly options: AdmissionOptions;
  /** Server secret the ticket key is derived from (shared by all nodes). */
  readonly secret: string;
  readonly redis?: Redis | undefined;
  readonly registry?: Registry | undefined;
  readonly now?: () => number;
}

/**
 * The admission state of one node: identity limits, the priority gate, the waiting rooms and the
 * ticket signer, plus counters, metrics and events about all of them.
 */
export class AdmissionController {
  readonly options: AdmissionOptions;
  readonly gate: ConcurrencyGate;
  readonly limits: IdentityLimits;
  readonly rooms: WaitingRooms;
  readonly tickets: TicketSigner;
  /** Claims held near the front of a room, HTTP and in-process together. */
  readonly holds: ClaimHolds;
  /** Every node's rooms through Redis, when configured: tickets are honoured on any node. */
  readonly shared: SharedRooms | undefined;
  /** This node's side of the shared rooms: publishing, judging foreign tickets, taking uses. */
  readonly crossNode: CrossNodeTickets;
  readonly now: () => number;
  private readonly decisions: number[][] = CLASS_NAMES.map(() => OUTCOMES.map(() => 0));
  private readonly sampled: number[][] = CLASS_NAMES.map(() => OUTCOMES.map(() => 0));
  private readonly listeners = new Set<AdmissionListener>();
  private readonly engagedRooms = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private publisher: NodeJS.Timeout | undefined;

  constructor(dependencies: AdmissionDependencies) {
    this.options = dependencies.options;
    this.now = dependencies.now ?? Date.now;
    this.gate = new ConcurrencyGate({
      limit: this.options.limit,
      shares: this.options.shares,
      assistantShare: this.options.assistantShare,
      checkoutWaitMs: this.options.checkoutWaitMs,
      maxWaiting: this.options.maxCheckoutsWaiting,
    });
    this.limits = createIdentityLimits(this.options.rateLimits, dependencies.redis);
    this.rooms = new WaitingRooms(this.options.room);
    this.tickets = new TicketSigner(dependencies.secret);
    this.holds = new ClaimHolds(this.options.holdMs, this.options.maxHeld);
    this.shared = dependencies.redis === undefined ? undefined : createSharedRooms(dependencies.redis);
    this.crossNode = new CrossNodeTickets(this.rooms, this.tickets, this.shared, this.now);
    if (dependencies.registry !== undefined) registerAdmissionMetrics(dependencies.registry, this);
  }

  /** Latest mean event-loop delay in ms, as the HTTP layer's sampler gave it to the node tracker. */
  get eventLoopDelayMs(): number {
    return this.rooms.throughput.loopDelayMs;
  }

  /** Counts one decision; a plain array increment, so the shed path stays cheap. */
  count(priority: PriorityClass, outcome: AdmissionOutcome): void {
    const row = this.decisions[priority];
    if (row !== undefined) row[OUTCOME_INDEX[outcome]] = (row[OUTCOME_INDEX[outcome]] ?? 0) + 1;
  }

  /** Decisions so far: a row per priority class, a count per outcome (`OUTCOMES` order). */
  decisionRows(): readonly (readonly number[])[] {
    return this.decisions;
  }

  /** Decisions so far, by class name and outcome. */
  decisionCounts(): Record<string, Record<string, number>> {
    return table(this.decisions);
  }

  /** Adds a listener of admission events and returns the function that removes it. */
  subscribe(listener: AdmissionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Starts the once-a-second sampler that publishes `admission-sampled` and room changes. */
  start(intervalMs = 1000): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.sample();
      this.followSharedModes().catch(() => undefined);
    }, intervalMs);
    this.timer.unref();
    if (this.shared !== undefined) {
      this.publisher = setInterval(() => this.crossNode.publishRooms(), 100);
      this.publisher.unref();
    }
  }

  /** Stops the sampler. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.publisher !== undefined) clearInterval(this.publisher);
    this.timer = undefined;
    this.publisher = undefined;
  }

  /** Publishes one sample now (the sampler calls this; tests may too). */
  sample(): void {
    const now = this.now();
    const rooms = this.rooms.snapshots(now);
    for (const room of rooms) {
      const was = this.engagedRooms.has(room.campaignId);
      if (room.engaged === was) continue;
      if (room.engaged) this.engagedRooms.add(room.campaignId);
      else this.engagedRooms.delete(room.campaignId);
      this.publish({
        type: room.engaged ? 'waiting-room-engaged' : 'waiting-room-released',
        campaignId: room.campaignId,
        at: now,
        admitRate: room.admitRate,
        queueLength: room.queueLength,
      });
    }
    const delta = this.decisions.map((row, index) =>
      row.map((value, outcome) => value - (this.sampled[index]?.[outcome] ?? 0)),
    );
    this.decisions.forEach((row, index) => {
      this.sampled[index] = [...row];
    });
    this.publish({
      type: 'admission-sampled',
      at: now,
      concurrencyLimit: this.gate.limiter.limit,
      inflight: this.gate.inflight,
      eventLoopDelayMs: this.eventLoopDelayMs,
      decisions: table(delta),
      rooms,
    });
  }

  /**
   * Sets the merchant's waiting-room mode for a campaign: on this node now, and on every other
   * node within a second through Redis (`followSharedModes`).
   */
  async setRoomMode(campaignId: string, mode: RoomMode): Promise<RoomSnapshot> {
    const snapshot = this.applyRoomMode(campaignId, mode);
    // Recorded before answering: this node's next follow must not read the old mode back.
    await this.shared?.setMode(campaignId, mode);
    return snapshot;
  }

  /**
   * Applies to this node's rooms the modes the merchant set through any node (the sampler calls
   * this once a second) to rooms in use or forced. A room this node creates later follows at
   * the next call; with Redis unreachable every room keeps its mode.
   */
  async followSharedModes(): Promise<void> {
    if (this.shared === undefined) return;
    // Rooms in use in the last ten minutes, and any forced here (so a release reaches them).
    const now = this.now();
    const followed = [...this.rooms.all()].filter(
      (room) => room.mode !== 'auto' || now - room.lastActivity < 10 * 60 * 1000,
    );
    const modes = await this.shared.modes(followed.map((room) => room.campaignId));
    if (modes === undefined) return;
    for (const [campaignId, mode] of modes) {
      if (this.rooms.find(campaignId)?.mode !== mode) this.applyRoomMode(campaignId, mode);
    }
  }

  private applyRoomMode(campaignId: string, mode: RoomMode): RoomSnapshot {
    const now = this.now();
    const snapshot = this.rooms.setMode(campaignId, mode, now);
    this.publish({ type: 'waiting-room-mode-changed', campaignId, at: now, mode });
    return snapshot;
  }

  /** The campaign has no coupons left: queued shoppers learn it at their next poll. */
  markExhausted(campaignId: string): void {
    this.rooms.find(campaignId)?.markExhausted();
  }

  /** The campaign has coupons again (budget raised, coupons released). */
  markAvailable(campaignId: string): void {
    this.rooms.find(campaignId)?.markAvailable();
  }

  /** Puts the shopper in the campaign's queue (the campaign is known to exist and be live). */
  joinQueue(campaignId: string, shopperId: string): QueueAnswer | { refusal: QueueRefusal } {
    const now = this.now();
    const room = this.rooms.get(campaignId, now);
    if (room.exhausted) return { refusal: 'exhausted' };
    const place = room.join(shopperId, now);
    if (place === undefined) return { refusal: 'full' };
    const ticket = this.tickets.sign({ campaignId, shopperId, epoch: room.epoch, ...place });
    const tag = TicketSigner.tagOf(ticket);
    if (tag !== undefined) room.tagTicket(place.sequence, tag.tag);
    const check = room.check(place.sequence, shopperId, place.issuedAt, now);
    const standing = check.standing ?? {
      sequence: place.sequence,
      position: 0,
      etaSeconds: 0,
      etaMs: 0,
      admitted: true,
    };
    return { ticket, standing };
  }

  /**
   * Whether `ticket` is one the campaign's room on this node issued and still holds, judged from
   * the ticket alone (no shopper, no key): the event loop's last line spares only such claims.
   */
  isIssuedTicket(campaignId: string, ticket: string): boolean {
    const tag = TicketSigner.tagOf(ticket);
    if (tag === undefined) return false;
    return this.rooms.find(campaignId)?.issued(tag.epoch, tag.sequence, tag.tag) === true;
  }

  /** Where the shopper's ticket stands; refusals for forged, foreign, expired tickets or an exhausted campaign. */
  pollQueue(campaignId: string, shopperId: string, ticket: string): QueueAnswer | { refusal: QueueRefusal } {
    const now = this.now();
    const claims = this.tickets.verify(ticket, campaignId, shopperId);
    if (claims === undefined) return { refusal: 'forged' };
    const room = this.rooms.find(campaignId);
    if (room === undefined || room.epoch !== claims.epoch) return { refusal: 'unknown' };
    const check = room.check(claims.sequence, shopperId, claims.issuedAt, now);
    if (check.ok) return { ticket, standing: check.standing };
    if (check.reason === 'required' && check.standing !== undefined)
      return { ticket, standing: check.standing };
    return { refusal: check.reason };
  }

  /**
   * Lets a claim through the campaign's room: free while the room is idle; otherwise only with an
   * admitted ticket of this shopper and campaign, used by this one claim (its idempotency key).
   */
  admitClaim(
    campaignId: string,
    shopperId: string,
    ticket: string | undefined,
    idempotencyKey: string | undefined,
  ): { ok: true; sequence?: number } | { ok: false; refusal: QueueRefusal; standing?: QueueStanding } {
    const now = this.now();
    const room = this.rooms.find(campaignId);
    if (room === undefined || !room.engaged(now)) return { ok: true };
    if (ticket === undefined) return { ok: false, refusal: 'required' };
    const claims = this.tickets.verify(ticket, campaignId, shopperId);
    if (claims === undefined) return { ok: false, refusal: 'forged' };
    if (claims.epoch !== room.epoch) return { ok: false, refusal: 'unknown' };
    const check = room.check(claims.sequence, shopperId, claims.issuedAt, now);
    if (!check.ok) {
      return check.standing === undefined
        ? { ok: false, refusal: check.reason }
        : { ok: false, refusal: check.reason, standing: check.standing };
    }
    // Without a key the claim route answers 400 itself; nothing is used up.
    if (idempotencyKey === undefined) return { ok: true };
    if (!room.use(claims.sequence, idempotencyKey)) return { ok: false, refusal: 'used' };
    return { ok: true, sequence: claims.sequence };
  }

  /**
   * Teaches the room a claim's answer: capacity refusals are sheds, answers that name the
   * campaign create its room, a sold-out answer marks it exhausted. `latencyMs` is given for a
   * claim the room admitted, timed from its admission to its answer (the room brakes on it).
   */
  recordClaimAnswer(campaignId: string, answer: ClaimAnswer, latencyMs: number | undefined): void {
    if (answer === 'unrelated') return;
    const now = this.now();
    const room =
      answer === 'shed' || answer === 'failed'
        ? this.rooms.find(campaignId)
        : this.rooms.get(campaignId, now);
    if (room === undefined || answer === 'ineligible') return;
    room.recordClaim(now, answer === 'shed', latencyMs);
    if (answer === 'sold_out') room.markExhausted();
    else if (answer === 'issued' && room.exhausted) room.markAvailable();
  }

  /** An admitted claim (its place `sequence`) left the claim path: answered, refused or abandoned. */
  claimFinished(campaignId: string, sequence: number): void {
    this.rooms.find(campaignId)?.finished(sequence, this.now());
  }

  /** Gives a used ticket back when its claim was refused for capacity. */
  returnTicket(campaignId: string, sequence: number, idempotencyKey: string): void {
    const room = this.rooms.find(campaignId);
    room?.unuse(sequence, idempotencyKey);
    if (room !== undefined) void this.shared?.unuse(campaignId, room.epoch, sequence, idempotencyKey);
  }

  private publish(event: AdmissionEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken dashboard must never break admission.
      }
    }
  }
}

function table(rows: readonly (readonly number[])[]): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  rows.forEach((row, classIndex) => {
    const entries = row.flatMap((value, outcomeIndex) =>
      value > 0 ? [[OUTCOMES[outcomeIndex], value]] : [],
    );
    if (entries.length > 0) result[CLASS_NAMES[classIndex] ?? 'unknown'] = Object.fromEntries(entries);
  });
  return result;
}
