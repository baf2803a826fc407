import {
  type IdempotencyBegin,
  type IdempotencyStore,
  type IdempotentAnswer,
  type KeyAnswer,
  newLeaseOwner,
} from '../../shared/idempotency.js';

interface KeyRecord {
  readonly requestHash: string;
  state: 'in_flight' | 'done';
  answer: IdempotentAnswer | undefined;
  lockedUntil: number;
  owner: string;
}

/** Idempotency records in memory, for a memory store that writes a key's answer with its effect. */
export interface MemoryIdempotencyStore extends IdempotencyStore {
  /** True when `answer` would be written now: its key is in flight under its owner. */
  holds(answer: KeyAnswer): boolean;
  /** Writes the answer of a key `holds` said is ours, in the same synchronous step as the effect. */
  completeNow(answer: KeyAnswer): boolean;
}

/**
 * The idempotency port in one process's memory: the SQL store's rules (a lease per owner, taken
 * over once it runs out; only the owner completes or abandons) with nothing kept across restarts.
 * Each call runs without yielding, so it is atomic against every other call.
 */
export function createMemoryIdempotencyStore(
  now: () => number = Date.now,
  leaseMs = 30_000,
): MemoryIdempotencyStore {
  const records = new Map<string, KeyRecord>();
  const id = (scope: string, key: string) => `${scope}\n${key}`;
  const held = (answer: KeyAnswer) => {
    const record = records.get(id(answer.scope, answer.key));
    return record !== undefined && record.state === 'in_flight' && record.owner === answer.owner
      ? record
      : undefined;
  };

  const completeNow = (answer: KeyAnswer): boolean => {
    const record = held(answer);
    if (record === undefined) return false;
    record.state = 'done';
    record.answer = answer.answer;
    return true;
  };

  return {
    leaseMs,

    async begin(scope, key, requestHash): Promise<IdempotencyBegin> {
      const at = now();
      const existing = records.get(id(scope, key));
      if (existing === undefined) {
        const owner = newLeaseOwner();
        records.set(id(scope, key), {
          requestHash,
          state: 'in_flight',
          answer: undefined,
          lockedUntil: at + leaseMs,
          owner,
        });
        return { kind: 'new', owner };
      }
      if (existing.requestHash !== requestHash) return { kind: 'conflict' };
      if (existing.state === 'done') return { kind: 'replay', answer: existing.answer as IdempotentAnswer };
      if (existing.lockedUntil > at) {
        return {
          kind: 'in_flight',
          retryAfterSeconds: Math.max(1, Math.ceil((existing.lockedUntil - at) / 1000)),
        };
      }
      existing.owner = newLeaseOwner();
      existing.lockedUntil = at + leaseMs;
      return { kind: 'new', owner: existing.owner };
    },

    async renew(scope, key, owner) {
      const record = held({ scope, key, owner, answer: { ok: true, value: undefined } });
      if (record === undefined) return false;
      record.lockedUntil = now() + leaseMs;
      return true;
    },

    complete: async (answer) => completeNow(answer),
    holds: (answer) => held(answer) !== undefined,
    completeNow,

    async abandon(scope, key, owner) {
      if (held({ scope, key, owner, answer: { ok: true, value: undefined } }) !== undefined) {
        records.delete(id(scope, key));
      }
    },
  };
}
