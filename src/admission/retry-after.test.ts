import { describe, expect, it } from 'vitest';
import { jitteredRetry, pollHintMs } from './retry-after.js';

describe('retry hints', () => {
  it('spreads a retry by the jitter and rounds the header up to whole seconds', () => {
    expect(jitteredRetry(2000, 0.5, () => 0)).toEqual({ ms: 1000, seconds: 1 });
    expect(jitteredRetry(2000, 0.5, () => 0.999_999)).toEqual({ ms: 3000, seconds: 3 });
    expect(jitteredRetry(10, 0.5, () => 0).ms).toBe(50);
  });

  it('asks a queued shopper to poll just after the expected admission, between 0.5 and 30 s', () => {
    const middle = () => 0.5;
    expect(pollHintMs(0, middle)).toBe(500);
    expect(pollHintMs(400, middle)).toBe(500);
    expect(pollHintMs(8000, middle)).toBe(8400);
    expect(pollHintMs(40_000, middle)).toBe(30_000);
    expect(pollHintMs(3_600_000, middle)).toBe(30_000);
    // Jittered by 10% either way around 105% of the wait.
    expect(pollHintMs(8000, () => 0)).toBe(7560);
    expect(pollHintMs(8000, () => 0.999_999)).toBe(9240);
  });
});
