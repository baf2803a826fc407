import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`HTTP edge on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    it('answers health, readiness, metrics and the OpenAPI document', async () => {
      const { server } = test.app;
      expect((await server.inject('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await server.inject('/readyz')).json()).toEqual({ status: 'ready' });
      const metrics = await server.inject('/metrics');
      expect(metrics.body).toContain('rushcart_http_requests_total');
      const openapi = (await server.inject('/openapi.json')).json() as { openapi: string; paths: object };
      expect(openapi.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.paths)).toContain('/api/v1/sessions');
    });

    it('starts a guest session without any body', async () => {
      const response = await test.app.server.inject({ method: 'POST', url: '/api/v1/sessions' });
      expect(response.statusCode).toBe(201);
      expect(response.json().shopper.id).toMatch(/^shp_/);
    });

    it('issues a session token that authenticates the shopper', async () => {
      const { token, shopperId } = await test.newShopper({ email: 'Ana@Example.com' });
      expect(shopperId).toMatch(/^shp_/);
      expect(token.split('.')).toHaveLength(3);
    });

    it('rejects bad input with catalog codes, never a 5xx', async () => {
      const { server } = test.app;
      const malformed = await server.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('MALFORMED_JSON');

      const wrongType = await server.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: 42 },
      });
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json().error.code).toBe('VALIDATION_FAILED');

      const huge = await server.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { deviceId: 'x'.repeat(200_000) },
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().error.code).toBe('BODY_TOO_LARGE');

      const longId = await server.inject(`/api/v1/products/${'x'.repeat(500)}`);
      expect(longId.statusCode).toBe(414);
      expect(longId.json().error.code).toBe('URL_TOO_LONG');

      const badEncoding = await server.inject('/api/v1/products/%E0%A4%A');
      expect(badEncoding.statusCode).toBe(400);
      expect(badEncoding.json().error.code).toBe('MALFORMED_URL');

      const unknown = await server.inject('/api/v1/nothing-here');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('ROUTE_NOT_FOUND');
    });
  });
}
