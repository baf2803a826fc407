import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { percentiles } from './percentiles.js';

const ADMIN_KEY = 'bench-admin-key-0123456789';

/**
 * One client claims for `shoppers` new honest shoppers in turn (own address, own device), with
 * the fraud rules off or on: what the screen adds to a claim with no crowd around it. The first
 * fifth is a warm-up and not counted.
 */
export async function claimProbe(rules: 'off' | 'on', shoppers: number): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rushcart-bench-probe-'));
  const app = await createApp(
    loadConfig(
      { RUSHCART_LOG_LEVEL: 'silent', RUSHCART_TRUST_PROXY: 'true', RUSHCART_FRAUD: rules },
      { dataDir, databaseUrl: join(dataDir, 'probe.db'), seedDemo: false, adminKey: ADMIN_KEY },
    ),
    { logger: false },
  );
  try {
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/campaigns',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      payload: {
        name: 'Probe',
        budget: { claims: shoppers },
        perShopperLimit: 1,
        reward: { type: 'percent', percent: 5 },
        status: 'live',
      },
    });
    const campaignId = (created.json() as { id: string }).id;
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
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
