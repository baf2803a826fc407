import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Records a V8 CPU profile of this process while `work` runs and writes it to `path` (open it in
 * Chrome DevTools' Performance panel or speedscope). Only the measured part is profiled, not the
 * set-up before it, unlike `node --cpu-prof`.
 */
export async function withCpuProfile<T>(path: string | undefined, work: () => Promise<T>): Promise<T> {
  if (path === undefined) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
    process.stderr.write(`CPU profile written to ${path}\n`);
  }
}
