import { parseDictionary } from 'structured-headers';
import type { CatalogService } from '../../catalog/index.js';
import { isAppError } from '../../shared/app-error.js';
import { type IdempotencyStore, runIdempotent } from '../../shared/idempotency.js';
import {
  type CatalogReader,
  getProduct,
  type LookupRequest,
  lookupCatalog,
  type ProductRequest,
  type SearchRequest,
  searchCatalog,
} from './ucp-catalog.js';
import { errorBody, UcpError } from './ucp-messages.js';
import type { UcpDocument, UcpSchemas } from './ucp-schemas.js';
import type { UcpAnswer, UcpBody, UcpService } from './ucp-service.js';

/** The operations of the shopping service, named as both bindings (REST and MCP) name them. */
export const UCP_OPERATIONS = [
  'create_checkout',
  'get_checkout',
  'update_checkout',
  'complete_checkout',
  'cancel_checkout',
  'create_cart',
  'get_cart',
  'update_cart',
  'cancel_cart',
  'get_order',
  'search_catalog',
  'lookup_catalog',
  'get_product',
] as const;
export type UcpOperation = (typeof UCP_OPERATIONS)[number];

/** Operations that change something: each needs an Idempotency-Key and replays its first answer. */
const MUTATING: ReadonlySet<UcpOperation> = new Set([
  'create_checkout',
  'update_checkout',
  'complete_checkout',
  'cancel_checkout',
  'create_cart',
  'update_cart',
  'cancel_cart',
]);

/** The schema each operation's request must satisfy. */
const REQUESTS: Partial<Record<UcpOperation, UcpDocument>> = {
  create_checkout: 'checkout.create',
  update_checkout: 'checkout.update',
  complete_checkout: 'checkout.complete',
  create_cart: 'cart.create',
  update_cart: 'cart.update',
  search_catalog: 'catalog.search',
  lookup_catalog: 'catalog.lookup',
  get_product: 'catalog.product',
};

/** One call of an operation, whichever binding it came through. */
export interface UcpCall {
  readonly shopperId: string;
  readonly operation: UcpOperation;
  readonly id?: string | undefined;
  readonly body?: unknown;
  readonly idempotencyKey?: string | undefined;
  /** The platform's profile URL, from the UCP-Agent header or the MCP `meta`. */
  readonly agentProfile: string | undefined;
  /** Where links in the answer point. */
  readonly origin: string;
  /** The agent platform calling, when it named itself with a key. */
  readonly agentId?: string | undefined;
}

/** What an operation answered, and whether it replays an earlier answer to the key. */
export interface UcpOutcome extends UcpAnswer {
  readonly replayed: boolean;
}

/**
 * The profile URL of a `UCP-Agent` header (RFC 8941 dictionary, `profile="https://…"`), or a
 * UcpError saying what is wrong with it.
 */
export function agentProfileOf(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new UcpError(
      400,
      'missing_agent',
      'Send UCP-Agent: profile="<your platform profile URL, at /.well-known/ucp>".',
      'UCP-Agent',
    );
  }
  let profile: unknown;
  try {
    profile = parseDictionary(header).get('profile')?.[0];
  } catch {
    profile = undefined;
  }
  if (typeof profile !== 'string') {
    throw new UcpError(
      400,
      'invalid_agent',
      'UCP-Agent is a structured-field dictionary with a string member profile="<URL>".',
      'UCP-Agent',
    );
  }
  return checkedProfile(profile);
}

/** A platform profile URL: absolute http(s), at most 2048 characters. */
export function checkedProfile(profile: string): string {
  let url: URL | undefined;
  try {
    url = new URL(profile);
  } catch {
    url = undefined;
  }
  if (url === undefined || !/^https?:$/.test(url.protocol) || profile.length > 2048)
    throw new UcpError(
      400,
      'invalid_agent',
      'The UCP-Agent profile must be an absolute http(s) URL.',
      'UCP-Agent',
    );
  return profile;
}

