import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmationMatches, createPending } from '../tools/pending-confirmation.js';
import { ACTION_WORDS, isPlainYes } from './plain-yes.js';

const checkout = createPending(
  'checkout',
  { cardNumber: '4242424242424242' },
  'Place an order for 1 item totalling $50.00, shipped to Ana Lima, 1 Test Street, Lisbon.',
  0,
);
const words = ACTION_WORDS.checkout;

// Plain yeses, built from the words a yes may hold, in any case and with any closing punctuation.
const opener = fc.constantFrom(
  'yes',
  'Yes',
  'YES',
  'yep',
  'yeah',
  'sure',
  'ok',
  'okay',
  'confirm',
  'go ahead',
  'do it',
  'correct',
);
const harmless = fc.constantFrom(
  'please',
  'thanks',
  'go ahead',
  'do it',
  'place the order',
  'buy it',
  'check out',
  'that is right',
  'thank you',
);
const closing = fc.constantFrom('', '.', '!', '!!', ' please', ', thanks');
const plainYes = fc
  .tuple(opener, fc.array(harmless, { maxLength: 2 }), closing)
  .map(([start, middle, end]) => [start, ...middle].join(', ') + end);

// What turns a yes into something else: a question, a condition, a change, a doubt, or just more.
const content = fc.constantFrom(
  'how long does shipping take',
  'but ship to 9 Other Road',
  'ship to my office instead',
  'wait',
  'no',
  'not yet',
  'use my other card',
  'in blue',
  'two of them',
  'is that the total',
  "y'all are fast",
  'and add socks',
  'after I check with my wife',
);
const randomWord = fc.stringMatching(/^[a-z]{3,10}$/).filter((word) => !isPlainYes(`yes ${word}`, words));

describe('a plain yes', () => {
  it.each([
    ['yes', true],
    ['Yes please', true],
    ['yes, place the order', true],
    ['ok go ahead', true],
    ['sounds good, do it', true],
    ['ok, how long does shipping take?', false],
    ['yes?', false],
    ["y'all shipping to Canada?", false],
    ["y'all...", false],
    ['yes, ship to 9 Other Road', false],
    ['yes but not now', false],
    ['sure, what is the total', false],
    ['place the order', false],
  ])('%s -> %s', (text, expected) => {
    expect(confirmationMatches(text, checkout)).toBe(expected);
  });

  it('confirms every plain yes, in any case and punctuation', () => {
    fc.assert(fc.property(plainYes, (text) => confirmationMatches(text, checkout)));
  });

  it('never confirms a yes that asks something', () => {
    fc.assert(
      fc.property(plainYes, fc.integer({ min: 0, max: 3 }), (text, at) => {
        const cut = Math.min(at, text.length);
        return !confirmationMatches(`${text.slice(0, cut)}?${text.slice(cut)}`, checkout);
      }),
    );
  });

  it('never confirms a yes that carries anything more, wherever it is added', () => {
    fc.assert(
      fc.property(plainYes, fc.oneof(content, randomWord), fc.boolean(), (text, extra, before) => {
        const reply = before ? `${extra}, ${text}` : `${text}, ${extra}`;
        return !confirmationMatches(reply, checkout);
      }),
      { numRuns: 500 },
    );
  });

  it('never confirms for another order than the summary’s', () => {
    const cancel = createPending(
      'cancel_order',
      { orderId: 'ord_abc' },
      'Cancel order ord_abc ($12.00, paid).',
      0,
    );
    expect(confirmationMatches('yes cancel ord_abc', cancel)).toBe(true);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9]{3,8}$/).filter((id) => id !== 'abc'),
        (id) => !confirmationMatches(`yes cancel ord_${id}`, cancel),
      ),
    );
  });
});
