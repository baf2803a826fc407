import type { QueueRefusal } from './admission-controller.js';
import { type TicketClaims, TicketSigner } from './queue-ticket.js';
import type { QueueStanding } from './room-options.js';
import type { SharedRooms } from './shared-rooms.js';
import type { WaitingRooms } from './waiting-rooms.js';

/**
 * This node's side of the waiting rooms shared through Redis (`shared-rooms.ts`): it publishes
 * where its rooms stand, judges tickets other nodes' rooms issued, and takes every use of a place
 * once across nodes. Without Redis every method answers as a lone node would.
 */
export class CrossNodeTickets {
  constructor(
    private readonly rooms: WaitingRooms,
    private readonly tickets: TicketSigner,
    private readonly shared: SharedRooms | undefined,
    private readonly now: () => number,
  ) {}

  /** Whether a ticket names a room epoch other than this node's room for the campaign (or it has none). */
  isForeignTicket(campaignId: string, ticket: string): boolean {
    const tag = TicketSigner.tagOf(ticket);
    const room = this.rooms.find(campaignId);
    return tag !== undefined && (room === undefined || tag.epoch !== room.epoch);
  }

  /**
   * Where a ticket another node's room issued stands, for a queue poll on this node: from that
   * room's state in Redis; `unknown` when nothing can say.
   */
  async pollForeign(
    campaignId: string,
    shopperId: string,
    ticket: string,
  ): Promise<{ ticket: string; standing: QueueStanding } | { refusal: QueueRefusal }> {
    const located = await this.locate(campaignId, shopperId, ticket);
    return 'refusal' in located ? located : { ticket, standing: located.standing };
  }

  /**
   * Tells the other nodes where this node's recently active rooms stand (every 100 ms), so the
   * tickets they issued are judged anywhere.
   */
  publishRooms(): void {
    const shared = this.shared;
    if (shared === undefined) return;
    const now = this.now();
    for (const room of this.rooms.all()) {
      if (now - room.lastActivity > 60_000) continue;
      const snapshot = room.snapshot(now);
      shared.publish(room.campaignId, room.epoch, {
        admittedThrough: snapshot.admitted,
        pace: room.pace(now),
        exhausted: snapshot.exhausted,
      });
    }
  }

  /**
   * Judges a claim whose ticket another node's room issued (the ticket's signature holds, its
   * epoch is not this node's room's), from that room's state in Redis. `unknown` when no node
   * says where it stands (or Redis cannot): the caller gives the shopper a place here instead.
   */
  async admitForeignClaim(
    campaignId: string,
    shopperId: string,
    ticket: string,
    idempotencyKey: string | undefined,
  ): Promise<
    | { ok: true; place?: { epoch: string; sequence: number } }
    | { ok: false; refusal: QueueRefusal; standing?: QueueStanding }
  > {
    const located = await this.locate(campaignId, shopperId, ticket);
    if ('refusal' in located) return { ok: false, refusal: located.refusal };
    const { claims, standing } = located;
    if (!standing.admitted) return { ok: false, refusal: 'required', standing };
    if (idempotencyKey === undefined || this.shared === undefined) return { ok: true };
    if (!(await this.shared.use(campaignId, claims.epoch, claims.sequence, idempotencyKey, true)))
      return { ok: false, refusal: 'used' };
    return { ok: true, place: { epoch: claims.epoch, sequence: claims.sequence } };
  }

  /**
   * Takes, across every node, the one use of a place of this node's room that `admitClaim` let
   * through; true without Redis (the room's own record is then the only one) or when Redis fails.
   */
  async confirmUse(campaignId: string, sequence: number, idempotencyKey: string): Promise<boolean> {
    const room = this.rooms.find(campaignId);
    if (this.shared === undefined || room === undefined) return true;
    return this.shared.use(campaignId, room.epoch, sequence, idempotencyKey, false);
  }

  /** A foreign ticket checked (signature, lifetime) and placed from its room's published state. */
  private async locate(
    campaignId: string,
    shopperId: string,
    ticket: string,
  ): Promise<{ claims: TicketClaims; standing: QueueStanding } | { refusal: QueueRefusal }> {
    const claims = this.tickets.verify(ticket, campaignId, shopperId);
    if (claims === undefined) return { refusal: 'forged' };
    if (this.shared === undefined) return { refusal: 'unknown' };
    const now = this.now();
    if (now - claims.issuedAt > this.rooms.ticketTtlMs) return { refusal: 'expired' };
    const place = await this.shared.lookup(campaignId, claims.epoch, claims.sequence, now);
    if (place.kind === 'unknown' || place.kind === 'exhausted') return { refusal: place.kind };
    const admitted = place.kind === 'admitted';
    const etaMs = admitted ? 0 : place.etaMs;
    return {
      claims,
      standing: {
        sequence: claims.sequence,
        position: admitted ? 0 : place.position,
        etaMs,
        etaSeconds: Math.ceil(etaMs / 1000),
        admitted,
      },
    };
  }
}
