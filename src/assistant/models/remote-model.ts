import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3 } from '@ai-sdk/provider';

/** Settings of an OpenAI-compatible chat-completions endpoint. */
export interface RemoteModelSettings {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  /** Provider name used in model ids and policy rules. */
  readonly provider: string;
  /** Per-request timeout; a slower answer counts as a failure. */
  readonly timeoutMs: number;
}

/** A model behind any OpenAI-compatible endpoint (DashScope, vLLM, Ollama, llama.cpp server, OpenAI). */
export function createRemoteModel(settings: RemoteModelSettings): LanguageModelV3 {
  const provider = createOpenAICompatible({
    name: settings.provider,
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey,
    includeUsage: true,
    fetch: async (input, init) => {
      const timeout = AbortSignal.timeout(settings.timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return fetch(input, { ...init, signal });
    },
  });
  return provider.chatModel(settings.model);
}
