import { sql } from 'kysely';
import type { Config } from './config.js';
import { adminAuth, shopperAuth } from './http/auth.js';
import type { RouteContext } from './http/route-context.js';
import { operationsRoutes } from './http/routes/operations-routes.js';
import { sessionRoutes } from './http/routes/session-routes.js';
import { createHttpServer, type RouteModule, type ZodServer } from './http/server.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { createSqlShopperStore, createTokenService, loadSecrets, type Secrets } from './shoppers/index.js';
import type { Db } from './storage/dialect.js';
import { openDatabase } from './storage/open-database.js';
import { createSqlIdempotencyStore } from './storage/sql/idempotency-store.js';

/** A running composition: the HTTP server, the services behind it and how to stop them. */
export interface App {
  readonly server: ZodServer;
  readonly db: Db;
  readonly secrets: Secrets;
  readonly metrics: Metrics;
  /** Stops accepting requests, lets in-flight ones finish, then closes the store. */
  close(): Promise<void>;
}

/** The composition root: picks the adapters the configuration names and wires every domain. */
export async function createApp(config: Config, options: { logger?: boolean } = {}): Promise<App> {
  const db = await openDatabase(config.databaseUrl, { schema: config.databaseSchema });
  const secrets = loadSecrets(config.dataDir, { jwtSecret: config.jwtSecret, adminKey: config.adminKey });
  const metrics = createMetrics();
  const tokens = createTokenService(secrets.jwtSecret);
  const idempotency = createSqlIdempotencyStore(db);

  const context: RouteContext = {
    config,
    metrics,
    tokens,
    shoppers: createSqlShopperStore(db),
    idempotency,
    requireShopper: shopperAuth(tokens),
    requireAdmin: adminAuth(secrets.adminKey),
    checkReady: async () => {
      await sql`select 1`.execute(db.kysely);
    },
  };

  const modules: RouteModule[] = [operationsRoutes, sessionRoutes];
  const server = await createHttpServer(context, modules, options);

  const purgeTimer = setInterval(
    () => void idempotency.purgeExpired().catch(() => undefined),
    60 * 60 * 1000,
  );
  purgeTimer.unref();

  return {
    server,
    db,
    secrets,
    metrics,
    async close() {
      clearInterval(purgeTimer);
      await server.close();
      await db.close();
    },
  };
}
