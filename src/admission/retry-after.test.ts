import { describe, expect, it } from 'vitest';
import { claimHintMs, jitteredRetry, pollHintMs } from './retry-after.js';

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

describe('claim hints', () => {
  it('asks a queued shopper to claim half a hold before the expected admission', () => {
    const middle = () => 0.5;
    expect(claimHintMs(5000, 2000, middle)).toBe(4000);
    expect(claimHintMs(800, 2000, middle)).toBe(250);
    expect(claimHintMs(3_600_000, 2000, middle)).toBe(30_000);
    // Jittered by 10% either way.
    expect(claimHintMs(5000, 2000, () => 0)).toBe(3600);
    // Without holding, a claim is as good as a poll: the poll hint.
    expect(claimHintMs(8000, 0, middle)).toBe(pollHintMs(8000, middle));
  });
});
