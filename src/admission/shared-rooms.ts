import type { Redis } from 'ioredis';
import type { RoomMode } from './room-options.js';

/** What one node's room tells the others about itself (by campaign and room epoch). */
export interface RoomState {
  /** Every place up to this one is admitted. */
  readonly admittedThrough: number;
  /** Places admitted per second: how a place's wait is estimated on another node. */
  readonly pace: number;
  readonly exhausted: boolean;
}

/** How a node checks a place another node's room gave. */
export type ForeignPlace =
  | { readonly kind: 'admitted' }
  | { readonly kind: 'waiting'; readonly position: number; readonly etaMs: number }
  | { readonly kind: 'exhausted' }
  /** The issuing room is gone or forgotten, or Redis cannot say. */
  | { readonly kind: 'unknown' };

/**
 * The waiting rooms of all nodes as one, through Redis: each node publishes its engaged rooms'
 * admission, so a ticket one node issued is judged on any other (no sticky sessions), and every
 * use of a ticket is taken once across all nodes (`SET NX`). Positions stay in each node's FIFO;
 * a load balancer spreading arrivals evenly makes their union close to one FIFO.
 *
 * Without Redis, or while it fails, a node knows only its own room: a foreign ticket is then
 * `unknown` and its shopper is given a place in this node's room (it waits again; nothing is
 * issued that the claim path's budget does not allow, so degrading never over-issues).
 */
export interface SharedRooms {
  publish(campaignId: string, epoch: string, state: RoomState): void;
  /** Where a place of another node's room stands (cached for `cacheMs`). */
  lookup(campaignId: string, epoch: string, sequence: number, now: number): Promise<ForeignPlace>;
  /**
   * Takes a place's one use for this idempotency key across all nodes: true when this key holds
   * it (the first use, or a retry of the same claim); false when another key used it, or when
   * Redis cannot say for a foreign place (`strict`).
   */
  use(campaignId: string, epoch: string, sequence: number, key: string, strict: boolean): Promise<boolean>;
  /** Gives a place's use back (its claim was refused for capacity). */
  unuse(campaignId: string, epoch: string, sequence: number, key: string): Promise<void>;
  /** Records the merchant's room mode of a campaign for every node. */
  setMode(campaignId: string, mode: RoomMode): Promise<void>;
  /**
   * The room modes the merchant set for these campaigns ('auto' where none is set); undefined
   * when Redis cannot say.
   */
  modes(campaignIds: readonly string[]): Promise<ReadonlyMap<string, RoomMode> | undefined>;
  /** Redis errors answered by degrading to this node's own view. */
  readonly errors: number;
}

/** How long a published state lives without a refresh, and how long a use is remembered (s). */
const STATE_TTL_SECONDS = 180;
const USE_TTL_SECONDS = 2 * 60 * 60;
const MODE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Shared rooms over Redis; `prefix` keeps deployments (and test runs) apart. */
export function createSharedRooms(redis: Redis, prefix = 'rushcart:room', cacheMs = 100): SharedRooms {
  const cache = new Map<string, { at: number; state: RoomState | undefined }>();
  let errors = 0;
  const stateKey = (campaignId: string, epoch: string) => `${prefix}:state:${campaignId}:${epoch}`;
  const placeUseKey = (campaignId: string, epoch: string, sequence: number) =>
    `${prefix}:use:${campaignId}:${epoch}:${sequence}`;

  const read = async (campaignId: string, epoch: string, now: number): Promise<RoomState | undefined> => {
    const key = stateKey(campaignId, epoch);
    const cached = cache.get(key);
    if (cached !== undefined && now - cached.at < cacheMs) return cached.state;
    const raw = await redis.get(key);
    const state = raw === null ? undefined : parseState(raw);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { at: now, state });
    return state;
  };

  return {
    publish(campaignId, epoch, state) {
      redis.set(stateKey(campaignId, epoch), JSON.stringify(state), 'EX', STATE_TTL_SECONDS).catch(() => {
        errors += 1;
      });
    },
    async lookup(campaignId, epoch, sequence, now) {
      try {
        const state = await read(campaignId, epoch, now);
        if (state === undefined) return { kind: 'unknown' };
        if (state.exhausted) return { kind: 'exhausted' };
        if (sequence <= state.admittedThrough) return { kind: 'admitted' };
        const position = sequence - state.admittedThrough;
        return { kind: 'waiting', position, etaMs: (position * 1000) / Math.max(1, state.pace) };
      } catch {
        errors += 1;
        return { kind: 'unknown' };
      }
    },
    async use(campaignId, epoch, sequence, key, strict) {
      const name = placeUseKey(campaignId, epoch, sequence);
      try {
        const taken = await redis.set(name, key, 'EX', USE_TTL_SECONDS, 'NX');
        if (taken === 'OK') return true;
        return (await redis.get(name)) === key;
      } catch {
        errors += 1;
        // The issuing node keeps its own record of uses; another node cannot check without Redis.
        return !strict;
      }
    },
    async unuse(campaignId, epoch, sequence, key) {
      const name = placeUseKey(campaignId, epoch, sequence);
      try {
        if ((await redis.get(name)) === key) await redis.del(name);
      } catch {
        errors += 1;
      }
    },
    async setMode(campaignId, mode) {
      try {
        // 'auto' is the default: only a forced mode is kept, for a week.
        if (mode === 'auto') await redis.del(`${prefix}:mode:${campaignId}`);
        else await redis.set(`${prefix}:mode:${campaignId}`, mode, 'EX', MODE_TTL_SECONDS);
      } catch {
        errors += 1;
      }
    },
    async modes(campaignIds) {
      if (campaignIds.length === 0) return new Map();
      try {
        const values = await redis.mget(...campaignIds.map((id) => `${prefix}:mode:${id}`));
        return new Map(
          campaignIds.map((id, index) => {
            const mode = values[index];
            return [id, mode === 'on' || mode === 'off' ? mode : 'auto'] as const;
          }),
        );
      } catch {
        errors += 1;
        return undefined;
      }
    },
    get errors() {
      return errors;
    },
  };
}

function parseState(raw: string): RoomState | undefined {
  try {
    const value = JSON.parse(raw) as Partial<RoomState>;
    if (typeof value.admittedThrough !== 'number' || typeof value.pace !== 'number') return undefined;
    return { admittedThrough: value.admittedThrough, pace: value.pace, exhausted: value.exhausted === true };
  } catch {
    return undefined;
  }
}
