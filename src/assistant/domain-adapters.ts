import type { ClaimAdmission, ClaimAdmissionRefusal } from '../admission/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Commerce, OrderChannel, OrderView } from '../commerce/index.js';
import { type Promotions, type RedemptionService, toCouponView } from '../promotions/index.js';
import { AppError, isAppError } from '../shared/app-error.js';
import { hashRequest } from '../shared/idempotency.js';
import type { AssistantOrder, AssistantServices } from './services.js';

/** The real domain services the assistant's tools call in-process (never over HTTP). */
export interface AssistantDomains {
  readonly catalog?: CatalogService | undefined;
  readonly commerce?: Commerce | undefined;
  readonly promotions?: Promotions | undefined;
  readonly redemption?: RedemptionService | undefined;
  /** The waiting room a chat claim goes through, as an HTTP claim does; none lets it straight on. */
  readonly claimAdmission?: ClaimAdmission | undefined;
  /** Where the orders these services place are recorded as placed (`assistant` by default). */
  readonly channel?: OrderChannel | undefined;
}

/** Adapts the catalog, commerce and promotions services to the assistant's port. */
export function createAssistantServices(domains: AssistantDomains): AssistantServices {
  const services: AssistantServices = {};
  const { catalog, commerce, promotions, redemption, claimAdmission } = domains;
  if (catalog !== undefined) {
    services.searchProducts = async (search) => {
      const result = catalog.search({
        text: search.text,
        minPrice: search.minPrice,
        maxPrice: search.maxPrice,
        inStock: search.inStock,
        options: search.options,
        sort: search.sort,
        limit: search.limit,
        offset: search.offset,
        facets: false,
      });
      return { hits: [...result.hits], total: result.total };
    };
    services.findProduct = (productId) => catalog.findProduct(productId);
    services.findVariant = async (variantId) => {
      const [variant] = await catalog.findVariants([variantId]);
      return variant === undefined
        ? undefined
        : {
            variantId: variant.id,
            title: variant.productTitle,
            options: variant.options,
            unitPrice: variant.price,
          };
    };
  }
  if (commerce !== undefined) {
    const { carts, checkout, orders } = commerce;
    services.viewCart = (shopperId) => carts.getCart(shopperId);
    services.addToCart = (shopperId, variantId, quantity) =>
      carts.addLine(shopperId, { variantId, quantity });
    services.updateCartLine = (shopperId, lineId, quantity) =>
      quantity === 0 ? carts.removeLine(shopperId, lineId) : carts.updateLine(shopperId, lineId, quantity);
    services.applyCoupon = (shopperId, code) => carts.applyCoupon(shopperId, code);
    services.saveCard = (shopperId, card) => checkout.saveCard(shopperId, card);
    services.checkout = async (shopperId, input, idempotencyKey, agentId) => {
      const placed = await checkout.checkout(
        shopperId,
        input,
        idempotencyKey,
        domains.channel ?? 'assistant',
        agentId,
      );
      return toAssistantOrder(placed.value);
    };
    services.listOrders = async (shopperId) =>
      (await orders.listOrders(shopperId, { limit: 20 })).items.map(toAssistantOrder);
    services.findOrder = async (shopperId, orderId) => {
      try {
        return toAssistantOrder(await orders.getOrder(shopperId, orderId));
      } catch (error) {
        if (isAppError(error, 'ORDER_NOT_FOUND')) return undefined;
        throw error;
      }
    };
    services.cancelOrder = async (shopperId, orderId, idempotencyKey) =>
      toAssistantOrder((await orders.cancelOrder(shopperId, orderId, idempotencyKey)).value);
    services.returnItems = async (shopperId, orderId, lineIds, reason, idempotencyKey) => {
      const requested = await orders.requestReturn(
        shopperId,
        orderId,
        { lineIds: [...lineIds], reason },
        idempotencyKey,
      );
      return requested.value;
    };
  }
  if (promotions !== undefined) {
    services.listOffers = async (shopperId) =>
      (await promotions.campaigns.offersFor(shopperId)).map((offer) => ({
        campaignId: offer.id,
        name: offer.name,
        reward: offer.reward,
        claimed: offer.claimed,
        remaining: offer.remaining,
        endsAt: offer.endsAt ?? undefined,
        code: offer.code ?? undefined,
      }));
    services.claimCoupon = async (shopperId, campaignId, idempotencyKey) => {
      const admitted = await claimAdmission?.admit(campaignId, shopperId, idempotencyKey);
      if (admitted !== undefined && !admitted.ok) throw queueRefusal(admitted);
      let result: Awaited<ReturnType<typeof promotions.claims.claim>>;
      try {
        result = await promotions.claims.claim({
          campaignId,
          shopperId,
          idempotencyKey,
          requestHash: hashRequest({}),
        });
      } catch (error) {
        admitted?.settle('INTERNAL');
        throw error;
      }
      admitted?.settle(result.ok ? undefined : result.code);
      if (!result.ok) throw new AppError(result.code, result.message);
      const view = toCouponView(result.coupon, result.campaign);
      return {
        code: view.code,
        campaignId: view.campaignId,
        name: result.campaign.name,
        reward: view.reward,
        status: 'available',
        expiresAt: view.expiresAt ?? undefined,
      };
    };
  }
  if (redemption !== undefined) {
    services.viewWallet = async (shopperId) =>
      (await redemption.wallet(shopperId)).map((coupon) => ({
        code: coupon.code,
        campaignId: coupon.campaignId,
        name: coupon.campaignName,
        reward: coupon.reward,
        status: coupon.status,
        expiresAt: coupon.expiresAt === undefined ? undefined : new Date(coupon.expiresAt).toISOString(),
      }));
  }
  return services;
}

function toAssistantOrder(order: OrderView): AssistantOrder {
  return {
    id: order.id,
    status: order.status,
    lines: order.lines,
    total: order.total,
    shippingAddress: order.shippingAddress,
    createdAt: order.createdAt,
    returnableUntil: order.returnableUntil,
  };
}

/** The waiting room's refusal of a chat claim, with the shopper's place while they wait. */
function queueRefusal(refusal: ClaimAdmissionRefusal): AppError {
  const standing = refusal.standing;
  if (refusal.code !== 'QUEUE_TICKET_REQUIRED' || standing === undefined) return new AppError(refusal.code);
  return new AppError(
    'QUEUE_TICKET_REQUIRED',
    `The campaign has a queue: you are number ${standing.position}, about ${standing.etaSeconds} s from your turn. Your place is kept; ask to claim again then.`,
    { position: standing.position, etaSeconds: standing.etaSeconds },
  );
}
