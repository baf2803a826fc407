import { describe, expect, it } from 'vitest';
import { jitteredRetry, pollHintMs } from './retry-after.js';

describe('retry hints', () => {
  it('spreads a retry by the jitter and rounds the header up to whole seconds', () => {
    expect(jitteredRetry(2000, 0.5, () => 0)).toEqual({ ms: 1000, seconds: 1 });
    expect(jitteredRetry(2000, 0.5, () => 0.999_999)).toEqual({ ms: 3000, seconds: 3 });
    expect(jitteredRetry(10, 0.5, () => 0).ms).toBe(50);
  });

  it('asks a queued shopper to poll at about three quarters of the wait, between 1 and 30 s', () => {
    const middle = () => 0.5;
    expect(pollHintMs(0, middle)).toBe(1000);
    expect(pollHintMs(1, middle)).toBe(1000);
    expect(pollHintMs(8, middle)).toBe(6000);
    expect(pollHintMs(40, middle)).toBe(30_000);
    expect(pollHintMs(3600, middle)).toBe(30_000);
    // Jittered by 30% either way.
    expect(pollHintMs(8, () => 0)).toBe(4200);
    expect(pollHintMs(8, () => 0.999_999)).toBe(7800);
  });
});
