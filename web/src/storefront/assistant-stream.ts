import { ApiError, rawRequest, toApiError } from '../shared/api.js';
import { readSse } from '../shared/sse.js';
import type { AssistantCard, AssistantReply, PendingConfirmation } from '../shared/types.js';

/** What the chat learns while a reply streams in. */
export interface StreamHandlers {
  onText(text: string): void;
  onCard(card: AssistantCard): void;
  onConfirmation(confirmation: PendingConfirmation | null): void;
  onModel(model: NonNullable<AssistantReply['model']>): void;
  onConversation(conversationId: string): void;
  onStatus?(status: string): void;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Applies a complete reply (the JSON answer, or a stream's final event). */
export function applyReply(
  reply: Partial<AssistantReply>,
  handlers: StreamHandlers,
  replaceText: boolean,
): void {
  if (typeof reply.conversationId === 'string') handlers.onConversation(reply.conversationId);
  if (replaceText && typeof reply.text === 'string') handlers.onText(reply.text);
  for (const card of reply.cards ?? []) handlers.onCard(card);
  if (reply.pendingConfirmation !== undefined) handlers.onConfirmation(reply.pendingConfirmation ?? null);
  if (reply.model !== undefined) handlers.onModel(reply.model);
}

/**
 * Sends a shopper message and streams the reply (SSE over fetch, since the call needs a POST body and a
 * bearer token). Text deltas append; a final event carrying the whole reply settles text, cards and
 * the confirmation. Falls back to the JSON answer when the server does not stream.
 */
export async function sendAssistantMessage(
  token: string,
  body: { conversationId?: string; text: string },
  handlers: StreamHandlers,
  signal?: AbortSignal,
): Promise<void> {
  const response = await rawRequest('/api/v1/assistant/messages', {
    method: 'POST',
    token,
    body,
    headers: { accept: 'text/event-stream' },
    signal,
  });
  if (!response.ok) throw await toApiError(response);
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream') || response.body === null) {
    applyReply((await response.json()) as AssistantReply, handlers, true);
    return;
  }
  let text = '';
  const seenCards = new Set<string>();
  const addCard = (card: unknown) => {
    const value = record(card);
    if (value === undefined || typeof value.type !== 'string') return;
    const key = JSON.stringify(value);
    if (seenCards.has(key)) return;
    seenCards.add(key);
    handlers.onCard(value as AssistantCard);
  };
  for await (const event of readSse(response.body, signal)) {
    let data: unknown = event.data;
    try {
      data = JSON.parse(event.data);
    } catch {
      // A plain-text data line is a text delta.
    }
    const value = record(data);
    const name = event.event;
    if (name === 'error') {
      const error = record(value?.error) ?? value ?? {};
      throw new ApiError(
        500,
        String(error.code ?? 'ASSISTANT_ERROR'),
        String(error.message ?? 'The assistant failed.'),
      );
    }
    if (typeof value?.conversationId === 'string') handlers.onConversation(value.conversationId);
    if (record(value?.model) !== undefined)
      handlers.onModel(value?.model as NonNullable<AssistantReply['model']>);
    if (/delta|token|chunk/.test(name) || (name === 'message' && typeof data === 'string')) {
      const delta = typeof data === 'string' ? data : (value?.delta ?? value?.textDelta ?? value?.text);
      if (typeof delta === 'string') {
        text += delta;
        handlers.onText(text);
      }
    } else if (name === 'card' || name === 'cards') {
      if (Array.isArray(value?.cards)) value.cards.forEach(addCard);
      else if (Array.isArray(data)) data.forEach(addCard);
      else addCard(record(value?.card) ?? value);
    } else if (/confirm/.test(name)) {
      handlers.onConfirmation(
        (record(value?.pendingConfirmation) ?? value ?? null) as PendingConfirmation | null,
      );
    } else if (/status|tool/.test(name)) {
      const label = value?.label ?? value?.status ?? value?.toolName ?? value?.name;
      if (typeof label === 'string') handlers.onStatus?.(`Working: ${label.replace(/_/g, ' ')}…`);
    } else if (
      /done|final|end|reply|result|complete/.test(name) ||
      (value !== undefined && typeof value.text === 'string' && 'conversationId' in value)
    ) {
      const reply = (record(value?.reply) ?? value ?? {}) as Partial<AssistantReply>;
      if (typeof reply.text === 'string' && reply.text.length >= text.length) handlers.onText(reply.text);
      if (typeof reply.conversationId === 'string') handlers.onConversation(reply.conversationId);
      (reply.cards ?? []).forEach(addCard);
      if (reply.pendingConfirmation !== undefined) handlers.onConfirmation(reply.pendingConfirmation ?? null);
      if (reply.model !== undefined) handlers.onModel(reply.model);
    }
  }
}
