import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.js';

/** A shipping address every checkout test can use. */
export const ADDRESS = {
  name: 'Ana Lima',
  line1: '1 Test Street',
  city: 'Lisbon',
  postalCode: '1000-001',
  country: 'PT',
} as const;

/** A checkout body paying with a test card. */
export function checkoutBody(card = '4242424242424242') {
  return { payment: { type: 'test_card' as const, number: card }, shippingAddress: ADDRESS };
}

/** Calls the app in-process as one shopper (or the admin), with JSON in and out. */
export function clientFor(test: TestApp, token: string | undefined) {
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    test.app.server.inject({
      method,
      url,
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    call,
    get: (url: string) => call('GET', url),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) =>
      call('POST', url, payload, headers),
    patch: (url: string, payload?: unknown) => call('PATCH', url, payload),
    delete: (url: string) => call('DELETE', url),
    checkout: (key: string | undefined, body: unknown = checkoutBody()) =>
      call('POST', '/api/v1/checkout', body, key === undefined ? {} : { 'idempotency-key': key }),
  };
}
