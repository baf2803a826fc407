import { ClaimThroughput } from './claim-throughput.js';
import { DEFAULT_ROOM, type RoomMode, type RoomSnapshot, type WaitingRoomOptions } from './room-options.js';
import { WaitingRoom } from './waiting-room.js';

/** Most rooms one node keeps; idle rooms in auto mode are dropped first. */
const MAX_ROOMS = 10_000;
const IDLE_MS = 10 * 60 * 1000;

/** The waiting rooms of one node, one per campaign, created when a campaign is first seen. */
export class WaitingRooms {
  private readonly rooms = new Map<string, WaitingRoom>();
  /** Claim completions of this node over all campaigns, shared by every room. */
  readonly throughput = new ClaimThroughput();

  constructor(private readonly options: Partial<WaitingRoomOptions> = {}) {}

  /** How long a ticket of any room of this deployment stays valid (ms). */
  get ticketTtlMs(): number {
    return this.options.ticketTtlMs ?? DEFAULT_ROOM.ticketTtlMs;
  }

  /** The room of a campaign, if this node has one. */
  find(campaignId: string): WaitingRoom | undefined {
    return this.rooms.get(campaignId);
  }

  /** The room of a campaign known to exist, created on first use. */
  get(campaignId: string, now: number): WaitingRoom {
    const existing = this.rooms.get(campaignId);
    if (existing !== undefined) return existing;
    if (this.rooms.size >= MAX_ROOMS) this.dropIdle(now);
    const room = new WaitingRoom(campaignId, this.options, this.throughput);
    room.lastActivity = now;
    this.rooms.set(campaignId, room);
    return room;
  }

  /** Sets the merchant's mode for a campaign's room. */
  setMode(campaignId: string, mode: RoomMode, now: number): RoomSnapshot {
    const room = this.get(campaignId, now);
    room.setMode(mode, now);
    return room.snapshot(now);
  }

  /** Every room this node keeps. */
  all(): IterableIterator<WaitingRoom> {
    return this.rooms.values();
  }

  /** Snapshots of every room. */
  snapshots(now: number): RoomSnapshot[] {
    return [...this.rooms.values()].map((room) => room.snapshot(now));
  }

  private dropIdle(now: number): void {
    for (const [id, room] of this.rooms) {
      if (room.mode === 'auto' && !room.engaged(now) && now - room.lastActivity > IDLE_MS)
        this.rooms.delete(id);
    }
    // Still full: drop the oldest idle-looking room rather than refuse to track a live campaign.
    if (this.rooms.size >= MAX_ROOMS) {
      for (const [id, room] of this.rooms) {
        if (room.mode === 'auto' && !room.engaged(now)) {
          this.rooms.delete(id);
          break;
        }
      }
    }
  }
}
