/// <reference lib="webworker" />
import { solveChallenge } from 'altcha-lib/v1';

/** A proof-of-work challenge as the claim route answers it (ALTCHA v1). */
interface Challenge {
  readonly algorithm: string;
  readonly challenge: string;
  readonly maxnumber: number;
  readonly salt: string;
  readonly signature: string;
}

/** Numbers tried between two progress reports. */
const CHUNK = 5000;

// Solves off the page's thread, in chunks, so the page can show how far it got.
self.onmessage = async (event: MessageEvent<Challenge>) => {
  const challenge = event.data;
  const started = performance.now();
  for (let start = 0; start <= challenge.maxnumber; start += CHUNK) {
    const end = Math.min(challenge.maxnumber, start + CHUNK - 1);
    const found = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, end, start)
      .promise;
    if (found !== null) {
      const payload = {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: found.number,
        salt: challenge.salt,
        signature: challenge.signature,
        took: Math.round(performance.now() - started),
      };
      self.postMessage({ kind: 'solved', payload: btoa(JSON.stringify(payload)) });
      return;
    }
    self.postMessage({ kind: 'progress', share: end / challenge.maxnumber });
  }
  self.postMessage({ kind: 'failed' });
};
