import { describe, expect, it } from 'vitest';
import { loadAdmissionOptions } from './admission-options.js';

describe('loadAdmissionOptions', () => {
  it('reads the hold and the most held claims, 0 turning holding off', () => {
    expect(loadAdmissionOptions({})).toMatchObject({ holdMs: 2000, maxHeld: 10_000 });
    expect(
      loadAdmissionOptions({ RUSHCART_ROOM_HOLD_MS: '500', RUSHCART_ROOM_MAX_HELD: '250' }),
    ).toMatchObject({ holdMs: 500, maxHeld: 250 });
    expect(loadAdmissionOptions({ RUSHCART_ROOM_HOLD_MS: '0', RUSHCART_ROOM_MAX_HELD: '0' })).toMatchObject({
      holdMs: 0,
      maxHeld: 0,
    });
  });

  it('reads how long checkouts wait in line and how many may, 0 turning waiting off', () => {
    expect(loadAdmissionOptions({})).toMatchObject({ checkoutWaitMs: 8000, maxCheckoutsWaiting: 2000 });
    expect(
      loadAdmissionOptions({ RUSHCART_CHECKOUT_WAIT_MS: '0', RUSHCART_CHECKOUT_MAX_WAITING: '50' }),
    ).toMatchObject({ checkoutWaitMs: 0, maxCheckoutsWaiting: 50 });
    expect(() => loadAdmissionOptions({ RUSHCART_CHECKOUT_WAIT_MS: 'soon' })).toThrow(/positive number/);
  });

  it('refuses values that are not positive numbers at start, and ignores empty ones', () => {
    for (const junk of ['-5', 'many', 'NaN']) {
      expect(() => loadAdmissionOptions({ RUSHCART_ROOM_MAX_HELD: junk }), junk).toThrow(
        `expected a positive number, got "${junk}"`,
      );
      expect(() => loadAdmissionOptions({ RUSHCART_ROOM_HOLD_MS: junk }), junk).toThrow(/positive number/);
    }
    expect(loadAdmissionOptions({ RUSHCART_ROOM_MAX_HELD: '' }).maxHeld).toBe(10_000);
  });
});
