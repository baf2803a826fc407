import { sql } from 'kysely';
import {
  AdmissionController,
  type AdmissionOptions,
  type CampaignAvailability,
  createClaimAdmission,
  loadAdmissionOptions,
} from './admission/index.js';
import { composeFraud } from './app-fraud.js';
import { createAssistant, createAssistantServices } from './assistant/index.js';
import {
  type CatalogService,
  createCatalogService,
  seedChineseDemoCatalog,
  seedDemoCatalog,
} from './catalog/index.js';
import {
  type Commerce,
  createCartService,
  createCheckoutService,
  createOrderService,
  createShopperHistory,
  createTestPaymentProvider,
  type OrderView,
  startReservationSweeper,
} from './commerce/index.js';
import type { Config } from './config.js';
import { agentAuth } from './http/agent-auth.js';
import { adminAuth, shopperAuth } from './http/auth.js';
import type { RouteContext } from './http/route-context.js';
import { acpRoutes } from './http/routes/acp-routes.js';
import { adminAgentRoutes } from './http/routes/admin-agent-routes.js';
import { adminAssistantRoutes } from './http/routes/admin-assistant-routes.js';
import { adminCampaignRoutes } from './http/routes/admin-campaign-routes.js';
import { adminCatalogRoutes } from './http/routes/admin-catalog-routes.js';
import { adminFraudRoutes } from './http/routes/admin-fraud-routes.js';
import { adminOrderRoutes } from './http/routes/admin-order-routes.js';
import { assistantRoutes } from './http/routes/assistant-routes.js';
import { catalogRoutes } from './http/routes/catalog-routes.js';
import { commerceRoutes } from './http/routes/commerce-routes.js';
import { mcpRoutes } from './http/routes/mcp-routes.js';
import { operationsRoutes } from './http/routes/operations-routes.js';
import { promotionRoutes } from './http/routes/promotion-routes.js';
import { queueRoutes } from './http/routes/queue-routes.js';
import { sessionRoutes } from './http/routes/session-routes.js';
import { ucpRoutes } from './http/routes/ucp-routes.js';
import { verificationRoutes } from './http/routes/verification-routes.js';
import { walletRoutes } from './http/routes/wallet-routes.js';
import { webRoutes } from './http/routes/web-routes.js';
import { createHttpServer, type RouteModule, type ZodServer } from './http/server.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import {
  type CampaignRegistry,
  type ClaimService,
  createLocalCampaignNotifier,
  createPromotions,
  createRedemptionService,
  effectiveStatus,
  type Promotions,
  type RedemptionService,
  seedDemoCampaigns,
} from './promotions/index.js';
import { createAcpOperations } from './protocols/acp/acp-operations.js';
import { createAcpSchemas } from './protocols/acp/acp-schemas.js';
import { createAcpService } from './protocols/acp/acp-service.js';
import { createDelegatedPayments } from './protocols/acp/delegated-payments.js';
import { createOrderWebhooks } from './protocols/acp/order-webhooks.js';
import { createAgentPlatforms } from './protocols/agents/agent-platforms.js';
import { createConfirmationTokens } from './protocols/confirmation-tokens.js';
import { createUcpOperations } from './protocols/ucp/ucp-operations.js';
import { createUcpSchemas } from './protocols/ucp/ucp-schemas.js';
import { createUcpService } from './protocols/ucp/ucp-service.js';
import { createSqlShopperStore, createTokenService, loadSecrets, type Secrets } from './shoppers/index.js';
import type { Db } from './storage/dialect.js';
import { openDatabase } from './storage/open-database.js';
import { createPostgresCampaignNotifier } from './storage/postgres/campaign-notifier.js';
import { createPostgresClaimBatch } from './storage/postgres/claim-batch.js';
import { closeRedis, openRedis } from './storage/redis/redis-connection.js';
import { createSqlAgentPlatformStore } from './storage/sql/agent-platform-store.js';
import { createSqlSessionStore } from './storage/sql/agent-session-store.js';
import { createSqlCampaignStore } from './storage/sql/campaign-store.js';
import { createSqlCatalogStore } from './storage/sql/catalog-store.js';
import { createSqlCommerceStore } from './storage/sql/commerce-store.js';
import { createSqlConversationStore } from './storage/sql/conversation-store.js';
import { createSqlDelegatedTokenStore } from './storage/sql/delegated-token-store.js';
import { createSqlIdempotencyStore } from './storage/sql/idempotency-store.js';
import { createSqlRedemptionStore } from './storage/sql/redemption-store.js';
import { createSqlCardVault, createSqlPaymentLedger } from './storage/sql/test-payment-ledger.js';
import { createSqliteClaimBatch } from './storage/sqlite/claim-batch.js';