/** Our edge's and idempotency's refusals in UCP's words; undefined for what is not a known refusal. */
export function toUcpError(error: unknown): UcpError | undefined {
  if (error instanceof UcpError) return error;
  if (!isAppError(error)) return undefined;
  const retryAfter = error.details?.retryAfterSeconds as number | undefined;
  const codes: Record<string, [number, string]> = {
    IDEMPOTENCY_KEY_REQUIRED: [400, 'idempotency_key_required'],
    IDEMPOTENCY_CONFLICT: [422, 'idempotency_conflict'],
    IDEMPOTENCY_IN_FLIGHT: [409, 'idempotency_in_flight'],
    UNAUTHENTICATED: [401, 'unauthorized'],
    VALIDATION_FAILED: [400, 'invalid'],
    RATE_LIMITED: [429, 'rate_limited'],
    OVERLOADED: [503, 'overloaded'],
  };
  const [status, code] = codes[error.code] ?? [error.status, error.code.toLowerCase()];
  return new UcpError(status, code, error.message, undefined, retryAfter);
}

/**
 * The UCP shopping operations behind both bindings: the agent's profile, the spec's schema for
 * the request, and, for every operation that changes something, the Idempotency-Key protocol
 * (scoped to the shopper and the operation on its resource, so a key used over REST and again over
 * MCP is one request). Refusals a retry may get past (in flight, a checkout being completed, an
 * overloaded provider) are not kept for the key; other refusals are, as answers.
 */
export function createUcpOperations(deps: {
  readonly service: UcpService;
  readonly catalog: Pick<CatalogService, 'search' | 'getProduct'> & Pick<CatalogReader, 'findVariant'>;
  readonly schemas: UcpSchemas;
  readonly idempotency: IdempotencyStore;
}) {
  const { service, schemas } = deps;

  function checked(operation: UcpOperation, body: unknown): UcpBody {
    const document = REQUESTS[operation];
    if (document === undefined) return {};
    const problem = schemas.check(document, body ?? {});
    if (problem !== undefined)
      throw new UcpError(400, 'invalid', `${problem.param} ${problem.message}`, problem.param);
    return (body ?? {}) as UcpBody;
  }

  async function perform(call: UcpCall): Promise<UcpAnswer> {
    const id = call.id ?? '';
    const { shopperId, origin } = call;
    const body = checked(call.operation, call.body);
    switch (call.operation) {
      case 'create_checkout':
        return service.createCheckout(shopperId, body, origin, call.agentId);
      case 'get_checkout':
        return service.getCheckout(shopperId, id, origin);
      case 'update_checkout':
        return service.updateCheckout(shopperId, id, body, origin);
      case 'complete_checkout':
        return service.completeCheckout(shopperId, id, body, origin);
      case 'cancel_checkout':
        return service.cancelCheckout(shopperId, id, origin);
      case 'create_cart':
        return service.createCart(shopperId, body, origin);
      case 'get_cart':
        return service.getCart(shopperId, id, origin);
      case 'update_cart':
        return service.updateCart(shopperId, id, body, origin);
      case 'cancel_cart':
        return service.cancelCart(shopperId, id, origin);
      case 'get_order':
        return service.getOrder(shopperId, id, origin);
      case 'search_catalog':
        return { status: 200, body: searchCatalog(deps.catalog, body as SearchRequest, origin) };
      case 'lookup_catalog':
        return {
          status: 200,
          body: await lookupCatalog(deps.catalog, body as unknown as LookupRequest, origin),
        };
      case 'get_product':
        return {
          status: 200,
          body: await getProduct(deps.catalog, body as unknown as ProductRequest, origin),
        };
    }
  }

  return {
    /** Runs one call; throws UcpError (or an AppError `toUcpError` maps) for a refusal. */
    async run(call: UcpCall): Promise<UcpOutcome> {
      if (call.agentProfile === undefined) agentProfileOf(undefined);
      if (!MUTATING.has(call.operation)) return { ...(await perform(call)), replayed: false };
      const result = await runIdempotent(
        deps.idempotency,
        {
          scope: `${call.shopperId}:UCP ${call.operation} ${call.id ?? ''}`,
          key: call.idempotencyKey,
          body: call.body ?? {},
        },
        async (): Promise<UcpAnswer> => {
          try {
            return await perform(call);
          } catch (error) {
            if (!(error instanceof UcpError) || error.status >= 500 || error.retryAfterSeconds !== undefined)
              throw error;
            return { status: error.status, body: errorBody(error) };
          }
        },
      );
      return { ...result.value, replayed: result.replayed };
    },
  };
}

/** The UCP operations of one deployment. */
export type UcpOperations = ReturnType<typeof createUcpOperations>;
