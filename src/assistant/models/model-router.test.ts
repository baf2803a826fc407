import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LocalModel } from '../local-model/local-model.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { createModelRouter } from './model-router.js';

function router(
  limits: { maxConcurrent?: number; tokensPerShopperPerHour?: number; tokensPerMinute?: number },
  clock = { now: 0 },
) {
  const registry = new Registry();
  return {
    registry,
    clock,
    router: createModelRouter({
      // Any LanguageModelV3 can stand in as the configured model; the router never calls it.
      remote: { model: new LocalModel(), modelId: 'openai-compatible:test' },
      breaker: new CircuitBreaker({ failureThreshold: 2, openMs: 1_000, now: () => clock.now }),
      limits: { maxConcurrent: 8, tokensPerShopperPerHour: 1_000, tokensPerMinute: 10_000, ...limits },
      registry,
      now: () => clock.now,
    }),
  };
}

describe('model router', () => {
  it('uses the configured model under its concurrency limit, local beyond it', () => {
    const { router: subject } = router({ maxConcurrent: 1 });
    const first = subject.acquire('shp_a');
    expect(first).toMatchObject({ modelId: 'openai-compatible:test', degraded: false });
    expect(subject.acquire('shp_b')).toMatchObject({ modelId: 'local', degraded: true, reason: 'saturated' });
    first.finish({ ok: true, tokens: 10 });
    expect(subject.acquire('shp_b').degraded).toBe(false);
  });

  it('enforces the per-shopper hourly and the global per-minute token budgets', async () => {
    const {
      router: subject,
      clock,
      registry,
    } = router({ tokensPerShopperPerHour: 100, tokensPerMinute: 150 });
    subject.acquire('shp_a').finish({ ok: true, tokens: 100 });
    expect(subject.acquire('shp_a').reason).toBe('shopper_budget');
    const other = subject.acquire('shp_b');
    expect(other.degraded).toBe(false);
    other.finish({ ok: true, tokens: 60 });
    expect(subject.acquire('shp_c').reason).toBe('global_budget');
    clock.now = 61_000;
    expect(subject.acquire('shp_c').degraded).toBe(false);
    clock.now = 3_600_000;
    expect(subject.acquire('shp_a').degraded).toBe(false);
    expect(await registry.getSingleMetricAsString('rushcart_assistant_model_fallbacks_total')).toMatch(
      /reason="shopper_budget"} 1/,
    );
  });

  it('opens on failures and reports the active model', () => {
    const { router: subject, clock } = router({});
    subject.acquire('shp_a').finish({ ok: false, tokens: 0 });
    subject.acquire('shp_a').finish({ ok: false, tokens: 0 });
    expect(subject.describe()).toMatchObject({ active: 'local', breaker: 'open' });
    expect(subject.acquire('shp_a').reason).toBe('breaker_open');
    clock.now = 1_000;
    const probe = subject.acquire('shp_a');
    expect(probe.degraded).toBe(false);
    probe.finish({ ok: true, tokens: 1 });
    expect(subject.describe()).toMatchObject({ active: 'openai-compatible:test', breaker: 'closed' });
  });
});
