import fastifySwagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { loggerOptions } from '../observability/logger.js';
import { RequestLog } from '../observability/request-log.js';
import { newId } from '../shared/ids.js';
import { installAdmission } from './admission/admission-hooks.js';
import { shopperIdentifier } from './auth.js';
import { refuseControlCharacters } from './control-characters.js';
import { frameworkErrors, installErrorHandling } from './error-handler.js';
import type { RouteContext } from './route-context.js';
import { securityHeaders } from './security-headers.js';

/** A Fastify instance whose routes are typed and validated by Zod schemas. */
export type ZodServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A group of routes registered against the shared context. */
export type RouteModule = (server: ZodServer, context: RouteContext) => void | Promise<void>;

/** Default JSON body limit; routes that take files (catalog import) raise their own. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Fastify's `trustProxy` for our setting; a hop count trusts that many proxies nearest the server. */
function trustProxyOption(trust: boolean | number | string[]) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

/** Builds the HTTP edge: validation, errors, request ids, metrics, OpenAPI, then the route modules. */
export async function createHttpServer(
  context: RouteContext,
  modules: readonly RouteModule[],
  options: { logger?: boolean } = {},
): Promise<ZodServer> {
  const server = Fastify({
    logger: options.logger === false ? false : loggerOptions(context.config.logLevel),
    logController: new RequestLog(context.config.logRefusalsEvery),
    bodyLimit: DEFAULT_BODY_LIMIT,
    requestTimeout: context.config.requestTimeoutMs,
    trustProxy: trustProxyOption(context.config.trustProxy),
    // Node checks those timeouts every 30 s by default: a 15 s limit could wait 45 s.
    http: {
      headersTimeout: Math.min(10_000, context.config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, context.config.requestTimeoutMs),
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => newId('req'),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();

  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  installErrorHandling(server);
  refuseControlCharacters(server);

  // Helmet's headers do not depend on the request: set the precomputed ones in one sync hook.
  const security = securityHeaders();
  server.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  await server.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rushcart API',
        version: '1.0.0',
        description:
          'Shopping assistant and commerce backend. Errors: { error: { code, message, details? } }.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Shopper token or admin key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  // Once closing, in-flight answers end their keep-alive connection: otherwise a client's idle
  // socket would hold close() open until the keep-alive timeout instead of until the last answer.
  let closing = false;
  server.addHook('preClose', async () => {
    closing = true;
  });
  server.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  server.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    context.metrics.httpRequests.inc(labels);
    context.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  // Admission hooks go before every route: shedding runs in onRequest, shopper limits as last preHandler.
  await installAdmission(
    server,
    context.admission,
    context.campaignAvailability,
    shopperIdentifier(context.tokens),
  );
  for (const register of modules) await register(server, context);
  return server;
}
