import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const ADMIN_KEY = 'bench-admin-key-0123456789';

/** A whole app on a fresh SQLite directory, for one pass of a benchmark. */
export interface BenchApp {
  readonly app: App;
  readonly dataDir: string;
  /** Creates a live campaign of `claims` coupons (one per shopper) and answers its id. */
  campaign(name: string, claims: number, extra?: Record<string, unknown>): Promise<string>;
  /** Closes the app and removes its directory. */
  close(): Promise<void>;
}

/** Starts the app silent, with `env` on top; the demo seed only when asked. */
export async function startBenchApp(
  label: string,
  env: Record<string, string> = {},
  options: { seedDemo?: boolean } = {},
): Promise<BenchApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `rushcart-bench-${label}-`));
  const app = await createApp(
    loadConfig(
      { RUSHCART_LOG_LEVEL: 'silent', ...env },
      {
        dataDir,
        databaseUrl: join(dataDir, 'bench.db'),
        seedDemo: options.seedDemo ?? false,
        adminKey: ADMIN_KEY,
        port: 0,
      },
    ),
    { logger: false },
  );
  return {
    app,
    dataDir,
    async campaign(name, claims, extra = {}) {
      const created = await app.server.inject({
        method: 'POST',
        url: '/api/v1/admin/campaigns',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        payload: {
          name,
          budget: { claims },
          perShopperLimit: 1,
          reward: { type: 'percent', percent: 10 },
          status: 'live',
          ...extra,
        },
      });
      if (created.statusCode !== 201) throw new Error(`campaign create failed: ${created.body}`);
      return (created.json() as { id: string }).id;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
