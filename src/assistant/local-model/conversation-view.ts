import type { LanguageModelV3Prompt } from '@ai-sdk/provider';

/** One tool call and its result as the prompt shows them. */
export interface ToolEvent {
  readonly toolName: string;
  readonly input: Record<string, unknown>;
  /** The JSON the tool returned (undefined while the call has no result yet). */
  readonly output: Record<string, unknown> | undefined;
}

/** A product row as search results show it. */
export interface ShownProduct {
  readonly ref: number;
  readonly productId: string;
  readonly variantId: string | null;
  readonly title: string;
  readonly brand: string | null;
  readonly price: { amount: number; currency: string };
  readonly rating: number | null;
  readonly inStock: boolean;
  readonly options: Record<string, string[]>;
}

/** What the local model reads from the prompt: this turn's text and tool events, and earlier ones. */
export interface ConversationView {
  readonly userText: string;
  /** The shopper's message before this one ('' in a first turn): what the last reply answered. */
  readonly previousUserText: string;
  /** Tool events after the last user message (this turn's steps so far). */
  readonly turnEvents: readonly ToolEvent[];
  /** Tool events before the last user message, oldest first. */
  readonly pastEvents: readonly ToolEvent[];
  /** The tool events of the previous turn only (for pending confirmations). */
  readonly previousTurnEvents: readonly ToolEvent[];
  /** Every turn before this one, oldest first: the shopper's message and the tool events it led to. */
  readonly turns: readonly { readonly userText: string; readonly events: readonly ToolEvent[] }[];
}

/** Reads a prompt into turns and tool events. Tool calls are paired with results by id. */
export function readConversation(prompt: LanguageModelV3Prompt): ConversationView {
  let lastUser = -1;
  let previousUser = -1;
  const userIndexes: number[] = [];
  prompt.forEach((message, index) => {
    if (message.role === 'user') {
      previousUser = lastUser;
      lastUser = index;
      userIndexes.push(index);
    }
  });
  const textOf = (index: number) => {
    const message = index >= 0 ? prompt[index] : undefined;
    return message?.role === 'user'
      ? message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ')
      : '';
  };
  const userText = textOf(lastUser);
  const events = (from: number, to: number) => collectEvents(prompt.slice(from, to));
  return {
    userText,
    previousUserText: textOf(previousUser),
    turnEvents: events(lastUser + 1, prompt.length),
    pastEvents: events(0, Math.max(lastUser, 0)),
    previousTurnEvents: previousUser >= 0 ? events(previousUser + 1, lastUser) : [],
    turns: userIndexes.slice(0, -1).map((index, position) => ({
      userText: textOf(index),
      events: events(index + 1, userIndexes[position + 1] ?? prompt.length),
    })),
  };
}

function collectEvents(messages: LanguageModelV3Prompt): ToolEvent[] {
  const calls = new Map<string, { toolName: string; input: Record<string, unknown> }>();
  const order: string[] = [];
  const outputs = new Map<string, Record<string, unknown>>();
  for (const message of messages) {
    if (message.role === 'assistant') {
      for (const part of message.content) {
        if (part.type === 'tool-call') {
          calls.set(part.toolCallId, { toolName: part.toolName, input: asRecord(parseMaybe(part.input)) });
          order.push(part.toolCallId);
        } else if (part.type === 'tool-result') {
          outputs.set(part.toolCallId, outputValue(part.output));
        }
      }
    } else if (message.role === 'tool') {
      for (const part of message.content) {
        if (part.type === 'tool-result') outputs.set(part.toolCallId, outputValue(part.output));
      }
    }
  }
  return order.flatMap((id) => {
    const call = calls.get(id);
    return call === undefined ? [] : [{ ...call, output: outputs.get(id) }];
  });
}

function outputValue(output: { type: string; value?: unknown }): Record<string, unknown> {
  if (output.type === 'json' || output.type === 'error-json') return asRecord(output.value);
  if (output.type === 'text' || output.type === 'error-text') return asRecord(parseMaybe(output.value));
  return { ok: false, error: { code: output.type, message: output.type } };
}

function parseMaybe(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return { text: value };
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { value };
}

/** The most recent event of any of `names`, searching this turn first, then earlier turns. */
export function lastEvent(
  view: ConversationView,
  names: readonly string[],
  okOnly = true,
): ToolEvent | undefined {
  for (const list of [view.turnEvents, view.pastEvents]) {
    for (let index = list.length - 1; index >= 0; index -= 1) {
      const event = list[index];
      if (event !== undefined && names.includes(event.toolName) && (!okOnly || event.output?.ok === true))
        return event;
    }
  }
  return undefined;
}

/** The product list shown most recently (a search page or a comparison). */
export function shownProducts(view: ConversationView): ShownProduct[] {
  const event = lastEvent(view, ['search_products', 'compare_products']);
  if (event === undefined) return [];
  if (event.toolName === 'search_products') return (event.output?.items as ShownProduct[] | undefined) ?? [];
  const products = (event.output?.products as Record<string, unknown>[] | undefined) ?? [];
  return products.map((product, index) => ({
    ref: index + 1,
    productId: String(product.productId),
    variantId: null,
    title: String(product.title),
    brand: (product.brand as string | null) ?? null,
    price: product.price as { amount: number; currency: string },
    rating: (product.rating as number | null) ?? null,
    inStock: Boolean(product.inStock),
    options: (product.options as Record<string, string[]>) ?? {},
  }));
}

/**
 * The input of the search the shopper last asked for: the first search_products call of the latest
 * turn that made one. A turn's later searches are the model's own relaxations (options as words,
 * no price range) when nothing matched; the shopper's colour, size and price still stand, so a
 * refinement ("size 8") or an add builds on this one, not on the relaxed retry.
 */
export function statedSearch(view: ConversationView): Record<string, unknown> | undefined {
  const current = view.turnEvents.find((event) => event.toolName === 'search_products');
  if (current !== undefined) return current.input;
  for (let index = view.turns.length - 1; index >= 0; index -= 1) {
    const found = view.turns[index]?.events.find((event) => event.toolName === 'search_products');
    if (found !== undefined) return found.input;
  }
  return undefined;
}
