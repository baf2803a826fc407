import type { Money } from '../../shared/money.js';

/** How the shopper pays, as checkout receives it; only the built-in test provider exists today. */
export type PaymentMethod = { readonly type: 'test_card'; readonly number: string };

/** What a capture attempt came to: money taken, or an honest decline from the provider. */
export type CaptureOutcome =
  | { readonly ok: true; readonly reference: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The port to a payment provider. Every call carries a key that names the effect (`capture:<orderId>`,
 * `refund:return:<returnId>`) so a retried call never charges or refunds twice. A provider that
 * cannot answer throws AppError('PAYMENT_FAILED'); nothing is charged then.
 */
export interface PaymentProvider {
  readonly name: string;
  capture(request: { key: string; amount: Money; method: PaymentMethod }): Promise<CaptureOutcome>;
  refund(request: { key: string; captureReference: string; amount: Money }): Promise<{ reference: string }>;
  /** What may be stored and shown about a method: never the full card number. */
  describe(method: PaymentMethod): Record<string, string>;
}
