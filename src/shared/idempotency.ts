import { createHash, randomBytes } from 'node:crypto';
import { AppError } from './app-error.js';
import { canonicalJson } from './canonical-json.js';
import { type ErrorCode, isRefusal } from './error-catalog.js';

/** A refusal as a key's record keeps it, to be raised again when the key is replayed. */
export interface StoredRefusal {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/**
 * What the first run of a key came to, as stored and replayed: the value it answered, or the
 * refusal it raised (a decline, a coupon gone: the same request gets the same refusal, it does not
 * run again). Plain data: the transport decides what status either one is sent with.
 */
export type IdempotentAnswer<T = unknown> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly refusal: StoredRefusal };

/** What `begin` found for a key; `new` comes with the owner token of the lease just taken. */
export type IdempotencyBegin =
  | { readonly kind: 'new'; readonly owner: string }
  | { readonly kind: 'replay'; readonly answer: IdempotentAnswer }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'in_flight'; readonly retryAfterSeconds: number };

/** A key's record as one request holds it. */
export interface HeldKey {
  readonly scope: string;
  readonly key: string;
  readonly owner: string;
}

/** The final answer of a held key, as a store writes it (in the effect's own transaction, if it has one). */
export interface KeyAnswer<T = unknown> extends HeldKey {
  readonly answer: IdempotentAnswer<T>;
}

/**
 * Where idempotency records live: the same database as the effects, so a store can write a key's
 * answer in the transaction of the effect. An in-flight record is leased to one owner (the token
 * `begin` returned); the owner renews the lease while its request runs, and only the owner
 * completes or abandons the record. A lease that ran out (its owner crashed or stalled) is taken
 * over by the next request with the key.
 */
export interface IdempotencyStore {
  /** How long a lease lasts unless renewed. */
  readonly leaseMs: number;
  begin(scope: string, key: string, requestHash: string): Promise<IdempotencyBegin>;
  /** Extends the owner's lease; false when the record is no longer in flight under this owner. */
  renew(scope: string, key: string, owner: string): Promise<boolean>;
  /**
   * Records the final answer of a key still in flight under its owner (a finished record is never
   * overwritten). False when the owner lost the record: nothing was written.
   */
  complete(answer: KeyAnswer): Promise<boolean>;
  /** Forgets the owner's in-flight key whose request failed on our side, so a retry can run. */
  abandon(scope: string, key: string, owner: string): Promise<void>;
}

/** A new owner token for a lease. */
export function newLeaseOwner(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Thrown when the request lost its key's lease (it ran past the lease without renewing and a retry
 * took it over). A store that writes the answer in the effect's transaction throws it there, so the
 * transaction rolls back and the retry's answer is the only one recorded: the effect commits once.
 */
export class KeyLeaseLost extends Error {
  constructor() {
    super('the idempotency lease was taken over by another request');
  }
}

/**
 * The key as the effect holds it. An effect with a final transaction of its own passes
 * `answerWith(value)` to the store that writes it there, so effect and answer commit together;
 * the runner then writes nothing more. Otherwise the runner records the value the effect returns.
 */
export interface KeyInHand extends HeldKey {
  answerWith<T>(value: T): KeyAnswer<T>;
}

/** The value a request answered, and whether it is the replay of an earlier run of its key. */
export interface Idempotent<T> {
  readonly value: T;
  readonly replayed: boolean;
}

const MAX_KEY_LENGTH = 255;

/**
 * Runs `effect` at most once per (scope, key), following the Agentic Commerce Protocol rules:
 * a missing key is refused; the same key and body replay the first answer (a stored refusal is
 * raised again, marked `replayed`); the same key with another body is a conflict; a key still in
 * flight asks the caller to retry. Refusals are stored; failures on our side (and refusals that ask
 * for a retry) are not, so a retry runs again.
 */
export async function runIdempotent<T>(
  store: IdempotencyStore,
  request: { scope: string; key: string | undefined; body: unknown },
  effect: (key: KeyInHand) => Promise<T>,
): Promise<Idempotent<T>> {
  const key = checkKey(request.key);
  const begun = await store.begin(request.scope, key, hashRequest(request.body));
  switch (begun.kind) {
    case 'replay':
      if (begun.answer.ok) return { value: begun.answer.value as T, replayed: true };
      throw replayedRefusal(begun.answer.refusal);
    case 'conflict':
      throw new AppError('IDEMPOTENCY_CONFLICT');
    case 'in_flight':
      throw new AppError('IDEMPOTENCY_IN_FLIGHT', undefined, {
        retryAfterSeconds: begun.retryAfterSeconds,
      });
    case 'new':
      break;
  }
  const held: HeldKey = { scope: request.scope, key, owner: begun.owner };
  let answered = false;
  const inHand: KeyInHand = {
    ...held,
    answerWith(value) {
      answered = true;
      return { ...held, answer: { ok: true, value } };
    },
  };
  // Renewed at a third of the lease, so a slow request (a slow payment provider) keeps its key and
  // a retry meanwhile hears "in flight" instead of running the effect a second time.
  const renewal = setInterval(
    () => {
      store.renew(held.scope, held.key, held.owner).catch(() => undefined);
    },
    Math.max(10, Math.floor(store.leaseMs / 3)),
  );
  renewal.unref();
  try {
    const value = await effect(inHand);
    if (!answered && !(await store.complete({ ...held, answer: { ok: true, value } }))) {
      throw new KeyLeaseLost();
    }
    return { value, replayed: false };
  } catch (error) {
    if (error instanceof KeyLeaseLost) {
      throw new AppError('IDEMPOTENCY_IN_FLIGHT', undefined, { retryAfterSeconds: 1 });
    }
    // `answerWith` may have gone to a transaction that then rolled back, so whether the record is
    // done is the store's to say: both calls below touch only a record still in flight and ours.
    if (
      error instanceof AppError &&
      isRefusal(error.code) &&
      error.details?.retryAfterSeconds === undefined
    ) {
      await store.complete({ ...held, answer: { ok: false, refusal: refusalOf(error) } });
      throw error;
    }
    await store.abandon(held.scope, held.key, held.owner);
    throw error;
  } finally {
    clearInterval(renewal);
  }
}

/** A stable hash of a request body: keys sorted so that field order does not matter. */
export function hashRequest(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('base64url');
}

function checkKey(key: string | undefined): string {
  if (key === undefined || key.trim() === '') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  if (key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters without spaces.`,
    );
  }
  return key;
}

function refusalOf(error: AppError): StoredRefusal {
  return {
    code: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}

function replayedRefusal(refusal: StoredRefusal): AppError {
  return new AppError(refusal.code, refusal.message, refusal.details, { replayed: true });
}
