/** A proof-of-work challenge a claim answer carried (CHALLENGE_REQUIRED's `details.challenge`). */
export interface ProofOfWork {
  readonly algorithm: string;
  readonly challenge: string;
  readonly maxnumber: number;
  readonly salt: string;
  readonly signature: string;
}

/** Whether an error's details carry a challenge the storefront can solve. */
export function challengeOf(details: Record<string, unknown>): ProofOfWork | undefined {
  const challenge = details.challenge as Partial<ProofOfWork> | undefined;
  return typeof challenge?.challenge === 'string' &&
    typeof challenge.salt === 'string' &&
    typeof challenge.signature === 'string' &&
    typeof challenge.maxnumber === 'number'
    ? (challenge as ProofOfWork)
    : undefined;
}

/**
 * Solves a challenge in a Web Worker, telling `onProgress` the share of the search done (the
 * solution is found on average halfway), and answers the `X-Rushcart-Challenge` header's value.
 */
export function solveInWorker(challenge: ProofOfWork, onProgress: (share: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ kind: string; payload?: string; share?: number }>) => {
      if (event.data.kind === 'progress') {
        onProgress(event.data.share ?? 0);
        return;
      }
      worker.terminate();
      if (event.data.kind === 'solved' && event.data.payload !== undefined) resolve(event.data.payload);
      else reject(new Error('The check could not be completed.'));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage(challenge);
  });
}
