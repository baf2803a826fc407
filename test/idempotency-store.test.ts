import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../src/shared/app-error.js';
import {
  hashRequest,
  type IdempotencyStore,
  type KeyAnswer,
  type KeyInHand,
  KeyLeaseLost,
  runIdempotent,
} from '../src/shared/idempotency.js';
import type { Db } from '../src/storage/dialect.js';
import type { Database } from '../src/storage/schema.js';
import { completeKey, createSqlIdempotencyStore } from '../src/storage/sql/idempotency-store.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`idempotency store on ${store.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    let clock = 1_000_000;
    let idempotency: IdempotencyStore & { purgeExpired(): Promise<number> };

    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
      idempotency = createSqlIdempotencyStore(db, () => clock);
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });

    /** What a store does in the effect's transaction: writes the key's answer, or rolls back. */
    async function answerIn(transaction: Kysely<Database>, answer: KeyAnswer): Promise<void> {
      if (!(await completeKey(transaction, answer))) throw new KeyLeaseLost();
    }

    /** An effect that counts how often it ran and commits its answer in a transaction. */
    function countingEffect<T>(counter: { runs: number }, value: T) {
      return async (key: KeyInHand): Promise<T> => {
        counter.runs += 1;
        await db.kysely.transaction().execute((transaction) => answerIn(transaction, key.answerWith(value)));
        return value;
      };
    }

    it('runs the effect once and replays the first answer for the same key and body', async () => {
      const counter = { runs: 0 };
      const request = { scope: 'shp_a:POST /x', key: 'key-1', body: { a: 1, b: [1, 2] } };
      const first = await runIdempotent(idempotency, request, countingEffect(counter, { id: 1 }));
      const second = await runIdempotent(
        idempotency,
        { ...request, body: { b: [1, 2], a: 1 } },
        countingEffect(counter, { id: 2 }),
      );
      expect(first).toEqual({ value: { id: 1 }, replayed: false });
      expect(second).toEqual({ value: { id: 1 }, replayed: true });
      expect(counter.runs).toBe(1);
    });

    it('refuses a missing key, a reused key with another body, and a key still in flight', async () => {
      const counter = { runs: 0 };
      await expect(
        runIdempotent(idempotency, { scope: 's', key: undefined, body: {} }, countingEffect(counter, 1)),
      ).rejects.toSatisfy((error) => isAppError(error, 'IDEMPOTENCY_KEY_REQUIRED'));

      await runIdempotent(idempotency, { scope: 's', key: 'k2', body: { n: 1 } }, countingEffect(counter, 1));
      await expect(
        runIdempotent(idempotency, { scope: 's', key: 'k2', body: { n: 2 } }, countingEffect(counter, 2)),
      ).rejects.toSatisfy((error) => isAppError(error, 'IDEMPOTENCY_CONFLICT'));

      let release: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => {
        release = resolve;
      });
      // Answered by the runner after it, as effects without a transaction of their own are.
      const slow = runIdempotent(idempotency, { scope: 's', key: 'k3', body: {} }, async () => {
        await blocked;
        return 'slow';
      });
      await expect(
        runIdempotent(idempotency, { scope: 's', key: 'k3', body: {} }, countingEffect(counter, 3)),
      ).rejects.toSatisfy(
        (error) =>
          isAppError(error, 'IDEMPOTENCY_IN_FLIGHT') && typeof error.details?.retryAfterSeconds === 'number',
      );
      release();
      expect((await slow).value).toBe('slow');
      expect(counter.runs).toBe(1);
    });

    it('keeps keys apart per scope', async () => {
      const counter = { runs: 0 };
      await runIdempotent(
        idempotency,
        { scope: 'shp_a', key: 'same', body: {} },
        countingEffect(counter, 'a'),
      );
      const other = await runIdempotent(
        idempotency,
        { scope: 'shp_b', key: 'same', body: {} },
        countingEffect(counter, 'b'),
      );
      expect(other.replayed).toBe(false);
      expect(counter.runs).toBe(2);
    });

    it('stores refusals, and raises them again marked replayed, but not failures', async () => {
      const declined = () =>
        runIdempotent(idempotency, { scope: 's', key: 'declined', body: {} }, async () => {
          throw new AppError('PAYMENT_DECLINED');
        });
      await expect(declined()).rejects.toSatisfy((error) => isAppError(error, 'PAYMENT_DECLINED'));
      const replay = runIdempotent(idempotency, { scope: 's', key: 'declined', body: {} }, async () => {
        throw new Error('must not run again');
      });
      await expect(replay).rejects.toMatchObject({ code: 'PAYMENT_DECLINED', replayed: true });

      let attempts = 0;
      const flaky = () =>
        runIdempotent(idempotency, { scope: 's', key: 'flaky', body: {} }, async () => {
          attempts += 1;
          if (attempts === 1) throw new Error('provider timed out');
          return 'ok';
        });
      await expect(flaky()).rejects.toThrow('provider timed out');
      expect((await flaky()).value).toBe('ok');
      expect(attempts).toBe(2);

      // A refusal that asks for a retry is not an answer either.
      let busy = true;
      const retryLater = () =>
        runIdempotent(idempotency, { scope: 's', key: 'retry-later', body: {} }, async () => {
          if (busy) throw new AppError('CHECKOUT_IN_PROGRESS', undefined, { retryAfterSeconds: 1 });
          return 'ran';
        });
      await expect(retryLater()).rejects.toMatchObject({ code: 'CHECKOUT_IN_PROGRESS', replayed: false });
      busy = false;
      expect(await retryLater()).toEqual({ value: 'ran', replayed: false });
    });

    it('frees the key when the transaction that recorded the answer rolls back', async () => {
      const rolledBack = () =>
        runIdempotent(idempotency, { scope: 's', key: 'rolled-back', body: {} }, async (key) => {
          await db.kysely.transaction().execute(async (transaction) => {
            await answerIn(transaction, key.answerWith('never'));
            throw new Error('commit failed');
          });
          return 'never';
        });
      await expect(rolledBack()).rejects.toThrow('commit failed');
      const counter = { runs: 0 };
      const retry = await runIdempotent(
        idempotency,
        { scope: 's', key: 'rolled-back', body: {} },
        countingEffect(counter, 'ok'),
      );
      expect(retry).toEqual({ value: 'ok', replayed: false });
    });

    it('never overwrites a finished answer with a later error', async () => {
      const counter = { runs: 0 };
      const afterCommit = () =>
        runIdempotent(idempotency, { scope: 's', key: 'after-commit', body: {} }, async (key) => {
          await countingEffect(counter, 'paid')(key);
          throw new AppError('PAYMENT_DECLINED');
        });
      await expect(afterCommit()).rejects.toSatisfy((error) => isAppError(error, 'PAYMENT_DECLINED'));
      const replay = await runIdempotent(
        idempotency,
        { scope: 's', key: 'after-commit', body: {} },
        countingEffect(counter, 'again'),
      );
      expect(replay).toEqual({ value: 'paid', replayed: true });
    });

    it('lets a retry take over a key whose owner crashed, once its lease ran out', async () => {
      expect((await idempotency.begin('s', 'crashed', 'h')).kind).toBe('new');
      expect((await idempotency.begin('s', 'crashed', 'h')).kind).toBe('in_flight');
      clock += idempotency.leaseMs + 1_000;
      expect((await idempotency.begin('s', 'crashed', 'h')).kind).toBe('new');
      expect((await idempotency.begin('s', 'crashed', 'h')).kind).toBe('in_flight');
    });

    it('renews the lease while a slow request runs, so a retry meanwhile does not run it again', async () => {
      // Real time: a 300 ms lease renewed every 100 ms, and a request that takes 900 ms.
      const leased = createSqlIdempotencyStore(db, Date.now, 300);
      const counter = { runs: 0 };
      const request = { scope: 'lease', key: 'slow', body: {} };
      const slow = runIdempotent(leased, request, async (key) => {
        counter.runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 900));
        await db.kysely.transaction().execute((transaction) => answerIn(transaction, key.answerWith('once')));
        return 'once';
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await expect(runIdempotent(leased, request, countingEffect(counter, 'twice'))).rejects.toSatisfy(
        (error) => isAppError(error, 'IDEMPOTENCY_IN_FLIGHT'),
      );
      expect(await slow).toEqual({ value: 'once', replayed: false });
      expect(counter.runs).toBe(1);
    });

    it("a request whose lease was taken over can neither record its answer nor delete the new owner's record", async () => {
      const first = await idempotency.begin('s', 'taken', 'h');
      if (first.kind !== 'new') throw new Error('expected a new key');
      clock += idempotency.leaseMs + 1;
      const second = await idempotency.begin('s', 'taken', 'h');
      if (second.kind !== 'new') throw new Error('expected the lease to be taken over');
      expect(second.owner).not.toBe(first.owner);
      // The stalled first owner wakes up: its renewal, answer and abandon all miss.
      expect(await idempotency.renew('s', 'taken', first.owner)).toBe(false);
      const answer = (owner: string, value: string): KeyAnswer => ({
        scope: 's',
        key: 'taken',
        owner,
        answer: { ok: true, value },
      });
      expect(await idempotency.complete(answer(first.owner, 'stale'))).toBe(false);
      await idempotency.abandon('s', 'taken', first.owner);
      expect((await idempotency.begin('s', 'taken', 'h')).kind).toBe('in_flight');
      expect(await idempotency.complete(answer(second.owner, 'fresh'))).toBe(true);
      expect(await idempotency.begin('s', 'taken', 'h')).toEqual({
        kind: 'replay',
        answer: { ok: true, value: 'fresh' },
      });
    });

    it('rolls back the effect of a request that lost its lease, and answers it "in flight"', async () => {
      let effectWrote = false;
      await expect(
        runIdempotent(idempotency, { scope: 's', key: 'lost', body: {} }, async (key) => {
          // A retry takes the key over while this request stalls past its lease.
          clock += idempotency.leaseMs + 1;
          expect((await idempotency.begin('s', 'lost', hashRequest({}))).kind).toBe('new');
          await db.kysely.transaction().execute(async (transaction) => {
            effectWrote = true;
            await answerIn(transaction, key.answerWith('stale'));
          });
          return 'stale';
        }),
      ).rejects.toSatisfy((error) => isAppError(error, 'IDEMPOTENCY_IN_FLIGHT'));
      expect(effectWrote).toBe(true);
      // The new owner's record is untouched: still in flight, not the stale answer.
      expect((await idempotency.begin('s', 'lost', hashRequest({}))).kind).toBe('in_flight');
    });

    it('keeps finished keys for 24 hours, then purges them', async () => {
      const counter = { runs: 0 };
      await runIdempotent(idempotency, { scope: 'p', key: 'old', body: {} }, countingEffect(counter, 1));
      clock += 23 * 60 * 60 * 1000;
      await idempotency.purgeExpired();
      expect((await idempotency.begin('p', 'old', hashRequest({}))).kind).toBe('replay');
      clock += 2 * 60 * 60 * 1000;
      expect(await idempotency.purgeExpired()).toBeGreaterThan(0);
    });
  });
}
