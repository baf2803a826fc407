import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../bench/lib/server-process.js';
import type { FreshDatabase } from './stores.js';

/** The admin key crash tests' nodes are started with. */
export const ADMIN_KEY = 'crash-test-admin-key';

/** A real `rushcart serve` process a test may kill -9. */
export interface Node {
  readonly child: ChildProcess;
  readonly base: string;
  readonly exited: Promise<void>;
  /** Everything the process wrote so far, stdout (its logs) and stderr. */
  output(): string;
}

/** Starts `rushcart serve` as a real process on `database` and resolves once it answers /healthz. */
export async function startNode(database: FreshDatabase, env: Record<string, string> = {}): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(port),
      RUSHCART_DATA_DIR: database.dataDir,
      RUSHCART_DATABASE_URL: database.url,
      RUSHCART_DATABASE_SCHEMA: database.schema ?? '',
      RUSHCART_ADMIN_KEY: ADMIN_KEY,
      RUSHCART_SEED_DEMO: 'false',
      RUSHCART_ADMISSION: 'off',
      RUSHCART_LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const output = () => stdout + stderr;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${stderr}`);
    const healthy = await fetch(`${base}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { child, base, exited, output };
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** POSTs JSON with a bearer token; answers the status and the parsed body. */
export async function post(
  base: string,
  path: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
