import { describe, expect, it } from 'vitest';
import { LoopPressure } from './last-line.js';

describe('the event loop last line', () => {
  it('sheds only after five fresh readings in a row over the limit', () => {
    const pressure = new LoopPressure(200);
    for (const delay of [300, 301, 302, 303]) pressure.sample(delay);
    expect(pressure.pressured).toBe(false);
    // A reading equal to the last one is no new reading.
    pressure.sample(303);
    expect(pressure.pressured).toBe(false);
    pressure.sample(304);
    expect(pressure.pressured).toBe(true);
    expect(pressure.sheds('other')).toBe(true);
    // One calm reading ends it.
    pressure.sample(50);
    expect(pressure.pressured).toBe(false);
    expect(pressure.sheds('other')).toBe(false);
  });

  it('never sheds metered work, and sheds checkouts only past 4x the limit', () => {
    const pressure = new LoopPressure(200);
    for (const delay of [300, 301, 302, 303, 304]) pressure.sample(delay);
    expect(pressure.sheds('metered')).toBe(false);
    expect(pressure.sheds('checkout')).toBe(false);
    expect(pressure.sheds('other')).toBe(true);
    for (const delay of [900, 950, 1000, 5000, 60_000]) pressure.sample(delay);
    expect(pressure.sheds('metered')).toBe(false);
    expect(pressure.sheds('checkout')).toBe(true);
    expect(pressure.sheds('other')).toBe(true);
  });

  it('sheds nothing while calm', () => {
    const pressure = new LoopPressure(200);
    for (const delay of [10, 20, 199, 200, 12]) pressure.sample(delay);
    expect(pressure.sheds('other')).toBe(false);
    expect(pressure.sheds('checkout')).toBe(false);
  });
});
