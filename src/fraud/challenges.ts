import { createChallenge, extractParams, solveChallenge, verifySolution } from 'altcha-lib/v1';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** A proof-of-work challenge as the client receives it (the ALTCHA v1 format). */
export interface ProofOfWork {
  readonly algorithm: string;
  readonly challenge: string;
  readonly maxnumber: number;
  readonly salt: string;
  readonly signature: string;
}

/** Remembers spent solutions so one solution buys one claim. */
export interface ReplayStore {
  /** True the first time `key` is spent, and again for the same `owner` (a retry); false for any other. */
  spend(key: string, owner: string, ttlMs: number): Promise<boolean>;
}

/** How long a challenge may be solved for. */
const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;

/** Issues and checks ALTCHA challenges bound to one shopper. */
export interface Challenges {
  create(shopperId: string, maxnumber: number): Promise<ProofOfWork>;
  /**
   * True when `payload` (ALTCHA's base64 JSON) solves a challenge this server signed for this
   * shopper, unexpired, and not spent on another claim. A retry of the same claim (`claim`: its
   * campaign and idempotency key) may send the same solution again.
   */
  verify(shopperId: string, payload: string, claim: string): Promise<boolean>;
}

/** Challenges signed with the server's secret; spent solutions in Redis when configured, else memory. */
export function createChallenges(secret: string, replays: ReplayStore): Challenges {
  const hmacKey = `altcha\n${secret}`;
  return {
    async create(shopperId, maxnumber) {
      const challenge = await createChallenge({
        hmacKey,
        maxnumber,
        expires: new Date(Date.now() + CHALLENGE_LIFETIME_MS),
        params: { shopper: shopperId },
      });
      return {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        maxnumber: challenge.maxnumber ?? maxnumber,
        salt: challenge.salt,
        signature: challenge.signature,
      };
    },
    async verify(shopperId, payload, claim) {
      if (payload.length > 2048) return false;
      let params: Record<string, string>;
      try {
        params = extractParams(payload);
        if (params.shopper !== shopperId) return false;
        if (!(await verifySolution(payload, hmacKey, true))) return false;
      } catch {
        return false;
      }
      const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { challenge: string };
      return replays.spend(`altcha:${decoded.challenge}`, `${shopperId}\n${claim}`, CHALLENGE_LIFETIME_MS);
    },
  };
}

/**
 * Solves a challenge with altcha-lib's solver on this thread and answers the
 * `X-Rushcart-Challenge` value: the reference client for scripts, the benchmark and the tests
 * (the storefront does the same in a worker, in chunks, to show progress).
 */
export async function solveProofOfWork(challenge: ProofOfWork): Promise<string> {
  const found = await solveChallenge(
    challenge.challenge,
    challenge.salt,
    challenge.algorithm,
    challenge.maxnumber,
  ).promise;
  if (found === null) throw new Error('the challenge has no solution below its maxnumber');
  const payload = { ...challenge, number: found.number, took: found.took };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

/** Spent solutions in this process (one node). */
export function createMemoryReplayStore(): ReplayStore {
  const spent = new LRUCache<string, string>({ max: 500_000, ttl: CHALLENGE_LIFETIME_MS });
  return {
    async spend(key, owner) {
      const holder = spent.get(key);
      if (holder !== undefined) return holder === owner;
      spent.set(key, owner);
      return true;
    },
  };
}

/** Spent solutions in Redis, so a solution spent on one node is spent on all. */
export function createRedisReplayStore(redis: Redis): ReplayStore {
  return {
    async spend(key, owner, ttlMs) {
      const set = await redis.set(`rushcart:${key}`, owner, 'PX', ttlMs, 'NX');
      if (set === 'OK') return true;
      return (await redis.get(`rushcart:${key}`)) === owner;
    },
  };
}
