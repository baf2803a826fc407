import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  Admission,
  AdmissionController,
  loadAdmissionOptions,
  routeAdmission,
} from '../../admission/index.js';
import { installAdmission } from './admission-hooks.js';

async function serverWithAdmission(env: NodeJS.ProcessEnv = {}) {
  const server = Fastify();
  const controller = new AdmissionController({ options: loadAdmissionOptions(env), secret: 's'.repeat(32) });
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

describe('checkouts wait in line for a full pool', () => {
  // A pool of two slots whose checkout route answers only when the test lets it.
  async function twoSlotServer(waitMs: string) {
    const server = await serverWithAdmission({
      RUSHCART_CONCURRENCY_INITIAL: '2',
      RUSHCART_CONCURRENCY_MIN: '2',
      RUSHCART_CONCURRENCY_MAX: '2',
      RUSHCART_CHECKOUT_WAIT_MS: waitMs,
    });
    const gates: Array<() => void> = [];
    const served: number[] = [];
    server.post<{ Body: { n: number } }>(
      '/api/v1/pay',
      { config: { admission: Admission.checkout } },
      async (request) => {
        await new Promise<void>((resolve) => gates.push(resolve));
        served.push(request.body.n);
        return { paid: request.body.n };
      },
    );
    server.get('/api/v1/look', { config: { admission: Admission.browse } }, async () => ({ ok: true }));
    // A checkout without a body takes its slot before the route, in onRequest.
    server.post('/api/v1/cancel', { config: { admission: Admission.checkout } }, async () => {
      await new Promise<void>((resolve) => gates.push(resolve));
      served.push(0);
      return { cancelled: true };
    });
    const pay = (n: number) => server.inject({ method: 'POST', url: '/api/v1/pay', payload: { n } });
    const cancel = () => server.inject({ method: 'POST', url: '/api/v1/cancel' });
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    return { server, gates, served, pay, cancel, until };
  }

  it('serves every checkout in arrival order while browsing is shed', async () => {
    const { server, gates, served, pay, until } = await twoSlotServer('2000');
    const answers = [pay(1), pay(2)];
    await until(() => gates.length === 2);
    answers.push(pay(3), pay(4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await server.inject({ method: 'GET', url: '/api/v1/look' })).statusCode).toBe(503);
    while (served.length < 4) {
      gates.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await Promise.all(answers)).map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    expect(served).toEqual([1, 2, 3, 4]);
    await server.close();
  });

  it('lets a checkout without a body wait in line too', async () => {
    const { server, gates, served, pay, cancel, until } = await twoSlotServer('2000');
    const answers = [pay(1), pay(2)];
    await until(() => gates.length === 2);
    const cancelled = cancel();
    answers.push(pay(3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    while (served.length < 4) {
      gates.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await cancelled).statusCode).toBe(200);
    expect((await Promise.all(answers)).map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expect(served).toEqual([1, 2, 0, 3]);
    await server.close();
  });

  it('sheds a checkout whose wait ran out, and sheds at once with waiting off', async () => {
    const waiting = await twoSlotServer('150');
    const held = [waiting.pay(1), waiting.pay(2)];
    await waiting.until(() => waiting.gates.length === 2);
    const late = await waiting.pay(3);
    expect(late.statusCode).toBe(503);
    expect(late.json().error.code).toBe('OVERLOADED');
    for (const open of waiting.gates) open();
    await Promise.all(held);
    await waiting.server.close();

    const off = await twoSlotServer('0');
    const busy = [off.pay(1), off.pay(2)];
    await off.until(() => off.gates.length === 2);
    const started = Date.now();
    expect((await off.pay(3)).statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(100);
    for (const open of off.gates) open();
    await Promise.all(busy);
    await off.server.close();
  });
});
