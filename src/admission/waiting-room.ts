import { randomBytes } from 'node:crypto';
import { ClaimPathWindow } from './claim-path-window.js';
import { ClaimThroughput } from './claim-throughput.js';
import {
  DEFAULT_ROOM,
  type QueueStanding,
  type RoomMode,
  type RoomSnapshot,
  type TicketCheck,
  type WaitingRoomOptions,
} from './room-options.js';
import { RoomPace } from './room-pace.js';

interface Entry {
  readonly shopperId: string;
  readonly issuedAt: number;
  admittedAt: number | undefined;
  /** Idempotency key of the one claim that used this ticket. */
  usedBy: string | undefined;
  /** Held claims waiting for this ticket's admission (see `whenAdmitted`). */
  waiters?: (() => void)[];
  /** A tag of the ticket issued for this place (`TicketSigner.tagOf`), for `issued`. */
  tag?: number;
}

/**
 * One campaign's waiting room: a FIFO of shoppers admitted at the rate the claim path sustains.
 * This file keeps the places (join, check, use, admission, holds); `RoomPace` measures and says
 * when to engage, how many the clock admits and when to release. Pure apart from the random
 * epoch: every method takes the time. Admission is computed lazily from elapsed time, so no timer
 * is needed and tests drive it with a fake clock.
 */
export class WaitingRoom {
  readonly campaignId: string;
  readonly epoch = randomBytes(6).toString('base64url');
  readonly options: WaitingRoomOptions;
  mode: RoomMode = 'auto';
  private engagedState = false;
  private exhaustedState = false;
  private nextSequence = 1;
  private admittedThrough = 0;
  private cleanedThrough = 0;
  private lastAdvance: number | undefined;
  private readonly entries = new Map<number, Entry>();
  private readonly byShopper = new Map<string, number>();
  /** Held claims and admitted claims in the claim path, for completion-driven admission. */
  private readonly window = new ClaimPathWindow();
  private readonly paced: RoomPace;
  lastActivity = 0;

  constructor(
    campaignId: string,
    options: Partial<WaitingRoomOptions> = {},
    node: ClaimThroughput = new ClaimThroughput(),
  ) {
    this.campaignId = campaignId;
    this.options = { ...DEFAULT_ROOM, ...options };
    this.paced = new RoomPace(this.options, node);
  }

  /** True while claims need an admitted ticket. */
  engaged(now: number): boolean {
    this.advance(now);
    return this.engagedState;
  }

  /** True once the claim path said the campaign has no coupons left. */
  get exhausted(): boolean {
    return this.exhaustedState;
  }

  /** Tickets per second the room admits while engaged. */
  get admitRate(): number {
    return this.paced.admitRate;
  }

  /** Places really admitted per second: the clock's rate, or faster while held claims are pulled. */
  pace(now: number): number {
    return this.paced.pace(now);
  }

  /**
   * Records a claim answer: `shed` for an overload refusal, otherwise it completed, in `latencyMs`
   * when the server timed it.
   */
  recordClaim(now: number, shed: boolean, latencyMs?: number): void {
    this.lastActivity = now;
    this.paced.recordClaim(now, shed, latencyMs);
  }

  /**
   * Records a claim that arrived without a ticket while the room was engaged and was refused
   * before the room saw it (the event loop's last line): it counts as an arrival, not as a shed
   * admitted claim, since the room never admitted it and admitting fewer would not help.
   */
  recordArrival(now: number): void {
    this.lastActivity = now;
    this.paced.recordArrival(now);
  }

  /**
   * Calls `wake` once when the ticket at `sequence` is admitted (at once if it already is or is
   * unknown); returns a cancel. The request whose advance admits it wakes it, with no timer.
   */
  whenAdmitted(sequence: number, wake: () => void): () => void {
    const entry = this.entries.get(sequence);
    if (entry === undefined || sequence <= this.admittedThrough) {
      wake();
      return () => undefined;
    }
    const waiters = entry.waiters ?? [];
    waiters.push(wake);
    entry.waiters = waiters;
    if (waiters.length === 1) this.window.hold(sequence);
    // A claim path with room to spare takes it at once (see `pull`).
    if (this.lastAdvance !== undefined) this.pull(this.lastAdvance);
    return () => {
      const index = entry.waiters?.indexOf(wake) ?? -1;
      if (index >= 0) entry.waiters?.splice(index, 1);
      if (entry.waiters?.length === 0) this.window.unhold(sequence);
    };
  }

  /**
   * The claim of an admitted place left the claim path (answered, shed, or its client gone):
   * the next held claim may take its room.
   */
  finished(sequence: number, now: number): void {
    if (this.window.left(sequence)) this.pull(now);
  }

