/**
 * Runs tasks one after another per key, in arrival order, and tasks of different keys freely. A
 * task's failure does not stop the next one. The map holds a key only while its tasks run.
 */
export function keyedQueue(): <T>(key: string, run: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const next = previous.then(run, run);
    const settled = next.catch(() => undefined);
    tails.set(key, settled);
    try {
      return await next;
    } finally {
      if (tails.get(key) === settled) tails.delete(key);
    }
  };
}
