import { LRUCache } from 'lru-cache';

/** Keys remembered per counter at most; the least recently touched is dropped first. */
const MAX_KEYS = 200_000;

/**
 * Distinct members seen per key in a sliding window (shoppers per device, per IP, per mailbox),
 * in memory on this node. Each key keeps the time it last saw each member; members older than
 * the window are dropped when the key is next touched, and idle keys expire with the window.
 */
export class DistinctCounter {
  private readonly keys: LRUCache<string, Map<string, number>>;

  constructor(private readonly windowMs: number) {
    this.keys = new LRUCache({ max: MAX_KEYS, ttl: windowMs, updateAgeOnGet: true });
  }

  /** Records `member` under `key` at `now`, and returns how many distinct members the key has in the window. */
  add(key: string, member: string, now: number): number {
    // Set again even when present: that restarts the key's time to live.
    const members = this.keys.get(key) ?? new Map<string, number>();
    this.keys.set(key, members);
    members.delete(member);
    members.set(member, now);
    // Insertion order is time order: the oldest members come first.
    for (const [old, at] of members) {
      if (at > now - this.windowMs) break;
      members.delete(old);
    }
    return members.size;
  }
}

/** Events per key in a sliding window (claims per shopper). */
export class EventCounter {
  private readonly keys: LRUCache<string, number[]>;

  constructor(private readonly windowMs: number) {
    this.keys = new LRUCache({ max: MAX_KEYS, ttl: windowMs, updateAgeOnGet: true });
  }

  /** Records one event of `key` at `now` and returns the key's events in the window. */
  add(key: string, now: number): number {
    const times = this.keys.get(key) ?? [];
    let start = 0;
    while (start < times.length && (times[start] as number) <= now - this.windowMs) start += 1;
    const kept = start === 0 ? times : times.slice(start);
    kept.push(now);
    this.keys.set(key, kept);
    return kept.length;
  }
}
