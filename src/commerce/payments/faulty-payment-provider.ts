import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/app-error.js';
import type { PaymentProvider } from './payment-provider.js';

/** How often each fault strikes, as a probability per call (0 to 1). */
export interface PaymentFaults {
  /** An authorization or a capture fails before it reaches the provider: nothing is done. */
  readonly unreachable?: number;
  /** An authorization or a capture is done, then its answer is lost (a timeout after it). */
  readonly lostAnswer?: number;
  /** An authorization or a capture answers only after `slowMs`. */
  readonly slow?: number;
  readonly slowMs?: number;
  /** A lookup fails (so an unanswered capture stays unknown until a later pass). */
  readonly lookupFailure?: number;
  /** A refund fails before it reaches the provider (the refund stays pending, to be retried). */
  readonly refundFailure?: number;
  /** A void fails before it reaches the provider (the hold stays, for the reconciler to let go). */
  readonly voidFailure?: number;
  /** The source of randomness; a seeded one makes a run repeatable. */
  readonly random?: () => number;
}

/** How many of each fault were injected. */
export type InjectedFaults = Record<
  'unreachable' | 'lostAnswer' | 'slow' | 'lookupFailure' | 'refundFailure' | 'voidFailure',
  number
>;

/**
 * Wraps a provider with injected faults, for tests and the payments-faults bench: timeouts before
 * and after the charge, slow answers, failing lookups and refunds. Every fault is one a real
 * network and processor produce; the wrapped provider's books stay the truth.
 */
export function createFaultyPaymentProvider(
  inner: PaymentProvider,
  faults: PaymentFaults,
): PaymentProvider & { readonly injected: InjectedFaults } {
  const random = faults.random ?? Math.random;
  const injected: InjectedFaults = {
    unreachable: 0,
    lostAnswer: 0,
    slow: 0,
    lookupFailure: 0,
    refundFailure: 0,
    voidFailure: 0,
  };
  const strikes = (fault: keyof InjectedFaults, probability: number | undefined) => {
    if (probability === undefined || probability <= 0 || random() >= probability) return false;
    injected[fault] += 1;
    return true;
  };
  const failure = (what: string) => new AppError('PAYMENT_FAILED', `Injected fault: ${what}.`);
  /** The faults of a call that moves money: before it reaches the provider, slow, or its answer lost. */
  async function faulted<T>(what: string, call: () => Promise<T>): Promise<T> {
    if (strikes('unreachable', faults.unreachable)) throw failure('the provider could not be reached');
    if (strikes('slow', faults.slow)) await sleep(faults.slowMs ?? 50);
    const outcome = await call();
    if (strikes('lostAnswer', faults.lostAnswer)) throw failure(`the answer to ${what} was lost`);
    return outcome;
  }
  return {
    name: inner.name,
    injected,
    authorize: (request) => faulted('an authorization', () => inner.authorize(request)),
    capture: (request) => faulted('a capture', () => inner.capture(request)),
    async voidAuthorization(request) {
      if (strikes('voidFailure', faults.voidFailure)) throw failure('the provider could not be reached');
      return inner.voidAuthorization(request);
    },
    async refund(request) {
      if (strikes('refundFailure', faults.refundFailure)) throw failure('the provider could not be reached');
      return inner.refund(request);
    },
    async lookup(key) {
      if (strikes('lookupFailure', faults.lookupFailure)) throw failure('the lookup failed');
      return inner.lookup(key);
    },
    tokenize: (shopperId, card) => inner.tokenize(shopperId, card),
    findToken: (shopperId, token) => inner.findToken(shopperId, token),
  };
}
