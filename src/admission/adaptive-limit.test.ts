import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from './adaptive-limit.js';

/** Feeds `windows` windows of `perWindow` samples at a fixed latency, advancing a fake clock. */
function drive(
  limiter: AdaptiveLimit,
  clock: { now: number },
  latencyMs: number,
  windows: number,
  inflight = () => limiter.limit,
): number[] {
  const limits: number[] = [];
  for (let window = 0; window < windows; window++) {
    for (let sample = 0; sample < 20; sample++) {
      clock.now += 10;
      limiter.addSample(latencyMs, inflight(), clock.now);
    }
    limits.push(limiter.limit);
  }
  return limits;
}

describe('AdaptiveLimit', () => {
  it('grows while latency stays at its long-term level and the limit is reached', () => {
    const clock = { now: 0 };
    const limiter = new AdaptiveLimit({ initialLimit: 20, maxLimit: 500 });
    const limits = drive(limiter, clock, 5, 50);
    expect(limits.at(-1)).toBeGreaterThan(100);
    for (let index = 1; index < limits.length; index++) {
      expect(limits[index]).toBeGreaterThanOrEqual(limits[index - 1] ?? 0);
    }
  });

  it('does not grow when the load never reaches half the limit, and settles at twice the load in use', () => {
    const clock = { now: 0 };
    const limiter = new AdaptiveLimit({ initialLimit: 100 });
    const limits = drive(limiter, clock, 5, 30, () => 20);
    for (let index = 1; index < limits.length; index++) {
      expect(limits[index]).toBeLessThanOrEqual(limits[index - 1] ?? 0);
    }
    // Three seconds of twenty in flight: a sudden crowd now finds room for about forty, not a hundred.
    expect(limiter.limit).toBeLessThanOrEqual(42);
    expect(limiter.limit).toBeGreaterThanOrEqual(40);
    // Never below the minimum, however idle.
    drive(limiter, clock, 5, 60, () => 1);
    expect(limiter.limit).toBe(limiter.options.minLimit);
  });

  it('shrinks when short-term latency rises well above the long-term average', () => {
    const clock = { now: 0 };
    const limiter = new AdaptiveLimit({ initialLimit: 200, maxLimit: 1000 });
    drive(limiter, clock, 2, 20);
    const before = limiter.limit;
    const limits = drive(limiter, clock, 40, 10);
    expect(limits.at(-1)).toBeLessThan(before * 0.5);
    expect(limiter.limit).toBeGreaterThanOrEqual(limiter.options.minLimit);
  });

  it('keeps the limit down through a sustained overload instead of drifting back up', () => {
    const clock = { now: 0 };
    const limiter = new AdaptiveLimit({ initialLimit: 200, maxLimit: 4000 });
    drive(limiter, clock, 5, 50);
    const before = limiter.limit;
    // Twenty seconds (200 windows) of a flash crowd: latency stays at 8x its calm level.
    const limits = drive(limiter, clock, 40, 200);
    expect(Math.min(...limits)).toBeLessThan(before * 0.5);
    // The baseline must not catch up with the overload, or the limit grows to its maximum and
    // every admitted request waits in a queue as long as the limit allows.
    expect(limits.at(-1)).toBeLessThan(before * 0.5);
  });

  it('recovers after the overload ends', () => {
    const clock = { now: 0 };
    const limiter = new AdaptiveLimit({ initialLimit: 100 });
    drive(limiter, clock, 2, 20);
    drive(limiter, clock, 50, 30);
    const low = limiter.limit;
    drive(limiter, clock, 2, 60);
    expect(limiter.limit).toBeGreaterThan(low * 2);
  });

  it('closes a window only after windowMs and minSamples, and stays within bounds', () => {
    const limiter = new AdaptiveLimit({
      initialLimit: 10,
      minLimit: 5,
      maxLimit: 12,
      windowMs: 100,
      minSamples: 3,
    });
    expect(limiter.addSample(1, 10, 0)).toBeUndefined();
    expect(limiter.addSample(1, 10, 200)).toBeUndefined();
    const update = limiter.addSample(1, 10, 300);
    expect(update).toBeDefined();
    const clock = { now: 300 };
    drive(limiter, clock, 1, 100);
    expect(limiter.limit).toBe(12);
    drive(limiter, clock, 1000, 100);
    expect(limiter.limit).toBeGreaterThanOrEqual(5);
  });

  it('is deterministic: the same samples give the same limits', () => {
    const run = () => {
      const clock = { now: 0 };
      const limiter = new AdaptiveLimit();
      return [
        ...drive(limiter, clock, 3, 10),
        ...drive(limiter, clock, 30, 10),
        ...drive(limiter, clock, 3, 10),
      ];
    };
    expect(run()).toEqual(run());
  });
});
