import { describe, expect, it } from 'vitest';
import { nextStatus, ORDER_STATUSES, type OrderEvent, statusFromReturns } from './order-status.js';

describe('order status machine', () => {
  it('follows pending -> paid -> fulfilled -> delivered', () => {
    expect(nextStatus('pending', 'pay')).toBe('paid');
    expect(nextStatus('paid', 'fulfil')).toBe('fulfilled');
    expect(nextStatus('fulfilled', 'deliver')).toBe('delivered');
  });

  it('cancels only before fulfilment', () => {
    const cancellable = ORDER_STATUSES.filter((status) => nextStatus(status, 'cancel') !== undefined);
    expect(cancellable).toEqual(['pending', 'paid']);
  });

  it('refuses every transition that skips a step or leaves a final status', () => {
    const events: OrderEvent[] = ['pay', 'fulfil', 'deliver', 'cancel'];
    for (const event of events) {
      expect(nextStatus('cancelled', event)).toBeUndefined();
      expect(nextStatus('refunded', event)).toBeUndefined();
    }
    expect(nextStatus('pending', 'fulfil')).toBeUndefined();
    expect(nextStatus('paid', 'deliver')).toBeUndefined();
    expect(nextStatus('paid', 'pay')).toBeUndefined();
  });

  it('derives the return statuses from the returns', () => {
    expect(statusFromReturns([])).toBe('delivered');
    expect(statusFromReturns(['refunded', 'requested'])).toBe('return_requested');
    expect(statusFromReturns(['refunded', 'received'])).toBe('returned');
    expect(statusFromReturns(['refunded', 'refunded'])).toBe('refunded');
  });
});
