import type { FastifyRequest } from 'fastify';
import type { AdmissionController, CampaignAvailability } from '../admission/index.js';
import type { Assistant, AssistantServices } from '../assistant/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Commerce } from '../commerce/index.js';
import type { Config } from '../config.js';
import type { FraudDefences } from '../fraud/fraud-defences.js';
import type { Clawback } from '../fraud/review-queue.js';
import type { Metrics } from '../observability/metrics.js';
import type { Promotions, RedemptionService } from '../promotions/index.js';
import type { AcpOperations } from '../protocols/acp/acp-operations.js';
import type { DelegatedPayments } from '../protocols/acp/delegated-payments.js';
import type { AgentPlatforms } from '../protocols/agents/agent-platforms.js';
import type { ConfirmationTokens } from '../protocols/confirmation-tokens.js';
import type { UcpOperations } from '../protocols/ucp/ucp-operations.js';
import type { IdempotencyStore } from '../shared/idempotency.js';
import type { EmailVerification } from '../shoppers/email-verification.js';
import type { ShopperStore, TokenService } from '../shoppers/index.js';

/** Everything a route module may use: the domain services and the edge's guards. */
export interface RouteContext {
  readonly config: Config;
  readonly metrics: Metrics;
  readonly tokens: TokenService;
  readonly shoppers: ShopperStore;
  readonly idempotency: IdempotencyStore;
  /** Carts, checkout, orders and returns. */
  readonly commerce: Commerce;
  /** Coupon redemption: the wallet, and the coupon hook checkout uses. */
  readonly redemption: RedemptionService;
  /** Campaigns, claims and the promotion event bus (memory answers, batcher, cross-node notices). */
  readonly promotions: Promotions;
  /** Products, variants, stock corrections, imports and search. */
  readonly catalog: CatalogService;
  /** Rate limits, priority shedding, adaptive concurrency and the waiting rooms of this node. */
  readonly admission: AdmissionController;
  /** Whether a campaign can be queued for, from promotions' memory (admission's port). */
  readonly campaignAvailability: CampaignAvailability;
  /** The shopping assistant: turns, conversations, takeover and the active model. */
  readonly assistant: Assistant;
  /** The shop as MCP's tools see it (search, cart, claim through the room, checkout...): the assistant's port, its orders marked `mcp`. */
  readonly shopping: AssistantServices;
  /** Signed confirmations of money actions an outside agent asks for. */
  readonly confirmations: ConfirmationTokens;
  /** ACP's checkout operations, shared by its REST and MCP bindings. */
  readonly agentCheckout: AcpOperations;
  /** ACP's delegated payment (the test provider's vault of `vt_` tokens). */
  readonly delegatedPayments: DelegatedPayments;
  /** UCP's shopping operations, shared by its REST and MCP bindings. */
  readonly ucp: UcpOperations;
  /** The agent platforms the merchant registered. */
  readonly agents: AgentPlatforms;
  /** preHandler of agent routes: sets `request.agentId` from `X-API-Key` (see `agentAuth`). */
  readonly identifyAgent: (request: FastifyRequest) => Promise<void>;
  /** E-mail one-time codes: guest to verified shopper, one shopper per mailbox. */
  readonly verification: EmailVerification;
  /** The risk screen's settings, counts and review queue. */
  readonly fraud: FraudDefences;
  /** Revokes a shopper's unused coupons, gives their claims back and resolves their reviews. */
  readonly clawback: (shopperId: string) => Promise<Clawback & { readonly reviewsResolved: number }>;
  /** preHandler: only an authenticated shopper passes; sets `request.shopperId`. */
  readonly requireShopper: (request: FastifyRequest) => Promise<void>;
  /** preHandler: only the admin key passes. */
  readonly requireAdmin: (request: FastifyRequest) => Promise<void>;
  /** Resolves when the store answers; used by `/readyz`. */
  readonly checkReady: () => Promise<void>;
}
