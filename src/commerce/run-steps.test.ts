import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSteps, type Step, type StepsReport } from './run-steps.js';

function recordingSteps(count: number, failAt: number | undefined, log: string[]): Step<object>[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `s${index}`,
    async run() {
      if (index === failAt) throw new Error(`boom ${index}`);
      log.push(`run s${index}`);
    },
    async compensate() {
      log.push(`undo s${index}`);
    },
  }));
}

describe('runSteps', () => {
  it('runs every step in order when none fails', async () => {
    const log: string[] = [];
    let report: StepsReport | undefined;
    await runSteps(recordingSteps(3, undefined, log), {}, (value) => {
      report = value;
    });
    expect(log).toEqual(['run s0', 'run s1', 'run s2']);
    expect(report?.failedStep).toBeUndefined();
  });

  it('compensates completed steps in reverse and rethrows the failing step error', async () => {
    const log: string[] = [];
    await expect(runSteps(recordingSteps(4, 2, log), {})).rejects.toThrow('boom 2');
    expect(log).toEqual(['run s0', 'run s1', 'undo s1', 'undo s0']);
  });

  it('keeps compensating when one compensation fails, and reports it', async () => {
    const log: string[] = [];
    let report: StepsReport | undefined;
    const steps: Step<object>[] = [
      { name: 'a', run: async () => void log.push('run a'), compensate: async () => void log.push('undo a') },
      {
        name: 'b',
        run: async () => void log.push('run b'),
        compensate: async () => {
          throw new Error('undo b failed');
        },
      },
      { name: 'c', run: async () => Promise.reject(new Error('c failed')) },
    ];
    await expect(runSteps(steps, {}, (value) => (report = value))).rejects.toThrow('c failed');
    expect(log).toEqual(['run a', 'run b', 'undo a']);
    expect(report?.compensated).toEqual(['a']);
    expect(report?.compensationFailures.map((failure) => failure.step)).toEqual(['b']);
  });

  it('compensates exactly the completed steps, in reverse, for any failing position', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.option(fc.nat(9)), async (count, failAt) => {
        const log: string[] = [];
        const failing = failAt !== null && failAt < count ? failAt : undefined;
        const outcome = runSteps(recordingSteps(count, failing, log), {});
        if (failing === undefined) {
          await outcome;
          expect(log.filter((entry) => entry.startsWith('undo'))).toEqual([]);
          return;
        }
        await expect(outcome).rejects.toThrow();
        const expectedUndo = Array.from({ length: failing }, (_, index) => `undo s${failing - 1 - index}`);
        expect(log.filter((entry) => entry.startsWith('undo'))).toEqual(expectedUndo);
      }),
    );
  });
});
