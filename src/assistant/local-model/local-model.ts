import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { hasChinese } from '../language/text.js';
import { readConversation } from './conversation-view.js';
import { plan } from './planner.js';
import { toChinese } from './replies-zh.js';

/** The id the local model reports; it is also the model id recorded on messages. */
export const LOCAL_MODEL_ID = 'local';

/**
 * The deterministic local model: an AI SDK LanguageModelV3 that reads the conversation (messages
 * and earlier tool results) and answers with one tool call or a reply written from tool results.
 * No network, no randomness: the same prompt always gives the same output.
 */
export class LocalModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'rushcart';
  readonly modelId = LOCAL_MODEL_ID;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  private calls = 0;

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const content = this.respond(options);
    const isTool = content.type === 'tool-call';
    return {
      content: [content],
      finishReason: { unified: isTool ? 'tool-calls' : 'stop', raw: isTool ? 'tool_calls' : 'stop' },
      usage: usage(options, content),
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const content = this.respond(options);
    const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
    if (content.type === 'tool-call') {
      parts.push(
        { type: 'tool-input-start', id: content.toolCallId, toolName: content.toolName },
        { type: 'tool-input-delta', id: content.toolCallId, delta: content.input },
        { type: 'tool-input-end', id: content.toolCallId },
        content,
      );
    } else if (content.type === 'text') {
      parts.push({ type: 'text-start', id: 'text-0' });
      for (const piece of content.text.match(/[^\n]*\n?/g) ?? []) {
        if (piece !== '') parts.push({ type: 'text-delta', id: 'text-0', delta: piece });
      }
      parts.push({ type: 'text-end', id: 'text-0' });
    }
    const isTool = content.type === 'tool-call';
    parts.push({
      type: 'finish',
      finishReason: { unified: isTool ? 'tool-calls' : 'stop', raw: isTool ? 'tool_calls' : 'stop' },
      usage: usage(options, content),
    });
    return {
      stream: new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    };
  }

  private respond(options: LanguageModelV3CallOptions): LanguageModelV3Content {
    const available = new Set(
      (options.tools ?? []).filter((item) => item.type === 'function').map((item) => item.name),
    );
    const view = readConversation(options.prompt);
    const next = plan(view, options.toolChoice?.type === 'none' ? new Set() : available);
    // A shopper who wrote Chinese is answered in Chinese.
    if (next.type === 'text') {
      return { type: 'text', text: hasChinese(view.userText) ? toChinese(next.text) : next.text };
    }
    this.calls += 1;
    return {
      type: 'tool-call',
      toolCallId: `local_${this.calls.toString(36)}_${next.toolName}`,
      toolName: next.toolName,
      input: JSON.stringify(next.input),
    };
  }
}

/** Token counts the router budgets with: a word count stands in for tokens. */
function usage(options: LanguageModelV3CallOptions, content: LanguageModelV3Content): LanguageModelV3Usage {
  const last = options.prompt.at(-1);
  const inputWords = last === undefined ? 0 : JSON.stringify(last.content).split(/\s+/).length;
  const outputWords =
    content.type === 'text'
      ? content.text.split(/\s+/).length
      : content.type === 'tool-call'
        ? content.input.length / 4
        : 0;
  return {
    inputTokens: { total: inputWords, noCache: inputWords, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: Math.ceil(outputWords), text: Math.ceil(outputWords), reasoning: 0 },
  };
}
