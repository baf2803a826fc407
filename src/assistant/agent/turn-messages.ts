import type { ModelMessage } from 'ai';
import { toProviderPrompt } from '../agent/prompt-view.js';
import type { TurnToolEvent } from '../agent/run-agent-turn.js';
import type { StoredMessage } from '../conversation-store.js';
import { readConversation } from '../local-model/conversation-view.js';
import { plan } from '../local-model/planner.js';

/** Earlier turns as model messages; a turn cut by the history limit starts at its user message. */
export function historyToMessages(stored: readonly StoredMessage[]): ModelMessage[] {
  const firstShopper = stored.findIndex((message) => message.role === 'shopper');
  return stored.slice(Math.max(firstShopper, 0)).flatMap((message) => [...message.modelMessages]);
}

/** The messages without the assistant's own words (tool calls kept), for a reply written again. */
export function withoutAssistantText(messages: readonly ModelMessage[]): ModelMessage[] {
  return messages.flatMap((message): ModelMessage[] => {
    if (message.role !== 'assistant') return [message];
    if (typeof message.content === 'string') return [];
    const parts = message.content.filter((part) => part.type !== 'text' && part.type !== 'reasoning');
    return parts.length === 0 ? [] : [{ ...message, content: parts }];
  });
}

/** The JSON and text outputs of every tool result in the messages, in order. */
export function toolOutputs(messages: readonly ModelMessage[]): unknown[] {
  const outputs: unknown[] = [];
  for (const message of messages) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type === 'tool-result' && (part.output.type === 'json' || part.output.type === 'text'))
        outputs.push(part.output.value);
    }
  }
  return outputs;
}

/** Each tool result paired with its call's input, in order. */
export function eventsFromMessages(messages: readonly ModelMessage[]): TurnToolEvent[] {
  const events: TurnToolEvent[] = [];
  const inputs = new Map<string, unknown>();
  for (const message of messages) {
    if (message.role === 'assistant' && typeof message.content !== 'string') {
      for (const part of message.content)
        if (part.type === 'tool-call') inputs.set(part.toolCallId, part.input);
    }
    if (message.role === 'tool') {
      for (const part of message.content) {
        if (part.type === 'tool-result') {
          events.push({
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: inputs.get(part.toolCallId),
            output: part.output.type === 'json' ? part.output.value : undefined,
          });
        }
      }
    }
  }
  return events;
}

/** A reply written by the local planner from the tool results already in `messages` (no new tool calls). */
export function localReply(messages: readonly ModelMessage[]): string {
  const next = plan(readConversation(toProviderPrompt(messages)), new Set());
  return next.type === 'text' ? next.text : 'Sorry, I could not finish that. Could you say it another way?';
}
