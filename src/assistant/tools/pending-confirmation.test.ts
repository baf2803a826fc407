import { describe, expect, it } from 'vitest';
import { confirmationMatches, createPending, hashArgs } from './pending-confirmation.js';

const cancel = createPending(
  'cancel_order',
  { orderId: 'ord_abc' },
  'Cancel order ord_abc ($12.00, paid).',
  0,
);

describe('confirmationMatches', () => {
  it.each([
    ['yes', true],
    ['Yes please', true],
    ['yes, cancel it', true],
    ['ok go ahead', true],
    ['yes cancel ord_abc', true],
    ['yes cancel ord_other', false],
    ['yes, but return it instead', false],
    ['yes, return it', false],
    ['no', false],
    ['yes? wait, no', false],
    ['cancel it', false],
    ['yes for $99.00', false],
  ])('%s -> %s', (text, expected) => {
    expect(confirmationMatches(text, cancel)).toBe(expected);
  });

  it('never matches without a pending action', () => {
    expect(confirmationMatches('yes', undefined)).toBe(false);
  });

  it('pins the arguments by hash, independent of key order', () => {
    expect(hashArgs('return_items', { a: 1, b: [1, 2] })).toBe(hashArgs('return_items', { b: [1, 2], a: 1 }));
    expect(hashArgs('return_items', { a: 1 })).not.toBe(hashArgs('return_items', { a: 2 }));
    expect(hashArgs('checkout', { a: 1 })).not.toBe(hashArgs('return_items', { a: 1 }));
  });
});
