import type { LanguageModelV3Message, LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { ModelMessage } from 'ai';

type AssistantPart = Extract<LanguageModelV3Message, { role: 'assistant' }>['content'][number];

/** Converts AI SDK model messages into the provider prompt shape the local model reads. */
export function toProviderPrompt(messages: readonly ModelMessage[]): LanguageModelV3Prompt {
  return messages.map((message): LanguageModelV3Message => {
    if (message.role === 'system') return { role: 'system', content: message.content };
    if (message.role === 'user') {
      const content =
        typeof message.content === 'string'
          ? [{ type: 'text' as const, text: message.content }]
          : message.content.flatMap((part) =>
              part.type === 'text' ? [{ type: 'text' as const, text: part.text }] : [],
            );
      return { role: 'user', content };
    }
    if (message.role === 'assistant') {
      const content =
        typeof message.content === 'string'
          ? [{ type: 'text' as const, text: message.content }]
          : message.content.flatMap((part): AssistantPart[] => {
              if (part.type === 'text') return [{ type: 'text', text: part.text }];
              if (part.type === 'tool-call') {
                return [
                  {
                    type: 'tool-call',
                    toolCallId: part.toolCallId,
                    toolName: part.toolName,
                    input: part.input,
                  },
                ];
              }
              return [];
            });
      return { role: 'assistant', content };
    }
    const content = message.content.flatMap((part) =>
      part.type === 'tool-result'
        ? [
            {
              type: 'tool-result' as const,
              toolCallId: part.toolCallId,
              toolName: part.toolName,
              output: part.output as never,
            },
          ]
        : [],
    );
    return { role: 'tool', content };
  });
}
