import { Admission } from '../../admission/index.js';
import { AppError } from '../../shared/app-error.js';
import type { RouteModule } from '../server.js';

/** Health, readiness, Prometheus metrics and the OpenAPI document. */
export const operationsRoutes: RouteModule = (server, context) => {
  server.get('/healthz', { config: { admission: Admission.exempt }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));

  server.get('/readyz', { config: { admission: Admission.exempt }, schema: { hide: true } }, async () => {
    try {
      await context.checkReady();
    } catch (error) {
      throw new AppError('NOT_READY', `The store is not reachable: ${(error as Error).message}`);
    }
    return { status: 'ready' };
  });

  server.get(
    '/metrics',
    { config: { admission: Admission.exempt }, schema: { hide: true } },
    async (_request, reply) => {
      reply.header('content-type', context.metrics.registry.contentType);
      return context.metrics.registry.metrics();
    },
  );

  server.get('/openapi.json', { config: { admission: Admission.exempt }, schema: { hide: true } }, async () =>
    server.swagger(),
  );
};
