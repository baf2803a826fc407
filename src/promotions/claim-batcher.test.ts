import { describe, expect, it } from 'vitest';
import type { ClaimBatchStore, ClaimRequest } from './claim-batch.js';
import { ClaimBatcher } from './claim-batcher.js';

/** A store that records each batch it is sent and answers `exhausted` for every request. */
function recordingStore() {
  const batches: string[][] = [];
  const store: ClaimBatchStore = {
    claimBatch: async (_campaignId, requests) => {
      batches.push(requests.map((request) => request.shopperId));
      return {
        outcomes: requests.map(() => ({ kind: 'exhausted' as const })),
        claimed: 0,
        budgetClaims: 0,
      };
    },
  };
  return { store, batches };
}

const request = (shopperId: string): ClaimRequest => ({
  shopperId,
  idempotencyKey: `key-${shopperId}`,
  requestHash: 'hash',
});

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // A long event-loop turn: no setImmediate callback can run meanwhile.
  }
};

describe('ClaimBatcher', () => {
  const options = () => ({ now: 0, expiresAt: undefined });

  it('sends the claims of one event-loop turn as one batch', async () => {
    const { store, batches } = recordingStore();
    const batcher = new ClaimBatcher(store, options, () => undefined);
    const answers = ['a', 'b', 'c'].map((shopper) => batcher.submit('c1', request(shopper)));
    expect(batches).toEqual([]);
    await Promise.all(answers);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('sends a batch whose turn never ends from the next claim, not from its timer', async () => {
    const { store, batches } = recordingStore();
    const batcher = new ClaimBatcher(store, options, () => undefined, { maxStallMs: 20 });
    const first = batcher.submit('c1', request('a'));
    // The turn goes on (libuv reading a thousand sockets): the batch's setImmediate cannot run.
    busyFor(10);
    const second = batcher.submit('c1', request('b'));
    expect(batches).toEqual([]);
    busyFor(30);
    const third = batcher.submit('c1', request('c'));
    // Sent by the third claim, synchronously, with everything that had waited.
    expect(batches).toEqual([['a', 'b', 'c']]);
    await Promise.all([first, second, third]);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('settles every claim of a failed batch with its error, and none with an outcome', async () => {
    const failing: ClaimBatchStore = {
      claimBatch: async () => {
        throw new Error('disk full');
      },
    };
    const batcher = new ClaimBatcher(failing, options, () => undefined);
    const answers = ['a', 'b'].map((shopper) => batcher.submit('c1', request(shopper)));
    for (const answer of answers) await expect(answer).rejects.toThrow('disk full');
  });
});
