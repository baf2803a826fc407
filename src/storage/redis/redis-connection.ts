import { Redis } from 'ioredis';

/** Options for a Redis connection used on request paths. */
export interface RedisConnectionOptions {
  /** Name shown in `CLIENT LIST`, so operators can tell nodes and roles apart. */
  readonly connectionName?: string;
}

/**
 * Opens an ioredis connection for request paths: commands fail fast instead of queueing while
 * Redis is down (callers fall back to memory), and the client keeps reconnecting in the background.
 */
export function openRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: options.connectionName ?? 'rushcart',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 500,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Errors surface on commands; an unhandled 'error' event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}

/** Closes a connection, waiting for pending replies, without throwing when it is already closed. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
