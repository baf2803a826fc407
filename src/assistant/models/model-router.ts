import type { LanguageModelV3 } from '@ai-sdk/provider';
import { Counter, Gauge, type Registry } from 'prom-client';
import { LOCAL_MODEL_ID, LocalModel } from '../local-model/local-model.js';
import type { CircuitBreaker } from './circuit-breaker.js';

/** Why a turn runs on the local model instead of the configured one. */
export type DegradeReason =
  | 'breaker_open'
  | 'saturated'
  | 'shopper_budget'
  | 'global_budget'
  | 'remote_failed';

/** The model one turn uses; `finish` must be called once with the outcome. */
export interface ModelLease {
  readonly model: LanguageModelV3;
  readonly modelId: string;
  readonly remote: boolean;
  readonly degraded: boolean;
  readonly reason: DegradeReason | undefined;
  finish(outcome: { ok: boolean; tokens: number }): void;
}

/** Limits on the configured model. */
export interface RouterLimits {
  readonly maxConcurrent: number;
  readonly tokensPerShopperPerHour: number;
  readonly tokensPerMinute: number;
}

/** The configured remote model. */
export interface RemoteChoice {
  readonly model: LanguageModelV3;
  readonly modelId: string;
}

/** Picks the model for each turn and reports on it. */
export interface ModelRouter {
  acquire(shopperId: string): ModelLease;
  /** The lease to fall back to when a remote call failed mid-turn. */
  fallback(reason: DegradeReason): ModelLease;
  describe(): { configured: string; active: string; breaker: string; inFlight: number };
}

/** Builds the router: the remote model while healthy, under its limits and budgets; otherwise `local`. */
export function createModelRouter(options: {
  remote: RemoteChoice | undefined;
  breaker: CircuitBreaker;
  limits: RouterLimits;
  registry: Registry;
  now?: () => number;
}): ModelRouter {
  const now = options.now ?? Date.now;
  const local = new LocalModel();
  const fallbacks = new Counter({
    name: 'rushcart_assistant_model_fallbacks_total',
    help: 'Assistant turns that ran on the local model instead of the configured one, by reason',
    labelNames: ['reason'] as const,
    registers: [options.registry],
  });
  const turns = new Counter({
    name: 'rushcart_assistant_model_turns_total',
    help: 'Assistant turns by the model that answered and outcome',
    labelNames: ['model', 'outcome'] as const,
    registers: [options.registry],
  });
  const degradedGauge = new Gauge({
    name: 'rushcart_assistant_model_degraded',
    help: '1 while the configured model is bypassed by the circuit breaker',
    registers: [options.registry],
  });
  let inFlight = 0;
  const shopperUse = new Map<string, { window: number; tokens: number }>();
  let globalUse = { window: 0, tokens: 0 };

  const hour = () => Math.floor(now() / 3_600_000);
  const minute = () => Math.floor(now() / 60_000);
  const shopperTokens = (shopperId: string) => {
    const use = shopperUse.get(shopperId);
    return use !== undefined && use.window === hour() ? use.tokens : 0;
  };
  const globalTokens = () => (globalUse.window === minute() ? globalUse.tokens : 0);
  const charge = (shopperId: string, tokens: number) => {
    const window = hour();
    const use = shopperUse.get(shopperId);
    shopperUse.set(shopperId, { window, tokens: (use?.window === window ? use.tokens : 0) + tokens });
    if (shopperUse.size > 100_000) shopperUse.clear();
    globalUse = { window: minute(), tokens: globalTokens() + tokens };
  };

  const localLease = (reason: DegradeReason | undefined): ModelLease => {
    if (reason !== undefined) fallbacks.inc({ reason });
    return {
      model: local,
      modelId: LOCAL_MODEL_ID,
      remote: false,
      degraded: reason !== undefined,
      reason,
      finish: (outcome) => turns.inc({ model: LOCAL_MODEL_ID, outcome: outcome.ok ? 'ok' : 'error' }),
    };
  };

  return {
    acquire(shopperId) {
      const remote = options.remote;
      if (remote === undefined) return localLease(undefined);
      if (shopperTokens(shopperId) >= options.limits.tokensPerShopperPerHour)
        return localLease('shopper_budget');
      if (globalTokens() >= options.limits.tokensPerMinute) return localLease('global_budget');
      if (inFlight >= options.limits.maxConcurrent) return localLease('saturated');
      if (!options.breaker.tryAcquire()) {
        degradedGauge.set(1);
        return localLease('breaker_open');
      }
      inFlight += 1;
      let finished = false;
      return {
        model: remote.model,
        modelId: remote.modelId,
        remote: true,
        degraded: false,
        reason: undefined,
        finish(outcome) {
          if (finished) return;
          finished = true;
          inFlight -= 1;
          charge(shopperId, outcome.tokens);
          if (outcome.ok) options.breaker.success();
          else options.breaker.failure();
          degradedGauge.set(options.breaker.state === 'closed' ? 0 : 1);
          turns.inc({ model: remote.modelId, outcome: outcome.ok ? 'ok' : 'error' });
        },
      };
    },
    fallback(reason) {
      return localLease(reason);
    },
    describe() {
      const configured = options.remote?.modelId ?? LOCAL_MODEL_ID;
      const state = options.breaker.state;
      return {
        configured,
        active: options.remote === undefined || state === 'open' ? LOCAL_MODEL_ID : configured,
        breaker: state,
        inFlight,
      };
    },
  };
}
