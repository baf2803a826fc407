/** What the waiting room's admission rate is tuned from: one tuning interval's readings. */
export interface TuningReadings {
  /** The current admission rate (places per second). */
  readonly rate: number;
  /** Admitted claims answered in the interval, those slow beyond the loop's delay, and sheds. */
  readonly claims: number;
  readonly slow: number;
  readonly sheds: number;
  /** Claims completed per second over whole seconds. */
  readonly completed: number;
  /** The most claims recently completed in a second by this room, and by the node. */
  readonly peakCompletions: number;
  readonly nodePeak: number;
  /** Shoppers wait for admission. */
  readonly waiting: boolean;
  /** The node's event loop: share of time busy (0..1) and mean delay (ms). */
  readonly utilization: number;
  readonly loopDelayMs: number;
}

/** The limits the verdict keeps to (`WaitingRoomOptions`). */
export interface TuningLimits {
  readonly maxUtilization: number;
  readonly maxLoopDelayMs: number;
}

/**
 * The admission rate for the next interval, before clamping to the room's bounds. Pure.
 *
 * - 15% fewer when over 5% of the interval's admitted claims were shed or slow (slow means
 *   beyond what the loop's delay explains), never below half the room's recent peak.
 * - Hold with nobody waiting, or with a loop more than four times its delay limit behind.
 * - On a node with room to spare, 15% more, up to twice the most the node recently completed
 *   (the admitted claim when they come back, and must not all come back to a node that never
 *   served that many).
 * - On a busy node, 15% more only while the admitted claims complete (at least 75% of the rate),
 *   and never above 1.25 times what completes (each coupon leads to checkouts the rate does not
 *   see). A busy loop alone is no reason to admit fewer: under a crowd the refusals and browsing
 *   keep it busy, and braking on it held the room at a tenth of the node's capacity.
 */
export function tunedRate(readings: TuningReadings, limits: TuningLimits): number {
  const { rate, claims, slow, sheds, completed } = readings;
  const answered = claims + sheds;
  if (answered >= 5 && slow + sheds > 0.05 * answered)
    return Math.max(rate * 0.85, readings.peakCompletions * 0.5);
  if (!readings.waiting || readings.loopDelayMs > 4 * limits.maxLoopDelayMs) return rate;
  if (readings.utilization <= limits.maxUtilization) {
    const ceiling = 2 * Math.max(completed, readings.nodePeak) + 10;
    return Math.max(rate, Math.min(rate * 1.15 + 1, ceiling));
  }
  if (completed >= 0.75 * rate) return Math.min(rate * 1.15 + 1, completed * 1.25 + 1);
  return rate;
}

/**
 * The rate an engaging room starts from: what the claim path completed in the last whole second
 * or the node recently sustained, or half of what it completed in the open second (extrapolated
 * from a fraction of a second, a batch's burst reads high, and all of it let a wave of checkouts
 * in); with nothing completed, half of what arrives. Pure; the brake corrects a start too high.
 */
export function startRate(readings: {
  readonly completedWholeSeconds: number;
  readonly completedOpenSecond: number;
  readonly peakCompletions: number;
  readonly nodePeak: number;
  readonly arrivals: number;
}): number {
  const completed = Math.max(
    readings.completedWholeSeconds,
    readings.completedOpenSecond * 0.5,
    readings.peakCompletions * 0.9,
    readings.nodePeak * 0.9,
  );
  return completed > 0 ? completed : 0.5 * readings.arrivals;
}
