import { isAppError } from '../../shared/app-error.js';
import { type IdempotencyStore, runIdempotent } from '../../shared/idempotency.js';
import type { AcpDefinition, AcpSchemas } from './acp-schemas.js';
import type { AcpAnswer, AcpService } from './acp-service.js';
import { ACP_VERSION } from './acp-view.js';
import { AcpError, type CompleteInput, type SessionInput } from './session-input.js';

/** The versions of ACP this server speaks. */
export const SUPPORTED_VERSIONS = [ACP_VERSION];

/** The five checkout operations, as both bindings (REST and MCP) name them. */
export type AcpOperation = 'create' | 'get' | 'update' | 'complete' | 'cancel';

/** One call of an operation, whichever binding it came through. */
export interface AcpCall {
  readonly shopperId: string;
  readonly operation: AcpOperation;
  readonly sessionId?: string | undefined;
  readonly body?: unknown;
  readonly idempotencyKey?: string | undefined;
  readonly apiVersion?: string | undefined;
  /** Where links in the answer point. */
  readonly origin: string;
  /** The agent platform calling, when it named itself. */
  readonly agentId?: string | undefined;
}

/**
 * What an operation answered, and whether it is a replay of an earlier answer to the key. A key's
 * record keeps the answer whole, refusals included: ACP words its refusals with its own statuses.
 */
export interface AcpOutcome extends AcpAnswer {
  readonly replayed: boolean;
}

const REQUESTS: Readonly<Record<Exclude<AcpOperation, 'get'>, AcpDefinition>> = {
  create: 'CheckoutSessionCreateRequest',
  update: 'CheckoutSessionUpdateRequest',
  complete: 'CheckoutSessionCompleteRequest',
  cancel: 'CancelSessionRequest',
};

/** ACP's error body. */
export function acpErrorBody(error: AcpError): Record<string, unknown> {
  return {
    type: error.type,
    code: error.code,
    message: error.message,
    ...(error.param === undefined ? {} : { param: error.param }),
    ...(error.code === 'unsupported_api_version' ? { supported_versions: SUPPORTED_VERSIONS } : {}),
  };
}

/** Our edge's and idempotency's errors in ACP's words; undefined for what is not a known refusal. */
export function toAcpError(error: unknown): AcpError | undefined {
  if (error instanceof AcpError) return error;
  if (!isAppError(error)) return undefined;
  const retryAfter = error.details?.retryAfterSeconds as number | undefined;
  const codes: Record<string, [number, string]> = {
    IDEMPOTENCY_KEY_REQUIRED: [400, 'idempotency_key_required'],
    IDEMPOTENCY_CONFLICT: [422, 'idempotency_conflict'],
    IDEMPOTENCY_IN_FLIGHT: [409, 'idempotency_in_flight'],
    UNAUTHENTICATED: [401, 'unauthorized'],
    VALIDATION_FAILED: [400, 'invalid'],
    RATE_LIMITED: [429, 'rate_limited'],
  };
  const [status, code] = codes[error.code] ?? [error.status, error.code.toLowerCase()];
  const type =
    error.code === 'OVERLOADED'
      ? 'service_unavailable'
      : status >= 500
        ? 'processing_error'
        : 'invalid_request';
  return new AcpError(status, type, code, error.message, undefined, retryAfter);
}

/**
 * The ACP checkout operations behind both bindings: the version check, the spec's schema for the
 * request, and, for every operation but `get`, the Idempotency-Key protocol (scoped to the shopper
 * and the operation on its session, so a key used over REST and again over MCP is one request).
 * Refusals that a retry may get past (in flight, a session being completed) are not kept for the
 * key; other refusals are, as answers.
 */
export function createAcpOperations(deps: {
  readonly service: AcpService;
  readonly schemas: AcpSchemas;
  readonly idempotency: IdempotencyStore;
}) {
  const { service, schemas } = deps;

  /** The body, once the spec's schema accepts it as `definition`. */
  function checked<T>(definition: AcpDefinition, body: unknown): T {
    const problem = schemas.check(definition, body ?? {});
    if (problem !== undefined) {
      throw new AcpError(
        400,
        'invalid_request',
        'invalid',
        `${problem.param} ${problem.message}`,
        problem.param,
      );
    }
    return (body ?? {}) as T;
  }

  function perform(call: AcpCall): Promise<AcpAnswer> {
    const id = call.sessionId ?? '';
    switch (call.operation) {
      case 'create':
        return service.create(
          call.shopperId,
          checked<SessionInput>(REQUESTS.create, call.body),
          call.origin,
          call.agentId,
        );
      case 'get':
        return service.get(call.shopperId, id, call.origin);
      case 'update':
        return service.update(
          call.shopperId,
          id,
          checked<SessionInput>(REQUESTS.update, call.body),
          call.origin,
        );
      case 'complete':
        return service.complete(
          call.shopperId,
          id,
          checked<CompleteInput>(REQUESTS.complete, call.body),
          call.origin,
        );
      case 'cancel':
        checked(REQUESTS.cancel, call.body);
        return service.cancel(call.shopperId, id, call.origin);
    }
  }

  return {
    /** Runs one call; throws AcpError (or an AppError `toAcpError` maps) for a refusal. */
    async run(call: AcpCall): Promise<AcpOutcome> {
      if (call.apiVersion === undefined || !SUPPORTED_VERSIONS.includes(call.apiVersion)) {
        throw new AcpError(
          400,
          'invalid_request',
          'unsupported_api_version',
          `Send API-Version ${ACP_VERSION}; this seller supports ${SUPPORTED_VERSIONS.join(', ')}.`,
          'API-Version',
        );
      }
      if (call.operation === 'get') return { ...(await perform(call)), replayed: false };
      const path =
        call.operation === 'create'
          ? 'POST /checkout_sessions'
          : call.operation === 'update'
            ? `POST /checkout_sessions/${call.sessionId}`
            : `POST /checkout_sessions/${call.sessionId}/${call.operation}`;
      const result = await runIdempotent(
        deps.idempotency,
        { scope: `${call.shopperId}:ACP ${path}`, key: call.idempotencyKey, body: call.body ?? {} },
        async (): Promise<AcpAnswer> => {
          try {
            return await perform(call);
          } catch (error) {
            if (
              !(error instanceof AcpError) ||
              error.status >= 500 ||
              error.retryAfterSeconds !== undefined
            ) {
              throw error;
            }
            return { status: error.status, body: acpErrorBody(error) };
          }
        },
      );
      return { ...result.value, replayed: result.replayed };
    },
  };
}

/** The ACP operations of one deployment. */
export type AcpOperations = ReturnType<typeof createAcpOperations>;
