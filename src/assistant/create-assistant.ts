import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import { type AssistantService, createAssistantService } from './assistant-service.js';
import type { ConversationStore } from './conversation-store.js';
import { LOCAL_MODEL_ID } from './local-model/local-model.js';
import { CircuitBreaker } from './models/circuit-breaker.js';
import { decideModel, type PolicyDecision, parseModelPolicy } from './models/model-policy.js';
import { createModelRouter, type ModelRouter } from './models/model-router.js';
import { createRemoteModel } from './models/remote-model.js';
import type { AssistantServices } from './services.js';

/** What the admin model endpoint shows. */
export interface ModelStatus {
  readonly configured: { provider: string; model: string; baseUrl: string | null };
  readonly active: string;
  readonly breaker: string;
  readonly inFlight: number;
  readonly policy: { rules: string[]; decision: PolicyDecision };
}

/** The assistant as the app holds it. */
export interface Assistant {
  readonly service: AssistantService;
  readonly router: ModelRouter;
  modelStatus(): ModelStatus;
}

/**
 * Builds the assistant from configuration: the configured OpenAI-compatible model behind a router
 * and a circuit breaker, or only `local`. Throws (so the server refuses to start) when the model
 * policy denies the configured model.
 */
export function createAssistant(options: {
  config: Config;
  store: ConversationStore;
  services: AssistantServices;
  registry: Registry;
  log?: (event: string, details: Record<string, unknown>) => void;
}): Assistant {
  const llm = options.config.llm;
  const rules = parseModelPolicy(llm.policy);
  const remoteConfigured = llm.baseUrl !== undefined && llm.model !== undefined;
  const provider = remoteConfigured ? llm.provider : 'rushcart';
  const modelName = remoteConfigured ? (llm.model ?? LOCAL_MODEL_ID) : LOCAL_MODEL_ID;
  const decision = decideModel(rules, provider, modelName);
  if (!decision.allowed) {
    throw new Error(`RUSHCART_MODEL_POLICY refuses the model ${provider}/${modelName}: ${decision.reason}`);
  }
  const remote =
    remoteConfigured && llm.baseUrl !== undefined && llm.model !== undefined
      ? {
          model: createRemoteModel({
            baseUrl: llm.baseUrl,
            model: llm.model,
            apiKey: llm.apiKey,
            provider: llm.provider,
            timeoutMs: llm.timeoutMs,
          }),
          modelId: `${llm.provider}:${llm.model}`,
        }
      : undefined;
  const router = createModelRouter({
    remote,
    breaker: new CircuitBreaker({ failureThreshold: 3, openMs: llm.breakerOpenMs }),
    limits: {
      maxConcurrent: llm.maxConcurrent,
      tokensPerShopperPerHour: llm.tokensPerShopperPerHour,
      tokensPerMinute: llm.tokensPerMinute,
    },
    registry: options.registry,
  });
  const service = createAssistantService({
    store: options.store,
    services: options.services,
    router,
    registry: options.registry,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  return {
    service,
    router,
    modelStatus() {
      const described = router.describe();
      return {
        configured: { provider, model: modelName, baseUrl: remoteConfigured ? (llm.baseUrl ?? null) : null },
        active: described.active,
        breaker: described.breaker,
        inFlight: described.inFlight,
        policy: { rules: rules.map((rule) => `${rule.effect}:${rule.pattern}`), decision },
      };
    },
  };
}
