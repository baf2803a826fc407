import type { AdaptiveLimitOptions } from './adaptive-limit.js';
import { DEFAULT_GATE } from './concurrency-gate.js';
import { DEFAULT_RATE_LIMITS, type RateLimitRules, type RateRule } from './identity-limits.js';
import type { WaitingRoomOptions } from './room-options.js';

/** Everything admission can be tuned with; `loadAdmissionOptions` fills the defaults. */
export interface AdmissionOptions {
  /** False turns every admission check off (benchmarks compare with and without). */
  readonly enabled: boolean;
  readonly rateLimits: RateLimitRules;
  readonly limit: Partial<AdaptiveLimitOptions>;
  /** Fraction of the concurrency limit each of checkout, claims and browsing may fill. */
  readonly shares: readonly number[];
  readonly assistantShare: number;
  /** Event-loop delay (ms, mean over the sample) above which claims and lower classes are shed. */
  readonly maxEventLoopDelayMs: number;
  readonly room: Partial<WaitingRoomOptions>;
  /** Base of the `Retry-After` given to shed requests, before jitter. */
  readonly shedRetryMs: number;
  /**
   * A claim whose ticket the room expects to admit within this many milliseconds waits for its
   * admission instead of being answered 428 (0 turns holding off).
   */
  readonly holdMs: number;
  /** Claims held at once on this node at most; beyond it they are answered 428 at once. */
  readonly maxHeld: number;
  /** How long a checkout waits in line for a slot of the full pool before it is shed (0: never waits). */
  readonly checkoutWaitMs: number;
  /** Checkouts waiting in line at once at most; the next is shed at once. */
  readonly maxCheckoutsWaiting: number;
}

/** Environment variables read (all optional): see docs/retry-contract.md and docs/benchmarks.md. */
export function loadAdmissionOptions(
  env: NodeJS.ProcessEnv,
  overrides: Partial<AdmissionOptions> = {},
): AdmissionOptions {
  const limits = parseRateLimits(env.RUSHCART_RATE_LIMITS);
  const options: AdmissionOptions = {
    enabled: env.RUSHCART_ADMISSION !== 'off',
    rateLimits: limits,
    limit: {
      ...optionalNumber('initialLimit', env.RUSHCART_CONCURRENCY_INITIAL),
      ...optionalNumber('maxLimit', env.RUSHCART_CONCURRENCY_MAX),
      ...optionalNumber('minLimit', env.RUSHCART_CONCURRENCY_MIN),
    },
    shares: [1, 0.8, 0.65],
    assistantShare: 0.25,
    maxEventLoopDelayMs: positive(env.RUSHCART_MAX_EVENT_LOOP_DELAY_MS) ?? 200,
    room: {
      ...optionalNumber('minEngageRate', env.RUSHCART_ROOM_MIN_ENGAGE_RATE),
      ...optionalNumber('admittedTtlMs', env.RUSHCART_ROOM_ADMITTED_TTL_MS),
      ...optionalNumber('minAdmitRate', env.RUSHCART_ROOM_MIN_ADMIT_RATE),
      ...optionalNumber('maxUtilization', env.RUSHCART_ROOM_MAX_UTILIZATION),
      ...optionalNumber('slowClaimMs', env.RUSHCART_ROOM_SLOW_CLAIM_MS),
      ...(env.RUSHCART_ROOM_ADMIT_WINDOW === '0'
        ? { admitWindow: 0 }
        : optionalNumber('admitWindow', env.RUSHCART_ROOM_ADMIT_WINDOW)),
    },
    shedRetryMs: positive(env.RUSHCART_SHED_RETRY_MS) ?? 2000,
    holdMs: env.RUSHCART_ROOM_HOLD_MS === '0' ? 0 : (positive(env.RUSHCART_ROOM_HOLD_MS) ?? 2000),
    maxHeld: env.RUSHCART_ROOM_MAX_HELD === '0' ? 0 : (positive(env.RUSHCART_ROOM_MAX_HELD) ?? 10_000),
    checkoutWaitMs:
      env.RUSHCART_CHECKOUT_WAIT_MS === '0'
        ? 0
        : (positive(env.RUSHCART_CHECKOUT_WAIT_MS) ?? DEFAULT_GATE.checkoutWaitMs),
    maxCheckoutsWaiting: positive(env.RUSHCART_CHECKOUT_MAX_WAITING) ?? DEFAULT_GATE.maxWaiting,
  };
  return { ...options, ...overrides };
}

/**
 * `RUSHCART_RATE_LIMITS` is JSON merged over the defaults, e.g.
 * `{"ip":{"points":100000,"durationSeconds":1},"shopper":{"claim":{"points":3,"durationSeconds":10}}}`.
 */
function parseRateLimits(text: string | undefined): RateLimitRules {
  if (text === undefined || text === '') return DEFAULT_RATE_LIMITS;
  const parsed = JSON.parse(text) as Partial<{
    ip: RateRule;
    device: RateRule;
    sessionsPerIp: RateRule;
    shopper: Partial<RateLimitRules['shopper']>;
  }>;
  const rule = (given: RateRule | undefined, fallback: RateRule): RateRule => {
    if (given === undefined) return fallback;
    if (!(Number.isInteger(given.points) && given.points > 0 && given.durationSeconds > 0)) {
      throw new Error(`RUSHCART_RATE_LIMITS: bad rule ${JSON.stringify(given)}`);
    }
    return { points: given.points, durationSeconds: given.durationSeconds };
  };
  const shopper = { ...DEFAULT_RATE_LIMITS.shopper };
  for (const [bucket, fallback] of Object.entries(DEFAULT_RATE_LIMITS.shopper)) {
    const key = bucket as keyof RateLimitRules['shopper'];
    shopper[key] = rule(parsed.shopper?.[key], fallback);
  }
  return {
    ip: rule(parsed.ip, DEFAULT_RATE_LIMITS.ip),
    device: rule(parsed.device, DEFAULT_RATE_LIMITS.device),
    sessionsPerIp: rule(parsed.sessionsPerIp, DEFAULT_RATE_LIMITS.sessionsPerIp),
    shopper,
  };
}

function positive(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!(number > 0)) throw new Error(`expected a positive number, got "${value}"`);
  return number;
}

function optionalNumber<K extends string>(key: K, value: string | undefined): Partial<Record<K, number>> {
  const number = positive(value);
  return number === undefined ? {} : ({ [key]: number } as Record<K, number>);
}
