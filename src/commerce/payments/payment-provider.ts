import type { Money } from '../../shared/money.js';

/** How the shopper pays, as checkout receives it; only the built-in test provider exists today. */
export type PaymentMethod = { readonly type: 'test_card'; readonly number: string };

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
  /** What may be stored and shown about a method: never the full card number. */
  describe(method: PaymentMethod): Record<string, string>;
}
