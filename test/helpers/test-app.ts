import type { AdmissionOptions } from '../../src/admission/index.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { FreshDatabase, StoreFixture } from './stores.js';

/** A whole app on a fresh database, with helpers to call it in-process. */
export interface TestApp {
  readonly app: App;
  readonly adminKey: string;
  /** Starts a guest session and returns its bearer token and shopper id. */
  newShopper(body?: { email?: string; deviceId?: string }): Promise<{ token: string; shopperId: string }>;
  close(): Promise<void>;
}

/**
 * Starts the app on a fresh database of the given store kind; the demo seed is off unless asked.
 * `admission` overrides the admission options (`{ enabled: false }` for suites about something else).
 */
export async function startTestApp(
  store: StoreFixture,
  options: { seedDemo?: boolean; env?: Record<string, string>; admission?: Partial<AdmissionOptions> } = {},
): Promise<TestApp> {
  const database: FreshDatabase = await store.freshDatabase();
  const config = loadConfig(
    { ...options.env, RUSHCART_LOG_LEVEL: 'silent' },
    {
      dataDir: database.dataDir,
      databaseUrl: database.url,
      databaseSchema: database.schema,
      seedDemo: options.seedDemo ?? false,
      adminKey: 'test-admin-key-0123456789',
    },
  );
  const app = await createApp(config, {
    logger: false,
    ...(options.admission === undefined ? {} : { admission: options.admission }),
  });
  return {
    app,
    adminKey: 'test-admin-key-0123456789',
    async newShopper(body = {}) {
      const response = await app.server.inject({ method: 'POST', url: '/api/v1/sessions', payload: body });
      if (response.statusCode !== 201) throw new Error(`session failed: ${response.body}`);
      const parsed = response.json() as { token: string; shopper: { id: string } };
      return { token: parsed.token, shopperId: parsed.shopper.id };
    },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}
