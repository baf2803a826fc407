import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.js';

describe('RateMeter', () => {
  it('reads the true rate after its first second instead of a fraction of it', () => {
    const meter = new RateMeter(2);
    // 100 events spread over the first second.
    for (let index = 0; index < 100; index++) meter.mark(index * 10);
    expect(meter.rate(1_000)).toBeCloseTo(100, 5);
  });

  it('follows a steady rate and decays over empty seconds', () => {
    const meter = new RateMeter(2);
    let now = 0;
    for (let second = 0; second < 5; second++) {
      for (let index = 0; index < 40; index++) meter.mark(now + index * 25);
      now += 1_000;
    }
    expect(meter.rate(now)).toBeCloseTo(40, 5);
    // Two empty seconds with a 2 s half-life: the reading falls towards half.
    const later = meter.rate(now + 2_000);
    expect(later).toBeLessThan(25);
    expect(later).toBeGreaterThan(15);
  });

  it('reads zero before any bucket closed', () => {
    const meter = new RateMeter(2);
    meter.mark(0, 50);
    expect(meter.rate(500)).toBe(0);
  });

  it('reads the open second once it spans long enough, before the smoothed rate moves', () => {
    const meter = new RateMeter(2);
    // 300 events in the first 300 ms: a burst of 1,000 a second.
    for (let index = 0; index < 300; index++) meter.mark(index);
    expect(meter.openRate(200, 250)).toBeUndefined();
    expect(meter.openRate(300, 250)).toBeCloseTo(1000, 0);
    expect(meter.rate(300)).toBe(0);
  });
});
