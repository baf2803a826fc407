import type { Money } from '../../shared/money.js';

/** How a token looks: `tok_` and 24 URL-safe characters. */
export const PAYMENT_TOKEN_PATTERN = /^tok_[A-Za-z0-9_-]{24}$/;

/** A card as the shopper enters it. Only the provider's `tokenize` ever sees the number. */
export interface CardDetails {
  readonly type: 'test_card';
  readonly number: string;
}

/** A card the provider saved for a shopper: its token, and what may be stored and shown. */
export interface PaymentToken {
  readonly token: string;
  readonly type: 'test_card';
  readonly last4: string;
  /**
   * The same for one card number whoever saved it, as processors' card fingerprints are: what the
   * fraud rules count shoppers per. Never shown to the shopper. Absent for cards saved before it.
   */
  readonly fingerprint?: string;
}

/** How checkout pays: a token the provider issued to this shopper (`tok_...`), never a number. */
export type PaymentMethod = { readonly type: 'test_card'; readonly token: string };

/**
 * What an authorization or a capture came to: the payment's reference (one id from the hold to the
 * charge, as a processor's payment intent), or an honest refusal from the provider.
 */
export type PaymentOutcome =
  | { readonly ok: true; readonly reference: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The decline reason of an authorization whose key was used before with another amount or currency
 * (the cart changed between two attempts of one checkout): the key's first payment stands, and the
 * reconciler lets its hold go (or refunds it, had it been captured) if no order holds it.
 */
export const KEY_REUSED = 'idempotency_key_reused';

/** The refusal of a capture, or of an authorization under a key, whose hold was let go. */
export const AUTHORIZATION_VOIDED = 'authorization_voided';

/**
 * What the provider's books say about a payment key: held (authorized, not captured yet), charged
 * (with the payment's reference), voided (the hold let go: no money moved), declined, or never seen.
 */
export type PaymentLookup =
  | { readonly status: 'authorized'; readonly reference: string; readonly amount: Money }
  | { readonly status: 'captured'; readonly reference: string; readonly amount: Money }
  | { readonly status: 'voided' }
  | { readonly status: 'declined'; readonly reason: string }
  | { readonly status: 'none' };

/**
 * The port to a payment provider. Every call carries a key that names the effect, and the provider
 * keeps the first outcome of each key: an authorization retried under its key answers the same hold
 * (or decline) and never holds twice, a capture of it never charges twice, a refund retried under
 * its key never refunds again. Payment keys come from the shopper's Idempotency-Key
 * (`capture:<digest>`), so every attempt of one checkout asks under one key; refund keys name the
 * refund (`refund:return:<returnId>`). A provider that cannot answer throws
 * AppError('PAYMENT_FAILED'); what it did is then unknown until `lookup` says.
 *
 * Checkout authorizes (the money is held), then captures the hold just before it commits; an
 * attempt undone in between voids the hold, so the shopper sees no charge and no refund
 * (docs/payments.md).
 */
export interface PaymentProvider {
  readonly name: string;
  /** Holds `amount` on the card under `key`. */
  authorize(request: { key: string; amount: Money; method: PaymentMethod }): Promise<PaymentOutcome>;
  /**
   * Captures the hold under `key` in full; capturing again answers the same charge. Refused
   * (`ok: false`) when there is no hold to capture: it was voided, declined or never made.
   */
  capture(request: { key: string }): Promise<PaymentOutcome>;
  /**
   * Lets the hold under `key` go if it is not captured; answers what the key's payment is now (a
   * hold captured meanwhile stays captured, and says so).
   */
  voidAuthorization(request: { key: string }): Promise<PaymentLookup>;
  /** Refunds part or all of a charge; the provider refuses refunds beyond what the charge has left. */
  refund(request: { key: string; captureReference: string; amount: Money }): Promise<{ reference: string }>;
  /** What became of the payment under `key`, for a checkout that never heard the answer. */
  lookup(key: string): Promise<PaymentLookup>;
  /**
   * Saves a card for the shopper and answers its token. The same card of the same shopper always
   * gets the same token, so a retried checkout that sends the number again is the same request.
   */
  tokenize(shopperId: string, card: CardDetails): Promise<PaymentToken>;
  /** The shopper's saved card with that token; undefined for an unknown token or another shopper's. */
  findToken(shopperId: string, token: string): Promise<PaymentToken | undefined>;
}