  /** Sets the merchant's mode; forcing off admits everyone waiting. */
  setMode(mode: RoomMode, now: number): void {
    this.advance(now);
    this.mode = mode;
    if (mode === 'on' && !this.engagedState) this.engage(now);
    if (mode === 'off') this.release();
  }

  /** The campaign ran out: everyone waiting learns it at their next poll. */
  markExhausted(): void {
    this.exhaustedState = true;
    // Held claims learn it now rather than at their next re-check.
    for (const entry of this.entries.values()) for (const wake of entry.waiters ?? []) wake();
    this.entries.clear();
    this.byShopper.clear();
    this.window.clear();
    this.admittedThrough = this.nextSequence - 1;
    this.cleanedThrough = this.admittedThrough;
  }

  /** The campaign has coupons again (budget raised, claims released). */
  markAvailable(): void {
    this.exhaustedState = false;
  }

  /**
   * Puts a shopper at the back of the queue, or returns their current place when they already
   * hold a live ticket. Returns undefined when the room is full.
   */
  join(shopperId: string, now: number): { sequence: number; issuedAt: number } | undefined {
    this.advance(now);
    this.lastActivity = now;
    this.paced.joined(now);
    const existing = this.byShopper.get(shopperId);
    if (existing !== undefined) {
      const entry = this.entries.get(existing);
      if (entry !== undefined && this.isLive(existing, entry, now)) {
        return { sequence: existing, issuedAt: entry.issuedAt };
      }
    }
    if (this.nextSequence - 1 - this.cleanedThrough >= this.options.maxQueueLength) return undefined;
    const sequence = this.nextSequence++;
    this.entries.set(sequence, { shopperId, issuedAt: now, admittedAt: undefined, usedBy: undefined });
    this.byShopper.set(shopperId, sequence);
    // An idle room lets everyone straight through; the ticket is then admitted at once.
    if (!this.engagedState) this.admitThrough(sequence, now);
    return { sequence, issuedAt: now };
  }

  /** Keeps the tag of the ticket issued for `sequence` (the same place always gets the same ticket). */
  tagTicket(sequence: number, tag: number): void {
    const entry = this.entries.get(sequence);
    if (entry !== undefined) entry.tag = tag;
  }

  /**
   * Whether a ticket with this epoch, place and tag was issued by this room and is still held: a
   * check without the shopper or the key, for refusing forged headers before authentication.
   */
  issued(epoch: string, sequence: number, tag: number): boolean {
    return epoch === this.epoch && this.entries.get(sequence)?.tag === tag;
  }

  /** Where a ticket (already authenticated and bound to this room) stands. */
  check(sequence: number, shopperId: string, issuedAt: number, now: number): TicketCheck {
    this.advance(now);
    if (this.exhaustedState) return { ok: false, reason: 'exhausted' };
    if (now - issuedAt > this.options.ticketTtlMs) return { ok: false, reason: 'expired' };
    const entry = this.entries.get(sequence);
    if (entry === undefined) {
      // A place this room issued and has since forgotten: its admission window passed.
      return { ok: false, reason: sequence <= this.cleanedThrough ? 'expired' : 'unknown' };
    }
    if (entry.shopperId !== shopperId || entry.issuedAt !== issuedAt) return { ok: false, reason: 'unknown' };
    if (!this.isLive(sequence, entry, now)) return { ok: false, reason: 'expired' };
    const standing = this.standing(sequence, now);
    if (!standing.admitted) return { ok: false, reason: 'required', standing };
    return { ok: true, standing };
  }

  /**
   * Marks an admitted ticket used by one claim. The same idempotency key may use it again (a retry
   * of that same claim replays); any other key is refused.
   */
  use(sequence: number, idempotencyKey: string): boolean {
    const entry = this.entries.get(sequence);
    if (entry === undefined || entry.admittedAt === undefined) return false;
    if (entry.usedBy !== undefined && entry.usedBy !== idempotencyKey) return false;
    entry.usedBy = idempotencyKey;
    if (this.engagedState) this.window.entered(sequence, this.lastAdvance ?? 0);
    return true;
  }

  /** Gives a ticket back when its claim was refused for capacity, so the shopper can retry. */
  unuse(sequence: number, idempotencyKey: string): void {
    const entry = this.entries.get(sequence);
    if (entry !== undefined && entry.usedBy === idempotencyKey) entry.usedBy = undefined;
  }

