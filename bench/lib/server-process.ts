import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real `rushcart serve` child process on a fresh embedded store. */
export interface ServerProcess {
  readonly url: string;
  readonly adminKey: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Stops the server (SIGTERM, graceful); the store stays for inspection. */
  stop(): Promise<void>;
  /** Removes the data directory. */
  dispose(): void;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `url`/healthz every 100 ms until it answers 200; fails if `child` exits or time runs out. */
export async function waitForHealthy(
  url: string,
  child: ChildProcess,
  name: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `RUSHCART_RATE_LIMITS` for a bench whose every request comes from one client machine: the IP,
 * sessions-per-IP and device limits lifted so every answer is the route's own, plus `shopper`
 * rules when a bench needs those lifted too.
 */
export function oneClientRateLimits(shopper: Record<string, unknown> = {}): string {
  const lifted = { points: 10_000_000, durationSeconds: 1 };
  return JSON.stringify({ ip: lifted, sessionsPerIp: lifted, device: lifted, shopper });
}

/** Starts `node --import tsx src/cli/main.ts serve` and resolves once it answers /healthz. */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rushcart-bench-'));
  const port = await freePort();
  const adminKey = 'bench-admin-key-0123456789';
  // Extra node flags for the server only, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
  // to profile it under load (node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      RUSHCART_DATA_DIR: dataDir,
      RUSHCART_ADMIN_KEY: adminKey,
      RUSHCART_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child, 'server', 60_000);
  return {
    url,
    adminKey,
    dataDir,
    child,
    async stop() {
      // A child already killed has exited (its 'exit' event is gone): nothing to wait for.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
    dispose() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
