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
});
