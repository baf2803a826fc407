import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a waiting-room ticket binds together. */
export interface TicketClaims {
  /** Campaign the ticket queues for. */
  readonly campaignId: string;
  readonly shopperId: string;
  /** Room epoch: a room that was dropped and recreated issues tickets that do not collide. */
  readonly epoch: string;
  /** Place in the room's FIFO, from 1. */
  readonly sequence: number;
  /** Issue time, epoch milliseconds. */
  readonly issuedAt: number;
}

const VERSION = 'q1';
/** 128-bit truncated HMAC-SHA256: far beyond guessing within a ticket's lifetime. */
const MAC_BYTES = 16;
/** Characters of the MAC a ticket's tag is read from: 5 x 6 bits, one in a billion to guess. */
const TAG_CHARS = 5;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Signs and verifies waiting-room tickets: `q1.<epoch>.<sequence>.<issuedAt>.<mac>`, short enough
 * for a URL path segment. The campaign and shopper are not written in the ticket but are covered
 * by the HMAC, so a ticket verifies only for the shopper and campaign it was issued to. The key
 * is derived from the server secret, so every node sharing the secret accepts the same tickets.
 */
export class TicketSigner {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = createHmac('sha256', serverSecret).update('rushcart waiting-room ticket v1').digest();
  }

  /** Returns the opaque ticket string for the claims. */
  sign(claims: TicketClaims): string {
    const body = `${VERSION}.${claims.epoch}.${claims.sequence.toString(36)}.${claims.issuedAt.toString(36)}`;
    return `${body}.${this.mac(body, claims.campaignId, claims.shopperId).toString('base64url')}`;
  }

  /**
   * The claims of a ticket issued to this shopper for this campaign, or undefined for anything
   * forged, altered, malformed or issued to someone else.
   */
  verify(ticket: string, campaignId: string, shopperId: string): TicketClaims | undefined {
    if (ticket.length > 128) return undefined;
    const parts = ticket.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
    const [, epoch = '', sequenceText = '', issuedText = '', macText = ''] = parts;
    // Compare the encoded text, so only the one canonical spelling of the MAC is accepted.
    const given = Buffer.from(macText);
    const expected = Buffer.from(
      this.mac(ticket.slice(0, ticket.length - macText.length - 1), campaignId, shopperId).toString(
        'base64url',
      ),
    );
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const sequence = Number.parseInt(sequenceText, 36);
    const issuedAt = Number.parseInt(issuedText, 36);
    if (!Number.isSafeInteger(sequence) || sequence < 1 || !Number.isSafeInteger(issuedAt)) return undefined;
    return { campaignId, shopperId, epoch, sequence, issuedAt };
  }

  /**
   * The room epoch, place and a 30-bit tag of a ticket's MAC, read without the key: enough for
   * the event loop's last line to tell a ticket the room issued (it keeps each place's tag) from
   * a forged header in a few string operations, before the shopper is authenticated. The route
   * still verifies the whole ticket.
   */
  static tagOf(ticket: string): { epoch: string; sequence: number; tag: number } | undefined {
    if (ticket.length > 128) return undefined;
    const parts = ticket.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
    const [, epoch = '', sequenceText = '', , macText = ''] = parts;
    const sequence = Number.parseInt(sequenceText, 36);
    if (!Number.isSafeInteger(sequence) || sequence < 1 || macText.length < TAG_CHARS) return undefined;
    let tag = 0;
    for (let index = 0; index < TAG_CHARS; index++) {
      const digit = BASE64URL.indexOf(macText.charAt(index));
      if (digit < 0) return undefined;
      tag = tag * 64 + digit;
    }
    return { epoch, sequence, tag };
  }

  private mac(body: string, campaignId: string, shopperId: string): Buffer {
    // Lengths first, so no two (campaign, shopper) pairs can produce the same input.
    return createHmac('sha256', this.key)
      .update(`${campaignId.length}:${campaignId}|${shopperId.length}:${shopperId}|${body}`)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
