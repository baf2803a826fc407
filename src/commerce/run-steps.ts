/** One step of a money flow: what it does, and how to undo it once it has done it. */
export interface Step<State> {
  readonly name: string;
  run(state: State): Promise<void>;
  /** Undoes `run`; called only for steps whose `run` completed, in reverse order. */
  compensate?(state: State): Promise<void>;
}

/** A compensation that itself failed; the flow's own error is still the one rethrown. */
export interface CompensationFailure {
  readonly step: string;
  readonly error: unknown;
}

/** The error a failed flow rethrows is the failing step's error; these notes say what happened on the way. */
export interface StepsReport {
  readonly completed: readonly string[];
  readonly failedStep: string | undefined;
  readonly compensated: readonly string[];
  readonly compensationFailures: readonly CompensationFailure[];
}

/**
 * Runs steps in order over a shared state. When a step throws, every step that completed runs its
 * compensation in reverse order (each attempted even if an earlier one fails), then the original
 * error is rethrown. `onReport` sees what ran, for logs and tests.
 */
export async function runSteps<State>(
  steps: readonly Step<State>[],
  state: State,
  onReport?: (report: StepsReport) => void,
): Promise<void> {
  const completed: Step<State>[] = [];
  for (const step of steps) {
    try {
      await step.run(state);
    } catch (error) {
      const compensated: string[] = [];
      const compensationFailures: CompensationFailure[] = [];
      for (const done of [...completed].reverse()) {
        if (done.compensate === undefined) continue;
        try {
          await done.compensate(state);
          compensated.push(done.name);
        } catch (compensationError) {
          compensationFailures.push({ step: done.name, error: compensationError });
        }
      }
      onReport?.({
        completed: completed.map((item) => item.name),
        failedStep: step.name,
        compensated,
        compensationFailures,
      });
      throw error;
    }
    completed.push(step);
  }
  onReport?.({
    completed: completed.map((item) => item.name),
    failedStep: undefined,
    compensated: [],
    compensationFailures: [],
  });
}
