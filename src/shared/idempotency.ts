import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { AppError } from './app-error.js';
import { canonicalJson } from './canonical-json.js';

/** The answer an idempotent request produced, as stored and replayed. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

/** What `begin` found for a key; `new` comes with the owner token of the lease just taken. */
export type IdempotencyBegin =
  | { readonly kind: 'new'; readonly owner: string }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'in_flight'; readonly retryAfterSeconds: number };

/**
 * Where idempotency records live: the same database as the effects, so both commit together. An
 * in-flight record is leased to one owner (the token `begin` returned); the owner renews the lease
 * while its request runs, and only the owner completes or abandons the record. A lease that ran
 * out (its owner crashed or stalled) is taken over by the next request with the key.
 */
export interface IdempotencyStore {
  /** How long a lease lasts unless renewed. */
  readonly leaseMs: number;
  begin(scope: string, key: string, requestHash: string): Promise<IdempotencyBegin>;
  /** Extends the owner's lease; false when the record is no longer in flight under this owner. */
  renew(scope: string, key: string, owner: string): Promise<boolean>;
  /**
   * Records the final answer of a key still in flight under `owner` (a finished record is never
   * overwritten); pass the effect's transaction so the two commit atomically. False when the
   * owner lost the record: nothing was written.
   */
  complete(
    scope: string,
    key: string,
    owner: string,
    response: StoredResponse,
    executor?: Kysely<Database>,
  ): Promise<boolean>;
  /** Forgets the owner's in-flight key whose request failed with a server error, so a retry can run. */
  abandon(scope: string, key: string, owner: string): Promise<void>;
}

/** A new owner token for a lease. */
export function newLeaseOwner(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Thrown inside the effect's transaction when the request lost its key's lease (it ran past the
 * lease without renewing and a retry took it over): the transaction rolls back, so the retry's
 * answer is the only one recorded and the effect commits once.
 */
class LeaseLost extends Error {
  constructor() {
    super('the idempotency lease was taken over by another request');
  }
}

/** Records the response inside the caller's transaction. */
export type CommitResponse = (executor: Kysely<Database>, response: StoredResponse) => Promise<void>;

/** The outcome of running a request idempotently. */
export interface IdempotentResult extends StoredResponse {
  readonly replayed: boolean;
}

const MAX_KEY_LENGTH = 255;

/**
 * Runs `effect` at most once per (scope, key), following the Agentic Commerce Protocol rules:
 * a missing key is refused; the same key and body replay the first answer; the same key with
 * another body is a conflict; a key still in flight asks the caller to retry. The effect should
 * call `commit` inside its final transaction; client errors (4xx) are stored, server errors are not.
 */
export async function runIdempotent(
  store: IdempotencyStore,
  request: { scope: string; key: string | undefined; body: unknown },
  effect: (commit: CommitResponse) => Promise<StoredResponse>,
): Promise<IdempotentResult> {
  const key = checkKey(request.key);
  const begun = await store.begin(request.scope, key, hashRequest(request.body));
  switch (begun.kind) {
    case 'replay':
      return { ...begun.response, replayed: true };
    case 'conflict':
      throw new AppError('IDEMPOTENCY_CONFLICT');
    case 'in_flight':
      throw new AppError('IDEMPOTENCY_IN_FLIGHT', undefined, {
        retryAfterSeconds: begun.retryAfterSeconds,
      });
    case 'new':
      break;
  }
  const { owner } = begun;
  let committed = false;
  const commit: CommitResponse = async (executor, response) => {
    if (!(await store.complete(request.scope, key, owner, response, executor))) throw new LeaseLost();
    committed = true;
  };
  // Renewed at a third of the lease, so a slow request (a slow payment provider) keeps its key and
  // a retry meanwhile hears "in flight" instead of running the effect a second time.
  const renewal = setInterval(
    () => {
      store.renew(request.scope, key, owner).catch(() => undefined);
    },
    Math.max(10, Math.floor(store.leaseMs / 3)),
  );
  renewal.unref();
  try {
    const response = await effect(commit);
    if (!committed) throw new Error('an idempotent effect must commit its response');
    return { ...response, replayed: false };
  } catch (error) {
    if (error instanceof LeaseLost) {
      throw new AppError('IDEMPOTENCY_IN_FLIGHT', undefined, { retryAfterSeconds: 1 });
    }
    // `commit` may have run inside a transaction that then rolled back, so whether the record is
    // done is the store's to say: both calls below touch only a record still in flight and ours.
    if (error instanceof AppError && error.status < 500) {
      // A client error is an answer too: the same request must get it again, not run again.
      const response = { status: error.status, body: errorResponseBody(error) };
      await store.complete(request.scope, key, owner, response);
      throw error;
    }
    await store.abandon(request.scope, key, owner);
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

function errorResponseBody(error: AppError): unknown {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}
