import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from './concurrency-gate.js';
import { PriorityClass } from './priority-classes.js';

describe('ConcurrencyGate', () => {
  it('sheds browsing first, then claims, and still admits checkout into the reserved share', () => {
    const gate = new ConcurrencyGate({ limit: { initialLimit: 100, minLimit: 1 } });
    let browse = 0;
    while (gate.tryAcquire(PriorityClass.browse)) browse++;
    expect(browse).toBe(65);
    let claims = 0;
    while (gate.tryAcquire(PriorityClass.claim)) claims++;
    expect(claims).toBe(15);
    expect(gate.tryAcquire(PriorityClass.browse)).toBe(false);
    let checkouts = 0;
    while (gate.tryAcquire(PriorityClass.checkout)) checkouts++;
    expect(checkouts).toBe(20);
    expect(gate.tryAcquire(PriorityClass.claim)).toBe(false);
    gate.release(PriorityClass.browse, 0);
    expect(gate.tryAcquire(PriorityClass.browse)).toBe(false);
    expect(gate.tryAcquire(PriorityClass.checkout)).toBe(true);
  });

  it('keeps assistant turns in their own pool', () => {
    const gate = new ConcurrencyGate({ limit: { initialLimit: 40, minLimit: 1 } });
    let turns = 0;
    while (gate.tryAcquire(PriorityClass.assistant)) turns++;
    expect(turns).toBe(10);
    expect(gate.inflight).toBe(0);
    expect(gate.tryAcquire(PriorityClass.claim)).toBe(true);
  });

  it('never lets in-flight counts go negative on extra releases', () => {
    const gate = new ConcurrencyGate();
    gate.release(PriorityClass.claim, 0, 1);
    expect(gate.inflight).toBe(0);
    expect(gate.inflightOf(PriorityClass.claim)).toBe(0);
  });

  it('lowers the limit when measured latency climbs, shedding more', () => {
    const gate = new ConcurrencyGate({ limit: { initialLimit: 100 } });
    let now = 0;
    const feed = (count: number, latencyMs: number) => {
      for (let index = 0; index < count; index++) {
        now += 5;
        gate.tryAcquire(PriorityClass.claim);
        gate.release(PriorityClass.claim, now, latencyMs, 90);
      }
    };
    feed(200, 2);
    const before = gate.limiter.limit;
    feed(400, 60);
    expect(gate.limiter.limit).toBeLessThan(before / 2);
  });

  describe('the checkout line', () => {
    const full = (waitMs = 1000, maxWaiting = 3) => {
      const gate = new ConcurrencyGate({
        limit: { initialLimit: 2, minLimit: 2, maxLimit: 2 },
        checkoutWaitMs: waitMs,
        maxWaiting,
      });
      expect(gate.acquire(PriorityClass.checkout, 0)).toBe(true);
      expect(gate.acquire(PriorityClass.checkout, 0)).toBe(true);
      return gate;
    };

    it('hands freed slots to waiting checkouts in the order they came, before any other class', async () => {
      const gate = full();
      const granted: string[] = [];
      const first = gate.acquire(PriorityClass.checkout, 1) as Promise<boolean>;
      const second = gate.acquire(PriorityClass.checkout, 2) as Promise<boolean>;
      void first.then((ok) => ok && granted.push('first'));
      void second.then((ok) => ok && granted.push('second'));
      expect(gate.waiting).toBe(2);
      gate.release(PriorityClass.checkout, 10);
      // The slot went to the line: a claim finds the pool full, a new checkout queues behind.
      expect(gate.tryAcquire(PriorityClass.claim)).toBe(false);
      expect(gate.acquire(PriorityClass.checkout, 11)).toBeInstanceOf(Promise);
      gate.release(PriorityClass.checkout, 12);
      await Promise.all([first, second]);
      expect(granted).toEqual(['first', 'second']);
      expect(gate.inflight).toBe(2);
      expect(gate.inflightOf(PriorityClass.checkout)).toBe(2);
      expect(gate.waiting).toBe(1);
    });

    it('refuses a checkout when the line is full, and those whose wait ran out', async () => {
      const gate = full(1000, 2);
      const early = gate.acquire(PriorityClass.checkout, 0) as Promise<boolean>;
      const late = gate.acquire(PriorityClass.checkout, 500) as Promise<boolean>;
      expect(gate.acquire(PriorityClass.checkout, 600)).toBe(false);
      gate.expire(999);
      expect(gate.waiting).toBe(2);
      gate.expire(1000);
      expect(await early).toBe(false);
      expect(gate.waiting).toBe(1);
      gate.release(PriorityClass.checkout, 1200);
      expect(await late).toBe(true);
      expect(gate.inflight).toBe(2);
    });

    it('sheds at once when waiting is off, and never makes other classes wait', () => {
      const off = full(0);
      expect(off.acquire(PriorityClass.checkout, 0)).toBe(false);
      const gate = full();
      expect(gate.acquire(PriorityClass.browse, 0)).toBe(false);
      expect(gate.acquire(PriorityClass.claim, 0)).toBe(false);
      expect(gate.waiting).toBe(0);
    });
  });
});
