import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  api,
  buildWebApp,
  CHROMIUM_PATH,
  createCampaign,
  launchBrowser,
  newContext,
  type RunningServer,
  screenshot,
  startServer,
  VIEWPORTS,
} from './harness.js';

const viewport = VIEWPORTS[0];

// The storefront against the fraud defences in Chromium: a second shopper on one browser (one
// device) is challenged and the page solves the proof of work in a worker, showing its progress;
// a verified-shoppers offer asks for the e-mail, takes the mailed code and then claims.
describe.skipIf(CHROMIUM_PATH === undefined)('fraud defences in the storefront (Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let outbox: string;

  beforeAll(async () => {
    await buildWebApp();
    outbox = join(mkdtempSync(join(tmpdir(), 'rushcart-outbox-')), 'outbox.jsonl');
    server = await startServer({ RUSHCART_MAIL: `file:${outbox}` });
    const current = await api<{ settings: Record<string, unknown> }>(
      server.baseUrl,
      '/api/v1/admin/fraud/settings',
      {
        token: ADMIN_KEY,
      },
    );
    await api(server.baseUrl, '/api/v1/admin/fraud/settings', {
      method: 'PUT',
      token: ADMIN_KEY,
      body: { ...current.body.settings, difficulty: { base: 20_000, max: 100_000 } },
    });
    const launched = await launchBrowser();
    browser = launched.browser;
    closeBrowser = launched.close;
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it('solves the challenge a second shopper of one device gets, in a worker, and claims', async () => {
    const name = 'Device-rule giveaway';
    await createCampaign(server.baseUrl, {
      name,
      budget: { claims: 50 },
      perShopperLimit: 1,
      reward: { type: 'percent', percent: 15 },
      status: 'live',
    });
    const { context, errors } = await newContext(browser, server.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/offers`, { waitUntil: 'domcontentloaded' });
    const offer = page.getByTestId('offer').filter({ hasText: name });
    await offer.getByRole('button', { name: 'Claim coupon' }).click();
    await offer.getByTestId('claim-success').waitFor({ timeout: 15_000 });

    // A second shopper on the same browser: the session goes, the device stays.
    await page.evaluate(() => window.localStorage.removeItem('rushcart.session'));
    await page.goto(`${server.baseUrl}/offers`, { waitUntil: 'domcontentloaded' });
    const again = page.getByTestId('offer').filter({ hasText: name });
    await again.getByRole('button', { name: 'Claim coupon' }).click();
    await again.getByTestId('claim-success').waitFor({ timeout: 30_000 });
    await screenshot(page, 'storefront-challenge-solved');
    const reviews = await api<{ items: { reasons: string[] }[] }>(
      server.baseUrl,
      '/api/v1/admin/fraud/reviews',
      {
        token: ADMIN_KEY,
      },
    );
    expect(reviews.body.items.some((review) => review.reasons.includes('DEVICE_SHOPPERS'))).toBe(true);

    // The merchant sees the flagged claim in the console and claws the coupon back.
    const console_ = await context.newPage();
    await console_.goto(`${server.baseUrl}/console/fraud`, { waitUntil: 'domcontentloaded' });
    await console_.getByLabel('Admin key').fill(ADMIN_KEY);
    await console_.getByRole('button', { name: 'Sign in' }).click();
    const row = console_.getByTestId('fraud-reviews').getByRole('row').filter({ hasText: 'DEVICE_SHOPPERS' });
    await row.first().waitFor();
    await screenshot(console_, 'console-fraud-queue');
    await row.first().getByRole('button', { name: 'Revoke coupons' }).click();
    await console_
      .getByText('1 coupons revoked and given back to their budgets; 0 left to orders.')
      .waitFor();
    const campaigns = await api<{ items: { name: string; revoked: number }[] }>(
      server.baseUrl,
      '/api/v1/admin/campaigns',
      {
        token: ADMIN_KEY,
      },
    );
    expect(campaigns.body.items.find((campaign) => campaign.name === name)?.revoked).toBe(1);

    // The rules form saves: the device rule now denies at the second shopper.
    const form = console_.getByTestId('fraud-rules');
    await form.getByLabel('Shoppers on one device: Deny at').fill('2');
    await form.getByRole('button', { name: 'Save rules' }).click();
    await form.getByText('Saved.').waitFor();
    const saved = await api<{ settings: { deviceShoppers: { deny: number } } }>(
      server.baseUrl,
      '/api/v1/admin/fraud/settings',
      {
        token: ADMIN_KEY,
      },
    );
    expect(saved.body.settings.deviceShoppers.deny).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('asks for the e-mail on a verified-shoppers offer, takes the mailed code, and claims', async () => {
    const name = 'Verified-only giveaway';
    await createCampaign(server.baseUrl, {
      name,
      budget: { claims: 50 },
      perShopperLimit: 1,
      reward: { type: 'percent', percent: 20 },
      eligibility: { verifiedShoppers: true },
      status: 'live',
    });
    const { context, errors } = await newContext(browser, server.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/offers`, { waitUntil: 'domcontentloaded' });
    const offer = page.getByTestId('offer').filter({ hasText: name });
    await offer.getByTestId('offer-verified-only').getByText('For verified shoppers').waitFor();
    await offer.getByRole('button', { name: 'Claim coupon' }).click();
    const form = offer.getByTestId('verify-email');
    await form.getByLabel('Your e-mail address').fill('Robin.Hood+deals@gmail.com');
    await form.getByRole('button', { name: 'Send the code' }).click();
    await form.getByText('We sent a code to').waitFor();
    const mail = readFileSync(outbox, 'utf8').trim().split('\n').pop() ?? '';
    const code = (JSON.parse(mail) as { text: string }).text.match(/\b(\d{6})\b/)?.[1] ?? '';
    await form.getByLabel('The six digits from the mail').fill(code);
    await screenshot(page, 'storefront-verify-email');
    await form.getByRole('button', { name: 'Verify and claim' }).click();
    await offer.getByTestId('claim-success').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
