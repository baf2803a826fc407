import { describe, expect, it } from 'vitest';
import { outOfOrderShare } from '../bench/lib/crowd.js';

describe("the flash-crowd bench's fairness figure", () => {
  it('counts a claimant served before someone who arrived more than the tolerance earlier', () => {
    // FIFO: nobody overtakes.
    const fifo = [0, 100, 2000, 4000].map((at) => ({ arrivedAt: at, servedAt: at + 5000 }));
    expect(outOfOrderShare(fifo)).toBe(0);
    // The last arrival is served first, before three who came seconds earlier.
    const jumped = [...fifo.slice(0, 3), { arrivedAt: 4000, servedAt: 1000 }];
    expect(outOfOrderShare(jumped)).toBe(0.25);
    // Within the tolerance (the hints' jitter) it is not out of order.
    const close = [
      { arrivedAt: 0, servedAt: 900 },
      { arrivedAt: 500, servedAt: 600 },
    ];
    expect(outOfOrderShare(close)).toBe(0);
    expect(outOfOrderShare([])).toBeUndefined();
  });
});
