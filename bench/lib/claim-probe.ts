import { startBenchApp } from './bench-app.js';
import { percentiles } from './percentiles.js';

/**
 * One client claims for `shoppers` new honest shoppers in turn (own address, own device), with
 * the fraud rules off or on: what the screen adds to a claim with no crowd around it. The first
 * fifth is a warm-up and not counted.
 */
export async function claimProbe(rules: 'off' | 'on', shoppers: number): Promise<Record<string, number>> {
  const bench = await startBenchApp('probe', { RUSHCART_TRUST_PROXY: 'true', RUSHCART_FRAUD: rules });
  const app = bench.app;
  try {
    const campaignId = await bench.campaign('Probe', shoppers);
    const times: number[] = [];
    for (let index = 0; index < shoppers; index += 1) {
      const edge = { 'x-forwarded-for': `10.9.${index >> 8}.${index & 255}` };
      const session = await app.server.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: edge,
        payload: { deviceId: `probe-${index}`, email: `probe${index}@gmail.com` },
      });
      const token = (session.json() as { token: string }).token;
      const started = performance.now();
      const claim = await app.server.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/claims`,
        headers: { ...edge, authorization: `Bearer ${token}`, 'idempotency-key': `probe-${index}` },
        payload: {},
      });
      if (claim.statusCode !== 201)
        throw new Error(`probe claim answered ${claim.statusCode}: ${claim.body}`);
      if (index >= shoppers / 5) times.push(performance.now() - started);
    }
    return percentiles(times, [50, 99]);
  } finally {
    await bench.close();
  }
}
