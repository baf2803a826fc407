/** The waiting room's settings and the shapes it answers with. */

/** How the merchant set the room: engage by measurement, or forced on or off. */
export type RoomMode = 'auto' | 'on' | 'off';

/** Tuning of one room; every field has a default. */
export interface WaitingRoomOptions {
  /** Auto mode never engages below this many claim arrivals per second. */
  readonly minEngageRate: number;
  /** Auto mode engages when arrivals exceed completions by this factor (the rest is being shed). */
  readonly engageRatio: number;
  /** Auto mode releases after the queue is empty and joins stay low for this long. */
  readonly releaseAfterMs: number;
  readonly minAdmitRate: number;
  readonly maxAdmitRate: number;
  /** A ticket is void this long after it was issued. */
  readonly ticketTtlMs: number;
  /** An admitted ticket must be used within this long after admission. */
  readonly admittedTtlMs: number;
  /** Shoppers a room holds at most; joins beyond it are shed. */
  readonly maxQueueLength: number;
  /**
   * An admitted claim answered slower than this (ms, from its admission check to its answer) is
   * slow; when more than 5% of a tuning interval's claims are slow, the room admits fewer.
   */
  readonly slowClaimMs: number;
  /** How often the engaged room re-tunes its admission rate. */
  readonly tuneIntervalMs: number;
  /**
   * Mean event-loop delay (ms) above which the room stops admitting more (it does not brake on
   * it: the delay may come from the refusals and browsing rather than from what it admitted).
   */
  readonly maxLoopDelayMs: number;
  /**
   * Event-loop utilization (0..1) above which auto mode engages while claims arrive, and above
   * which an engaged room admits no more. Not a brake: under a crowd the refusals alone keep the
   * loop busy, and braking on it held the room at its floor.
   */
  readonly maxUtilization: number;
  /**
   * Admitted claims at most in the claim path at once before the next claim held in this process
   * is admitted ahead of the clock (completion-driven admission; 0 turns it off).
   */
  readonly admitWindow: number;
}

/** Defaults for a room. */
export const DEFAULT_ROOM: WaitingRoomOptions = {
  minEngageRate: 20,
  engageRatio: 1.2,
  releaseAfterMs: 3_000,
  minAdmitRate: 5,
  maxAdmitRate: 100_000,
  ticketTtlMs: 2 * 60 * 60 * 1000,
  admittedTtlMs: 2 * 60 * 1000,
  maxQueueLength: 1_000_000,
  slowClaimMs: 25,
  tuneIntervalMs: 250,
  maxLoopDelayMs: 30,
  maxUtilization: 0.9,
  admitWindow: 64,
};

/** Where a ticket stands. */
export interface QueueStanding {
  readonly sequence: number;
  /** Tickets ahead of this one, 0 once admitted. */
  readonly position: number;
  readonly etaSeconds: number;
  /** The same wait in milliseconds, unrounded: position over the current admission rate. */
  readonly etaMs: number;
  readonly admitted: boolean;
}

/** Why a ticket was refused; `required` means valid but not admitted yet. */
export type TicketRefusal = 'unknown' | 'expired' | 'used' | 'required' | 'exhausted';

/** The result of checking a ticket's place in the room (its signature was checked before). */
export type TicketCheck =
  | { readonly ok: true; readonly standing: QueueStanding }
  | { readonly ok: false; readonly reason: TicketRefusal; readonly standing?: QueueStanding };

/** A snapshot for metrics, events and the admin API. */
export interface RoomSnapshot {
  readonly campaignId: string;
  readonly mode: RoomMode;
  readonly engaged: boolean;
  readonly exhausted: boolean;
  readonly queueLength: number;
  readonly admitRate: number;
  readonly arrivalRate: number;
  readonly completionRate: number;
  readonly issued: number;
  readonly admitted: number;
}
