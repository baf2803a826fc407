import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { isLoopback } from '../shared/loopback.js';
import type { RateBucket } from './priority-classes.js';

/** A token bucket: `points` requests per `durationSeconds`. */
export interface RateRule {
  readonly points: number;
  readonly durationSeconds: number;
}

/** Rate limits per identity. IP and device limits span all routes; shopper limits are per bucket. */
export interface RateLimitRules {
  readonly ip: RateRule;
  readonly device: RateRule;
  /** New sessions per IP (the only shopper-less write). */
  readonly sessionsPerIp: RateRule;
  readonly shopper: Readonly<Record<Exclude<RateBucket, 'session'>, RateRule>>;
}

/**
 * Defaults for a public deployment. IP limits are generous because many shoppers share carrier
 * NAT addresses; devices and shoppers are the tight ones.
 */
export const DEFAULT_RATE_LIMITS: RateLimitRules = {
  ip: { points: 2000, durationSeconds: 1 },
  device: { points: 100, durationSeconds: 1 },
  sessionsPerIp: { points: 100, durationSeconds: 1 },
  shopper: {
    checkout: { points: 20, durationSeconds: 10 },
    claim: { points: 20, durationSeconds: 10 },
    queue: { points: 20, durationSeconds: 10 },
    browse: { points: 200, durationSeconds: 2 },
    assistant: { points: 30, durationSeconds: 60 },
    agent: { points: 100, durationSeconds: 10 },
  },
};

/** The verdict of one rate-limit check: allowed, or how long until the identity may try again. */
export type RateVerdict = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

const ALLOWED: RateVerdict = { ok: true };

/** Checks identities against the rules, in memory on one node or in Redis shared by all nodes. */
export interface IdentityLimits {
  /** IP and device limits, checked before the body is read. */
  checkEdge(ip: string, deviceId: string | undefined, bucket: RateBucket): Promise<RateVerdict>;
  /** The authenticated shopper's limit for one bucket. */
  checkShopper(shopperId: string, bucket: RateBucket): Promise<RateVerdict>;
  /** Errors of the backing store that were answered by failing open (counted, never a 5xx). */
  readonly storeErrors: number;
}

/**
 * One token bucket, in memory, or in Redis (shared by every node) with an in-memory insurance
 * limiter, so a Redis outage degrades to per-node limits instead of failing requests.
 */
export function makeLimiter(
  name: string,
  rule: RateRule,
  redis: Redis | undefined,
  prefix = 'rushcart:rl',
): RateLimiterAbstract {
  const memory = new RateLimiterMemory({
    points: rule.points,
    duration: rule.durationSeconds,
    keyPrefix: name,
  });
  if (redis === undefined) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    points: rule.points,
    duration: rule.durationSeconds,
    keyPrefix: `${prefix}:${name}`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/**
 * One request against a limiter: allowed, or how long until the key may try again. A store
 * failure is not the client's fault and must not become a 5xx: it is let through and counted.
 */
export async function consumeLimit(
  limiter: RateLimiterAbstract,
  key: string,
  onStoreError: () => void = () => undefined,
): Promise<RateVerdict> {
  try {
    await limiter.consume(key);
    return ALLOWED;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterMs: rejection.msBeforeNext };
    onStoreError();
    return ALLOWED;
  }
}

/** Builds the limiters, in Redis when given (see `makeLimiter`). */
export function createIdentityLimits(
  rules: RateLimitRules,
  redis?: Redis,
  prefix = 'rushcart:rl',
): IdentityLimits {
  const make = (name: string, rule: RateRule) => makeLimiter(name, rule, redis, prefix);
  const ip = make('ip', rules.ip);
  const device = make('device', rules.device);
  const sessions = make('session-ip', rules.sessionsPerIp);
  const shopper = new Map<RateBucket, RateLimiterAbstract>();
  for (const [bucket, rule] of Object.entries(rules.shopper)) {
    shopper.set(bucket as RateBucket, make(`shopper-${bucket}`, rule));
  }

  let storeErrors = 0;
  const consume = (limiter: RateLimiterAbstract, key: string): Promise<RateVerdict> =>
    consumeLimit(limiter, key, () => {
      storeErrors += 1;
    });

  return {
    async checkEdge(address, deviceId, bucket) {
      // Loopback (a local proxy, an operator's tooling) is not limited; devices and shoppers are.
      const byIp = isLoopback(address)
        ? ALLOWED
        : await consume(bucket === 'session' ? sessions : ip, address);
      if (!byIp.ok || deviceId === undefined) return byIp;
      return consume(device, deviceId);
    },
    async checkShopper(shopperId, bucket) {
      const limiter = shopper.get(bucket);
      return limiter === undefined ? ALLOWED : consume(limiter, shopperId);
    },
    get storeErrors() {
      return storeErrors;
    },
  };
}
