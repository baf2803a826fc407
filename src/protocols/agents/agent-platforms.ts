import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consumeLimit, makeLimiter, type RateRule, type RateVerdict } from '../../admission/index.js';
import { AppError } from '../../shared/app-error.js';
import { newId, newSecret } from '../../shared/ids.js';
import type { Money } from '../../shared/money.js';

/** An outside agent platform the merchant lets shop: its own key, rate limit and standing. */
export interface AgentPlatform {
  readonly id: string;
  readonly name: string;
  /** The key's last four characters, to tell keys apart; the key itself is never kept. */
  readonly keyHint: string;
  readonly status: 'active' | 'suspended';
  /** Requests of this platform, over all the shoppers it acts for. */
  readonly rate: RateRule;
  /** The most its orders may total in a UTC day (orders not cancelled); none when undefined. */
  readonly dailyBudget: Money | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where platforms are kept; the key only as its hash. */
export interface AgentPlatformStore {
  insert(platform: AgentPlatform, keyHash: string): Promise<void>;
  list(): Promise<AgentPlatform[]>;
  find(id: string): Promise<AgentPlatform | undefined>;
  findByKeyHash(keyHash: string): Promise<AgentPlatform | undefined>;
  update(id: string, patch: AgentPatch, now: number): Promise<boolean>;
  /** The shopper an agent's buyer shops as, if the agent opened a session for them before. */
  buyerShopper(agentId: string, buyerRef: string): Promise<string | undefined>;
  /** Binds a buyer to a shopper unless another request bound them first; answers the bound shopper. */
  bindBuyer(agentId: string, buyerRef: string, shopperId: string, now: number): Promise<string>;
}

/** What the merchant may change of a platform; a `dailyBudget` of null removes the budget. */
export interface AgentPatch {
  readonly name?: string;
  readonly status?: AgentPlatform['status'];
  readonly rate?: RateRule;
  readonly dailyBudget?: Money | null;
}

/** The rate limit a platform gets unless the merchant sets another. */
export const DEFAULT_AGENT_RATE: RateRule = { points: 1000, durationSeconds: 10 };
/** How long a key's lookup is trusted before the store is asked again (a suspension takes this long). */
const LOOKUP_TTL_MS = 5_000;

const KEY_PREFIX = 'rk_agent_';
/** How far a signed request's Timestamp may be from now. */
const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/** The hash a key is kept and looked up by. */
export function hashAgentKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The agent platforms of one deployment: registration (the key is shown once), the lookup of a
 * request's `X-API-Key`, and each platform's own rate limit, in Redis when configured so that every
 * node counts the same requests.
 */
export function createAgentPlatforms(deps: {
  readonly store: AgentPlatformStore;
  readonly redis?: Redis | undefined;
  /** The server secret each platform's signing secret is derived from (never stored itself). */
  readonly secret: string;
  readonly now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  /** A platform's signing secret: derived from the server secret and its id, so none is kept at rest. */
  const signingSecret = (agentId: string) =>
    createHmac('sha256', deps.secret).update(`rushcart agent signing:${agentId}`).digest('base64url');
  const lookups = new Map<string, { platform: AgentPlatform | undefined; at: number }>();
  const limiters = new Map<string, RateLimiterAbstract>();

  function limiterOf(platform: AgentPlatform): RateLimiterAbstract {
    const name = `agent-platform:${platform.id}:${platform.rate.points}/${platform.rate.durationSeconds}`;
    let limiter = limiters.get(name);
    if (limiter === undefined) {
      limiter = makeLimiter(name, platform.rate, deps.redis);
      limiters.set(name, limiter);
    }
    return limiter;
  }

  return {
    /** Registers a platform; answers it and its key, which is shown this once. */
    async register(input: {
      name: string;
      rate?: RateRule;
      dailyBudget?: Money;
    }): Promise<{ platform: AgentPlatform; key: string; signingSecret: string }> {
      const key = `${KEY_PREFIX}${newSecret(32)}`;
      const at = now();
      const platform: AgentPlatform = {
        id: newId('agt'),
        name: input.name,
        keyHint: key.slice(-4),
        status: 'active',
        rate: input.rate ?? DEFAULT_AGENT_RATE,
        dailyBudget: input.dailyBudget,
        createdAt: at,
        updatedAt: at,
      };
      await deps.store.insert(platform, hashAgentKey(key));
      return { platform, key, signingSecret: signingSecret(platform.id) };
    },

    list: () => deps.store.list(),
    find: (id: string) => deps.store.find(id),

    /** Renames, suspends, reactivates, re-limits or re-budgets a platform. */
    async update(id: string, patch: AgentPatch): Promise<AgentPlatform> {
      if (!(await deps.store.update(id, patch, now())))
        throw new AppError('AGENT_NOT_FOUND', 'No agent platform has that id.');
      lookups.clear();
      const platform = await deps.store.find(id);
      if (platform === undefined) throw new AppError('AGENT_NOT_FOUND', 'No agent platform has that id.');
      return platform;
    },

    /**
     * The shopper an agent's buyer shops as: the one bound to that reference, or a new guest
     * shopper (made by `create`) bound to it now. Two first requests for one buyer end on one shopper.
     */
    async buyerShopper(
      agentId: string,
      buyerRef: string,
      create: () => Promise<string>,
    ): Promise<{ shopperId: string; created: boolean }> {
      const known = await deps.store.buyerShopper(agentId, buyerRef);
      if (known !== undefined) return { shopperId: known, created: false };
      const fresh = await create();
      const bound = await deps.store.bindBuyer(agentId, buyerRef, fresh, now());
      return { shopperId: bound, created: bound === fresh };
    },

    /** The active platform a key names; refuses an unknown key and a suspended platform. */
    async authenticate(key: string): Promise<AgentPlatform> {
      const hash = hashAgentKey(key);
      const cached = lookups.get(hash);
      let platform: AgentPlatform | undefined;
      if (cached !== undefined && cached.at > now() - LOOKUP_TTL_MS) {
        platform = cached.platform;
      } else {
        platform = key.startsWith(KEY_PREFIX) ? await deps.store.findByKeyHash(hash) : undefined;
        if (lookups.size > 10_000) lookups.clear();
        lookups.set(hash, { platform, at: now() });
      }
      if (platform === undefined) throw new AppError('AGENT_KEY_INVALID');
      if (platform.status !== 'active') throw new AppError('AGENT_SUSPENDED');
      return platform;
    },

    /**
     * Checks a signed request: `Signature` is the base64 HMAC-SHA256, keyed with the platform's
     * signing secret, of `<Timestamp>.<raw body>`, and `Timestamp` (RFC 3339) is within five minutes
     * of now. Throws SIGNATURE_INVALID for anything else.
     */
    verifySignature(agentId: string, signature: string, timestamp: string | undefined, body: string): void {
      const at = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
      if (Number.isNaN(at) || Math.abs(now() - at) > SIGNATURE_WINDOW_MS) {
        throw new AppError(
          'SIGNATURE_INVALID',
          'Send a Timestamp (RFC 3339) within five minutes of now with the Signature.',
        );
      }
      const expected = createHmac('sha256', signingSecret(agentId)).update(`${timestamp}.${body}`).digest();
      const given = Buffer.from(signature.trim(), 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new AppError('SIGNATURE_INVALID');
    },

    /** One request of the platform against its own limit (a store failure lets it through). */
    checkRate: (platform: AgentPlatform): Promise<RateVerdict> =>
      consumeLimit(limiterOf(platform), platform.id),
  };
}

/** The agent platforms of one deployment. */
export type AgentPlatforms = ReturnType<typeof createAgentPlatforms>;
