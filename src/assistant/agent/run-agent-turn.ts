import type { LanguageModelV3 } from '@ai-sdk/provider';
import { generateText, type ModelMessage, type StopCondition, stepCountIs, type ToolSet } from 'ai';
import { createTools } from '../tools/create-tools.js';
import type { TurnContext } from '../tools/turn-context.js';

/** A tool call of this turn with its result, as the service streams and stores it. */
export interface TurnToolEvent {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
  readonly output: unknown;
}

/** What one run of the loop produced. */
export interface AgentTurnResult {
  readonly text: string;
  /** The messages of this turn after the user message: tool calls, results and the reply. */
  readonly responseMessages: ModelMessage[];
  readonly toolEvents: TurnToolEvent[];
  readonly tokens: number;
  readonly stoppedForConfirmation: boolean;
}

/** Options of one agent turn. */
export interface AgentTurnOptions {
  readonly model: LanguageModelV3;
  readonly system: string;
  /** Earlier turns plus this turn's user message (and, after a fallback, the steps already done). */
  readonly messages: ModelMessage[];
  readonly context: TurnContext;
  readonly maxSteps: number;
  readonly abortSignal?: AbortSignal | undefined;
  /** Called after each finished step, with its tool events (for streaming). */
  readonly onStep?: ((events: TurnToolEvent[], messagesSoFar: ModelMessage[]) => void) | undefined;
}

/** Stops the loop as soon as a tool asked for the shopper's confirmation. */
export const stopOnConfirmation: StopCondition<ToolSet> = ({ steps }) =>
  steps.at(-1)?.toolResults.some((result) => isConfirmationRequest(result.output)) ?? false;

function isConfirmationRequest(output: unknown): boolean {
  return (
    typeof output === 'object' &&
    output !== null &&
    (output as { needsConfirmation?: unknown }).needsConfirmation === true
  );
}

/**
 * Runs the tool-calling loop of one turn on the AI SDK: at most `maxSteps` steps, ending early when
 * a confirmation-needed tool answered. Throws when the model fails (the router then falls back).
 */
export async function runAgentTurn(options: AgentTurnOptions): Promise<AgentTurnResult> {
  const toolEvents: TurnToolEvent[] = [];
  const result = await generateText({
    model: options.model,
    system: options.system,
    messages: options.messages,
    tools: createTools(options.context),
    stopWhen: [stepCountIs(options.maxSteps), stopOnConfirmation],
    maxRetries: 0,
    abortSignal: options.abortSignal,
    onStepFinish: (step) => {
      const events = step.toolCalls.map((call) => ({
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input: call.input,
        output: step.toolResults.find((item) => item.toolCallId === call.toolCallId)?.output,
      }));
      toolEvents.push(...events);
      options.onStep?.(events, step.response.messages);
    },
  });
  const stoppedForConfirmation = result.steps.some((step) =>
    step.toolResults.some((item) => isConfirmationRequest(item.output)),
  );
  return {
    text: result.text,
    responseMessages: result.response.messages,
    toolEvents,
    tokens: (result.totalUsage.inputTokens ?? 0) + (result.totalUsage.outputTokens ?? 0),
    stoppedForConfirmation,
  };
}