  /** A snapshot of the room's state. */
  snapshot(now: number): RoomSnapshot {
    this.advance(now);
    const rates = this.paced.rates(now);
    return {
      campaignId: this.campaignId,
      mode: this.mode,
      engaged: this.engagedState,
      exhausted: this.exhaustedState,
      queueLength: this.nextSequence - 1 - this.admittedThrough,
      admitRate: this.paced.admitRate,
      arrivalRate: rates.arrivals,
      completionRate: rates.completions,
      issued: this.nextSequence - 1,
      admitted: this.admittedThrough,
    };
  }

  private standing(sequence: number, now: number): QueueStanding {
    const position = Math.max(0, sequence - this.admittedThrough);
    // The pace places are really admitted at: the clock's rate, or faster while held claims are
    // taken as the claim path completes others.
    const pace = this.pace(now);
    return {
      sequence,
      position,
      etaSeconds: position === 0 ? 0 : Math.ceil(position / pace),
      etaMs: position === 0 ? 0 : (position * 1000) / pace,
      admitted: position === 0,
    };
  }

  /**
   * Completion-driven admission: while fewer than `admitWindow` admitted claims are in the claim
   * path, the next held claim is admitted now, with every place before it (their shoppers are
   * not here yet; their places are admitted and wait for them). So the node serves the claims
   * that are here as fast as it completes them, in FIFO order, whatever the clock's rate says:
   * with the rate alone, places admitted for shoppers told to come back later went unused while
   * the held ones waited, and the node served a fraction of what it could (docs/benchmarks.md).
   */
  private pull(now: number): void {
    if (!this.engagedState || this.options.admitWindow <= 0) return;
    this.window.expire(now);
    while (this.window.size < this.options.admitWindow) {
      const next = this.window.nextHeld();
      if (next === undefined) return;
      this.window.entered(next, now);
      this.admitThrough(next, now);
    }
  }

  private isLive(sequence: number, entry: Entry, now: number): boolean {
    if (now - entry.issuedAt > this.options.ticketTtlMs) return false;
    if (entry.admittedAt !== undefined && now - entry.admittedAt > this.options.admittedTtlMs) return false;
    return sequence > this.cleanedThrough;
  }

  private advance(now: number): void {
    const last = this.lastAdvance ?? now;
    this.lastAdvance = Math.max(last, now);
    const elapsed = Math.max(0, now - last);
    this.paced.observe(now, elapsed);

    if (this.engagedState) {
      // Admission follows the clock, whether or not anyone polled in between.
      const admit = this.paced.due(now, elapsed, this.nextSequence - 1 - this.admittedThrough);
      if (admit > 0) this.admitThrough(this.admittedThrough + admit, now);
      this.pull(now);
      if (
        this.mode === 'auto' &&
        this.paced.quietLongEnough(now, this.nextSequence - 1 - this.admittedThrough)
      )
        this.release();
    } else if (this.mode === 'auto' && !this.exhaustedState && this.paced.shouldEngage(now)) {
      // The open second counts too (see `RoomPace.shouldEngage`): one-second buckets alone
      // engaged a room a second or two into a crowd, and the claims let through meanwhile led to
      // a wave of checkouts.
      this.engage(now);
    }
    this.clean(now);
  }

  private engage(now: number): void {
    this.engagedState = true;
    this.paced.engage(now);
  }

  private release(): void {
    this.engagedState = false;
    this.window.clear();
    this.admitThrough(this.nextSequence - 1, this.lastAdvance ?? 0);
  }

  private admitThrough(sequence: number, now: number): void {
    if (sequence > this.admittedThrough) this.paced.admitted(now, sequence - this.admittedThrough);
    this.window.admittedThrough(sequence);
    for (let next = this.admittedThrough + 1; next <= sequence; next++) {
      const entry = this.entries.get(next);
      if (entry === undefined) continue;
      entry.admittedAt = now;
      if (entry.waiters !== undefined) {
        for (const wake of entry.waiters) wake();
        entry.waiters = undefined;
      }
    }
    this.admittedThrough = Math.max(this.admittedThrough, sequence);
  }

  /** Forgets admitted tickets whose admission window has passed, oldest first; memory stays bounded. */
  private clean(now: number): void {
    while (this.cleanedThrough < this.admittedThrough) {
      const sequence = this.cleanedThrough + 1;
      const entry = this.entries.get(sequence);
      if (entry !== undefined) {
        if (entry.admittedAt !== undefined && now - entry.admittedAt <= this.options.admittedTtlMs) return;
        this.entries.delete(sequence);
        if (this.byShopper.get(entry.shopperId) === sequence) this.byShopper.delete(entry.shopperId);
      }
      this.cleanedThrough = sequence;
    }
  }
}
