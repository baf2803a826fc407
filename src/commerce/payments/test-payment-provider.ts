import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/app-error.js';
import type { CaptureOutcome, PaymentMethod, PaymentProvider } from './payment-provider.js';

/** The documented test cards (docs/payments.md). */
export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  failsAfterDelay: '4000000000000259',
} as const;

/**
 * The built-in test provider: no network, deterministic by card number. 4242424242424242 is
 * captured; 4000000000000002 is declined; 4000000000000259 waits `failureDelayMs` and then fails
 * (a provider outage: PAYMENT_FAILED, nothing charged); any other number is declined as unknown.
 * References are derived from the effect key, so a retried capture or refund answers the same.
 */
export function createTestPaymentProvider(options: { failureDelayMs?: number } = {}): PaymentProvider {
  const failureDelayMs = options.failureDelayMs ?? 300;
  return {
    name: 'test',
    async capture({ key, method }): Promise<CaptureOutcome> {
      switch (method.number) {
        case TEST_CARDS.succeeds:
          return { ok: true, reference: `test_ch_${digest(key)}` };
        case TEST_CARDS.declined:
          return { ok: false, reason: 'card_declined' };
        case TEST_CARDS.failsAfterDelay:
          await sleep(failureDelayMs);
          throw new AppError('PAYMENT_FAILED', 'The test provider timed out (card 4000000000000259).');
        default:
          return { ok: false, reason: 'unknown_test_card' };
      }
    },
    async refund({ key }) {
      return { reference: `test_re_${digest(key)}` };
    },
    describe(method: PaymentMethod) {
      return { type: method.type, last4: method.number.slice(-4) };
    },
  };
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}
