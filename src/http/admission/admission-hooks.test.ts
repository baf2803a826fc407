import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  Admission,
  AdmissionController,
  loadAdmissionOptions,
  routeAdmission,
} from '../../admission/index.js';
import { installAdmission } from './admission-hooks.js';

async function serverWithAdmission() {
  const server = Fastify();
  const controller = new AdmissionController({ options: loadAdmissionOptions({}), secret: 's'.repeat(32) });
  await installAdmission(server, controller);
  server.addHook('onClose', async () => controller.stop());
  return server;
}

describe('route admission declared next to each route', () => {
  it('reads the class a route declared, and treats a request no route matched as browsing', () => {
    expect(routeAdmission({ admission: Admission.checkout }).priority).toBe(Admission.checkout.priority);
    expect(routeAdmission({ admission: Admission.claim }).claim).toBe(true);
    expect(routeAdmission(undefined)).toBe(Admission.browse);
    expect(routeAdmission({})).toBe(Admission.browse);
  });

  it('refuses to register an API route that declares no admission', async () => {
    const server = await serverWithAdmission();
    expect(() => server.get('/api/v1/forgotten', async () => ({}))).toThrow(/declares no config.admission/);
    server.get('/api/v1/declared', { config: { admission: Admission.browse } }, async () => ({ ok: true }));
    server.get('/not-api', async () => ({ ok: true }));
    const answer = await server.inject({ method: 'GET', url: '/api/v1/declared' });
    expect(answer.statusCode).toBe(200);
    await server.close();
  });
});
