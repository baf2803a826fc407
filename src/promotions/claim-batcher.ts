import type {
  ClaimBatchOptions,
  ClaimBatchResult,
  ClaimBatchStore,
  ClaimOutcome,
  ClaimRequest,
} from './claim-batch.js';

/** How a batcher gathers requests. */
export interface ClaimBatcherOptions {
  /** Most requests in one store transaction (default 512). */
  readonly maxBatch?: number;
  /**
   * Longest a request waits for company before its batch is sent (default 0: the end of the
   * current event-loop turn, so everything that arrived together goes together, and a lone
   * caller pays no timer). Under load batches grow anyway while the previous one is in flight.
   */
  readonly maxWaitMs?: number;
  /**
   * A batch whose timer has not fired this long after it was set (ms, default 50) is sent by the
   * next claim that arrives: with over 1,024 readable sockets libuv reads events for seconds
   * before `setImmediate` callbacks run, and claims kept arriving while none was sent.
   */
  readonly maxStallMs?: number;
}

/** Called after a batch committed, before any of its callers is answered. */
export type BatchCommitted = (
  campaignId: string,
  requests: readonly ClaimRequest[],
  result: ClaimBatchResult,
  durationMs: number,
) => void;

interface Waiting {
  readonly request: ClaimRequest;
  resolve(outcome: ClaimOutcome): void;
  reject(error: unknown): void;
}

interface CampaignQueue {
  waiting: Waiting[];
  timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  /** When `timer` was set (performance.now()). */
  timerSetAt: number;
  flushing: boolean;
}

/**
 * Gathers claims per campaign for at most `maxWaitMs` or `maxBatch` requests and sends each
 * group to the store as ONE transaction. At most one batch per campaign is in flight on a node;
 * requests that arrive meanwhile form the next batch, so batches grow with load instead of
 * queueing on the campaign row lock. Every promise settles only after its batch committed.
 */
export class ClaimBatcher {
  private readonly queues = new Map<string, CampaignQueue>();
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxStallMs: number;

  constructor(
    private readonly store: ClaimBatchStore,
    private readonly batchOptions: (campaignId: string) => ClaimBatchOptions,
    private readonly onCommitted: BatchCommitted,
    options: ClaimBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 512;
    this.maxWaitMs = options.maxWaitMs ?? 0;
    this.maxStallMs = options.maxStallMs ?? 50;
  }

  /** Queues one claim; resolves with its outcome once its batch has committed. */
  submit(campaignId: string, request: ClaimRequest): Promise<ClaimOutcome> {
    let queue = this.queues.get(campaignId);
    if (queue === undefined) {
      queue = { waiting: [], timer: undefined, timerSetAt: 0, flushing: false };
      this.queues.set(campaignId, queue);
    }
    const target = queue;
    const promise = new Promise<ClaimOutcome>((resolve, reject) => {
      target.waiting.push({ request, resolve, reject });
    });
    if (target.flushing) return promise;
    if (target.waiting.length >= this.maxBatch) {
      this.flush(campaignId, target);
    } else if (target.timer === undefined) {
      const flush = () => this.flush(campaignId, target);
      target.timer = this.maxWaitMs > 0 ? setTimeout(flush, this.maxWaitMs) : setImmediate(flush);
      target.timerSetAt = performance.now();
    } else if (performance.now() - target.timerSetAt > this.maxWaitMs + this.maxStallMs) {
      this.flush(campaignId, target);
    }
    return promise;
  }

  /** Requests waiting or in flight, over all campaigns. */
  get pending(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.waiting.length;
    return count;
  }

  private flush(campaignId: string, queue: CampaignQueue): void {
    if (queue.timer !== undefined) {
      if ('hasRef' in queue.timer && 'refresh' in queue.timer) clearTimeout(queue.timer);
      else clearImmediate(queue.timer);
      queue.timer = undefined;
    }
    if (queue.flushing || queue.waiting.length === 0) return;
    const batch = queue.waiting.splice(0, this.maxBatch);
    queue.flushing = true;
    void this.send(campaignId, batch).finally(() => {
      queue.flushing = false;
      // Whoever arrived during the flight has already waited at least one batch: go now.
      if (queue.waiting.length > 0) this.flush(campaignId, queue);
      else if (this.queues.get(campaignId) === queue) this.queues.delete(campaignId);
    });
  }

  private async send(campaignId: string, batch: Waiting[]): Promise<void> {
    const requests = batch.map((waiting) => waiting.request);
    const started = performance.now();
    let result: ClaimBatchResult;
    try {
      result = await this.store.claimBatch(campaignId, requests, this.batchOptions(campaignId));
    } catch (error) {
      // Nothing committed: every caller of this batch gets the error, none a success.
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    try {
      this.onCommitted(campaignId, requests, result, performance.now() - started);
    } catch {
      // Bookkeeping after commit must not withhold answers of claims that are already durable.
    }
    batch.forEach((waiting, index) => {
      const outcome = result.outcomes[index];
      if (outcome === undefined) waiting.reject(new Error('claim batch returned too few outcomes'));
      else waiting.resolve(outcome);
    });
  }
}