/** A running composition: the HTTP server, the services behind it and how to stop them. */
export interface App {
  readonly server: ZodServer;
  readonly db: Db;
  readonly secrets: Secrets;
  readonly metrics: Metrics;
  /** Products, variants, stock and the in-process search index. */
  readonly catalog: CatalogService;
  /** Carts, checkout and orders. */
  readonly commerce: Commerce;
  /** Coupon redemption; its CouponHook is what checkout reserves, consumes and releases coupons through. */
  readonly redemption: RedemptionService;
  /** Campaigns, claims and the promotion event bus. */
  readonly promotions: Promotions;
  /** Rate limits, priority shedding, adaptive concurrency and waiting rooms of this node. */
  readonly admission: AdmissionController;
  /** Stops accepting requests, lets in-flight ones finish, then closes the store. */
  close(): Promise<void>;
}

/** The composition root: picks the adapters the configuration names and wires every domain. */
export async function createApp(
  config: Config,
  options: { logger?: boolean; admission?: Partial<AdmissionOptions> } = {},
): Promise<App> {
  const db = await openDatabase(config.databaseUrl, { schema: config.databaseSchema });
  const secrets = loadSecrets(config.dataDir, { jwtSecret: config.jwtSecret, adminKey: config.adminKey });
  const metrics = createMetrics();
  const tokens = createTokenService(secrets.jwtSecret);
  const idempotency = createSqlIdempotencyStore(db, Date.now, config.payments.idempotencyLeaseMs);
  const catalog = createCatalogService(createSqlCatalogStore(db));
  await catalog.start();
  // Only an empty store is seeded; the demo ids are fixed, so nodes starting together write the same rows.
  if (config.seedDemo) await seedDemoCatalog(catalog, { onlyIfEmpty: true });
  if (config.seedDemo && config.seedDemoChinese) await seedChineseDemoCatalog(catalog);
  // The demo campaigns likewise: only on a store without campaigns, fixed ids, insert-if-absent.
  if (config.seedDemo) {
    await seedDemoCampaigns(createSqlCampaignStore(db), Date.now(), { chinese: config.seedDemoChinese });
  }
  const promotions = createPromotions({
    store: createSqlCampaignStore(db),
    claimBatch: db.dialect === 'sqlite' ? createSqliteClaimBatch(db) : createPostgresClaimBatch(db),
    notifier:
      db.dialect === 'postgres'
        ? createPostgresCampaignNotifier(db, config.databaseSchema)
        : createLocalCampaignNotifier(),
    // Commerce answers newShoppersOnly ("has this shopper paid for an order?") through this port.
    shopperHistory: createShopperHistory(createSqlCommerceStore(db)),
  });
  await promotions.start();
  // Shared admission state (rate limits) lives in Redis when configured, so every node sees it.
  const redis =
    config.redisUrl === undefined
      ? undefined
      : openRedis(config.redisUrl, { connectionName: 'rushcart-admission' });
  const admission = new AdmissionController({
    options: loadAdmissionOptions(process.env, options.admission),
    secret: secrets.jwtSecret,
    redis,
    registry: metrics.registry,
  });
  promotions.events.subscribe((event) => {
    if (event.type === 'campaign-exhausted') admission.markExhausted(event.campaignId);
    else if (event.type === 'campaign-changed' && event.status === 'live')
      admission.markAvailable(event.campaignId);
  });
  const redemption = createRedemptionService({ store: createSqlRedemptionStore(db) });

  const shoppers = createSqlShopperStore(db);
  // Logged once the server (and its logger) exists.
  let logFraudError: (error: unknown) => void = () => undefined;
  const fraudParts = await composeFraud({
    config,
    db,
    secret: secrets.jwtSecret,
    redis,
    admission,
    promotions,
    shoppers,
    onError: (error) => logFraudError(error),
  });
  const { fraud, verification } = fraudParts;

  const commerceStore = createSqlCommerceStore(db);
  // Redemption is the CouponHook: carts quote through it, checkout reserves, consumes and releases.
  // The catalog refreshes its search index for variants whose stock checkout, cancel or return changed.
  const couponHook = redemption;
  const stockListener = catalog;
  // The test provider keeps its books in the database, as a processor keeps its own (docs/payments.md).
  const paymentProvider = createTestPaymentProvider({
    ledger: createSqlPaymentLedger(db),
    vault: createSqlCardVault(db),
    tokenSecret: secrets.jwtSecret,
  });
  // Outside agent platforms: their keys, limits and the daily budgets checkout holds them to.
  const agents = createAgentPlatforms({
    store: createSqlAgentPlatformStore(db),
    redis,
    secret: secrets.jwtSecret,
  });
  const commerceDeps = {
    store: commerceStore,
    coupons: couponHook,
    payments: paymentProvider,
    stock: stockListener,
    idempotency,
    returnWindowDays: config.returnWindowDays,
    checkoutTimeoutMs: config.payments.checkoutTimeoutMs,
    agentBudget: async (agentId: string) => (await agents.find(agentId))?.dailyBudget,
    couponScreen: (input: Parameters<typeof fraud.screenCheckout>[0]) => fraud.screenCheckout(input),
  };
  // Order changes reach the ACP sessions that placed them (for their webhooks); bound below.
  let orderChanged: (order: OrderView) => Promise<void> = async () => undefined;
  const commerce = {
    carts: createCartService({ store: commerceStore, coupons: couponHook }),
    checkout: createCheckoutService(commerceDeps),
    orders: createOrderService({
      ...commerceDeps,
      onOrderChanged: (order) => orderChanged(order),
    }),
  };

  // The assistant calls the domain services in-process through its AssistantServices port; its
  // claims go through the same waiting room as the HTTP claim.
  // Outside agents (MCP) use the same port; their orders are recorded as placed through MCP.
  const availability = campaignAvailability(promotions.registry, promotions.claims);
  const domains = {
    catalog,
    commerce,
    promotions,
    redemption,
    claimAdmission: createClaimAdmission(admission, availability),
  };
  const shopping = createAssistantServices({ ...domains, channel: 'mcp' });
  const assistant = createAssistant({
    config,
    store: createSqlConversationStore(db),
    services: createAssistantServices({ ...domains, channel: 'assistant' }),
    registry: metrics.registry,
  });

  const webhooks =
    config.acpWebhook === undefined
      ? undefined
      : createOrderWebhooks({
          db: db.kysely,
          target: config.acpWebhook,
          origin: config.publicUrl ?? `http://${config.host}:${config.port}`,
        });
  const sessions = createSqlSessionStore(db);
  const acpSchemas = createAcpSchemas();
  const delegatedPayments = createDelegatedPayments({
    store: createSqlDelegatedTokenStore(db),
    checkout: commerce.checkout,
    idempotency,
    schemas: acpSchemas,
  });
  const acp = createAcpService({
    delegated: delegatedPayments,
    sessions,
    store: commerceStore,
    coupons: couponHook,
    checkout: commerce.checkout,
    webhooks,
  });
  orderChanged = (order) => acp.orderChanged(order);
  const ucp = createUcpService({
    sessions,
    store: commerceStore,
    coupons: couponHook,
    checkout: commerce.checkout,
    orders: commerce.orders,
  });

  const context: RouteContext = {
    config,
    metrics,
    tokens,
    shoppers,
    idempotency,
    catalog,
    commerce,
    redemption,
    promotions,
    admission,
    campaignAvailability: availability,
    assistant,
    shopping,
    confirmations: createConfirmationTokens(secrets.jwtSecret),
    agentCheckout: createAcpOperations({
      service: acp,
      schemas: acpSchemas,
      idempotency,
    }),
    delegatedPayments,
    ucp: createUcpOperations({
      service: ucp,
      catalog: {
        search: (query) => catalog.search(query),
        getProduct: (id) => catalog.getProduct(id),
        findVariant: (id) => commerceStore.findVariant(id),
      },
      schemas: createUcpSchemas(),
      idempotency,
    }),
    agents,
    verification,
    fraud,
    clawback: (shopperId) => fraudParts.clawback(shopperId),
    identifyAgent: agentAuth(agents, config.agentKeys),
    requireShopper: shopperAuth(tokens),
    requireAdmin: adminAuth(secrets.adminKey, undefined, redis),
    checkReady: async () => {
      await sql`select 1`.execute(db.kysely);
    },
  };

  const modules: RouteModule[] = [
    operationsRoutes,
    sessionRoutes,
    verificationRoutes,
    commerceRoutes,
    adminOrderRoutes,
    walletRoutes,
    webRoutes,
    promotionRoutes,
    adminCampaignRoutes,
    queueRoutes,
  ];
  modules.push(catalogRoutes, adminCatalogRoutes, adminAgentRoutes, adminFraudRoutes);
  modules.push(assistantRoutes, adminAssistantRoutes, mcpRoutes, acpRoutes, ucpRoutes);
  const server = await createHttpServer(context, modules, options);

  const purgeTimer = setInterval(
    () => void idempotency.purgeExpired().catch(() => undefined),
    60 * 60 * 1000,
  );
  purgeTimer.unref();
  const sweeper = startReservationSweeper({
    orders: commerce.orders,
    intervalMs: config.payments.sweepIntervalMs,
    checkoutTimeoutMs: config.payments.checkoutTimeoutMs,
    onError: (error) => server.log.error({ err: error }, 'reservation sweep failed'),
  });
  // Available coupons past their expiry become expired (ledger `expired`); quote and wallet already treat them so.
  const expiryTimer = setInterval(() => void redemption.expireCoupons().catch(() => undefined), 60 * 1000);
  expiryTimer.unref();
  // ACP order events owed to the agent platform, retried with backoff until delivered.
  let delivering = false;
  const webhookTimer = setInterval(() => {
    if (webhooks === undefined || delivering) return;
    delivering = true;
    webhooks
      .deliverDue()
      .catch((error: unknown) => server.log.warn({ err: error }, 'webhook delivery failed'))
      .finally(() => {
        delivering = false;
      });
  }, 1000);
  webhookTimer.unref();
  logFraudError = (error) =>
    server.log.warn({ err: error }, 'fraud defences: a review or settings refresh failed');

  return {
    server,
    db,
    secrets,
    metrics,
    catalog,
    commerce,
    redemption,
    promotions,
    admission,
    async close() {
      clearInterval(purgeTimer);
      sweeper.stop();
      clearInterval(expiryTimer);
      clearInterval(webhookTimer);
      fraudParts.stop();
      await server.close();
      await promotions.close();
      if (redis !== undefined) await closeRedis(redis);
      await db.close();
    },
  };
}

/** Admission's view of campaigns, from the promotions registry (memory first, then the store). */
function campaignAvailability(registry: CampaignRegistry, claims: ClaimService): CampaignAvailability {
  const classify = (campaign: Parameters<typeof effectiveStatus>[0] | undefined) => {
    if (campaign === undefined) return 'not_found' as const;
    const status = effectiveStatus(campaign, Date.now());
    return status === 'live'
      ? ('live' as const)
      : status === 'exhausted'
        ? ('exhausted' as const)
        : ('not_live' as const);
  };
  return {
    current: (campaignId) => {
      const campaign = registry.get(campaignId);
      return campaign === undefined ? undefined : classify(campaign);
    },
    load: async (campaignId) => classify(await registry.load(campaignId)),
    replays: (campaignId, shopperId, key) => claims.replays(campaignId, shopperId, key),
    knowsEveryClaim: (campaignId) => claims.knowsEveryClaim(campaignId),
  };
}
