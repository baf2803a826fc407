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
}

/** How checkout pays: a token the provider issued to this shopper (`tok_...`), never a number. */
export type PaymentMethod = { readonly type: 'test_card'; readonly token: string };

/** What a capture attempt came to: money taken, or an honest decline from the provider. */
export type CaptureOutcome =
  | { readonly ok: true; readonly reference: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The decline reason of a capture whose key was used before with another amount or currency (the
 * cart changed between two attempts of one checkout): the key's first charge stands, and the
 * reconciler refunds it if no order holds it.
 */
export const KEY_REUSED = 'idempotency_key_reused';

/**
 * What the provider's books say about a capture key: charged (with the charge's reference),
 * declined, or never seen. A key the provider never saw was never charged.
 */
export type PaymentLookup =
  | { readonly status: 'captured'; readonly reference: string; readonly amount: Money }
  | { readonly status: 'declined'; readonly reason: string }
  | { readonly status: 'none' };

/**
 * The port to a payment provider. Every call carries a key that names the effect, and the provider
 * keeps the first outcome of each key: a capture retried under its key answers the same charge (or
 * decline) and never charges again, a refund retried under its key never refunds again. Capture
 * keys come from the shopper's Idempotency-Key (`capture:<digest>`), so every attempt of one checkout
 * asks under one key; refund keys name the refund (`refund:return:<returnId>`). A provider that
 * cannot answer throws AppError('PAYMENT_FAILED'); whether it charged is then unknown until
 * `lookup` says. Capture is a sale (authorize and capture in one call): see docs/payments.md.
 */
export interface PaymentProvider {
  readonly name: string;
  capture(request: { key: string; amount: Money; method: PaymentMethod }): Promise<CaptureOutcome>;
  /** Refunds part or all of a charge; the provider refuses refunds beyond what the charge has left. */
  refund(request: { key: string; captureReference: string; amount: Money }): Promise<{ reference: string }>;
  /** What became of the capture under `key`, for a checkout that never heard the answer. */
  lookup(key: string): Promise<PaymentLookup>;
  /**
   * Saves a card for the shopper and answers its token. The same card of the same shopper always
   * gets the same token, so a retried checkout that sends the number again is the same request.
   */
  tokenize(shopperId: string, card: CardDetails): Promise<PaymentToken>;
  /** The shopper's saved card with that token; undefined for an unknown token or another shopper's. */
  findToken(shopperId: string, token: string): Promise<PaymentToken | undefined>;
}
