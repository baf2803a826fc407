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
 * When a queued shopper should poll again: at about three quarters of the remaining wait (so a
 * shopper polls a few times in all, not once a second), a base between 1 and 30 s jittered by
 * 30% either way (0.7 to 39 s).
 * Polls are cheap but a crowd's polls add up; the hint is what keeps them proportional to the
 * number of joins rather than to the queue length times its wait.
 */
export function pollHintMs(etaSeconds: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, Math.max(1000, etaSeconds * 1000 * 0.75));
  return jitteredRetry(base, 0.3, random).ms;
}
