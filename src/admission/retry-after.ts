/** A jittered retry hint: whole seconds for the `Retry-After` header and milliseconds for the body. */
export interface RetryHint {
  readonly seconds: number;
  readonly ms: number;
}

/**
 * Spreads a retry hint around `baseMs` by up to `jitter` (a fraction, 0.5 = plus or minus 50%) so
 * that a crowd told to come back does not return in the same millisecond. The header value is the
 * millisecond hint rounded up to whole seconds (HTTP allows only integers), never below 1.
 */
export function jitteredRetry(baseMs: number, jitter = 0.5, random: () => number = Math.random): RetryHint {
  const spread = baseMs * jitter;
  const ms = Math.max(50, Math.round(baseMs - spread + random() * 2 * spread));
  return { seconds: Math.max(1, Math.ceil(ms / 1000)), ms };
}

/**
 * When a queued shopper should poll again: just after the room expects to admit them (`etaMs`,
 * their position over the admission rate), between 0.5 and 30 s, jittered by 10% either way
 * around 105% of the wait. Most shoppers then poll once and find themselves admitted; if the rate
 * fell meanwhile, the next hint is the (short) rest of the wait. Positions already spread the
 * crowd over the wait; the jitter spreads shoppers who joined in the same instant.
 * The hint is what keeps polls proportional to joins: at three quarters of the wait (the earlier
 * rule) a shopper polled about four times, and at ten times capacity the polls were most of the
 * server's work (docs/benchmarks.md).
 */
export function pollHintMs(etaMs: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, Math.max(500, etaMs * 1.05));
  return jitteredRetry(base, 0.1, random).ms;
}

/** When to poll and when to claim again for a queued place (both 0 once admitted). */
export function queueHints(
  standing: { readonly admitted: boolean; readonly etaMs: number },
  holdMs: number,
): { pollAfterMs: number; claimAfterMs: number } {
  if (standing.admitted) return { pollAfterMs: 0, claimAfterMs: 0 };
  return { pollAfterMs: pollHintMs(standing.etaMs), claimAfterMs: claimHintMs(standing.etaMs, holdMs) };
}

/**
 * When a queued shopper should claim with their ticket: half a hold before the room expects to
 * admit them (the server holds a claim that close and answers it the moment it is admitted), at
 * least 250 ms and at most 30 s, jittered by 10%. With holding off (`holdMs` 0) it is the poll hint.
 */
export function claimHintMs(etaMs: number, holdMs: number, random: () => number = Math.random): number {
  if (holdMs <= 0) return pollHintMs(etaMs, random);
  const base = Math.min(30_000, Math.max(250, etaMs - holdMs / 2));
  return jitteredRetry(base, 0.1, random).ms;
}
