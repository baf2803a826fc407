import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { decideModel, parseModelPolicy } from './model-policy.js';

describe('model policy', () => {
  it('denies matching models, deny wins over allow, and a list of allows is exclusive', () => {
    const rules = parseModelPolicy('deny:vendorx/*, allow:openai-compatible/qwen-*; allow:ollama/*');
    expect(decideModel(rules, 'vendorx', 'big-1').allowed).toBe(false);
    expect(decideModel(rules, 'openai-compatible', 'qwen-plus')).toEqual({
      allowed: true,
      reason: 'allowed by allow:openai-compatible/qwen-*',
    });
    expect(decideModel(rules, 'openai-compatible', 'gpt-4o').allowed).toBe(false);
    expect(
      decideModel(
        parseModelPolicy('deny:openai-compatible/*,allow:openai-compatible/qwen-*'),
        'openai-compatible',
        'qwen-plus',
      ).allowed,
    ).toBe(false);
    expect(decideModel(rules, 'rushcart', 'local').allowed).toBe(true);
    expect(decideModel([], 'anything', 'any').allowed).toBe(true);
  });
  it('reads a bare provider as provider/* and refuses malformed rules', () => {
    expect(parseModelPolicy('deny:vendorx')).toEqual([{ effect: 'deny', pattern: 'vendorx/*' }]);
    expect(() => parseModelPolicy('block:vendorx/*')).toThrow(/cannot read rule/);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, probes once when half-open, and closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 100, now: () => now });
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('closed');
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now = 100;
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.failure();
    expect(breaker.state).toBe('open');
    now = 250;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });
});
