import type { Reference } from '../language/references.js';
import { resolveReference } from '../language/references.js';
import type { ConversationView, ShownProduct, ToolEvent } from './conversation-view.js';
import { type DialogueState, dialogueState } from './dialogue-state.js';
import { CAPABILITIES } from './replies.js';

/** The local model's next step: call one tool, or answer in words. */
export type Plan =
  | { type: 'tool'; toolName: string; input: Record<string, unknown> }
  | { type: 'text'; text: string };

/** A tool result or input as the planner reads it. */
export type Json = Record<string, unknown>;

/** One planning step: the conversation so far and the tools this turn may call. */
export interface Step {
  readonly view: ConversationView;
  /** What the conversation has established so far: the open question, the list shown, the focus. */
  readonly state: DialogueState;
  /** The latest event of `toolName` in this turn: the call already made and its result. */
  ran(toolName: string): ToolEvent | undefined;
  /** Calls `toolName`, or says it is unavailable when this turn may not call it. */
  call(toolName: string, input: Json): Plan;
  /** Calls `toolName` once per turn; once it has answered, replies from its result. */
  once(toolName: string, input: Json, reply: (event: ToolEvent) => string): Plan;
}

/** A reply in words. */
export function text(value: string): Plan {
  return { type: 'text', text: value };
}

/** Binds the step helpers to one conversation and tool set. */
export function stepFor(view: ConversationView, available: ReadonlySet<string>): Step {
  const ran = (toolName: string): ToolEvent | undefined => {
    for (let index = view.turnEvents.length - 1; index >= 0; index -= 1) {
      const event = view.turnEvents[index];
      if (event?.toolName === toolName) return event;
    }
    return undefined;
  };
  const call = (toolName: string, input: Json): Plan =>
    available.has(toolName)
      ? { type: 'tool', toolName, input }
      : text(
          `Sorry, I can't do that right now (${toolName.replaceAll('_', ' ')} is unavailable). ${CAPABILITIES}`,
        );
  return {
    view,
    state: dialogueState(view),
    ran,
    call,
    once(toolName, input, reply) {
      const done = ran(toolName);
      return done === undefined ? call(toolName, input) : text(reply(done));
    },
  };
}

/** Products a reference points at: the shown list first, then the product in focus. */
export function resolveProducts(state: DialogueState, reference: Reference): ShownProduct[] {
  const picked = resolveReference(reference, state.shown);
  if (picked.length > 0) return picked;
  if (state.focus !== undefined && (reference.pronoun || reference.nameWords.length === 0))
    return [state.focus];
  const first = state.shown[0];
  if (reference.positions.length === 0 && first !== undefined) {
    // One product shown, or "it" with nothing named: the first (only) one.
    if (state.shown.length === 1 || (reference.pronoun && reference.nameWords.length === 0)) return [first];
  }
  return [];
}

/** Why a reference found nothing, in words. */
export function unresolved(state: DialogueState, reference: Reference): string {
  const count = state.shown.length;
  if (reference.positions.length > 0 && count > 0) {
    return `I only showed ${count} product${count === 1 ? '' : 's'}. Which one do you mean?`;
  }
  return 'Which product do you mean? Tell me its number in the list or its name.';
}

/** The same input without its undefined fields. */
export function dropUndefined(input: Json): Json {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
