import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

/** The Chromium binary the browser suites drive (Debian's /usr/bin/chromium); never downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH === '' ? undefined : process.env.CHROMIUM_PATH;

const required = (process.env.RUSHCART_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean);
if (required.includes('chromium') && CHROMIUM_PATH === undefined) {
  throw new Error('RUSHCART_REQUIRE_BACKENDS includes chromium but CHROMIUM_PATH is not set');
}
if (CHROMIUM_PATH === undefined) {
  console.warn(
    '[rushcart tests] Browser suites SKIPPED: set CHROMIUM_PATH (e.g. /usr/bin/chromium) to run them.',
  );
}

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts/screenshots');
const DOC_SCREENSHOT_DIR = join(ROOT, 'docs/screenshots');
export const ADMIN_KEY = 'browser-test-admin-key';

/** The two viewports every scenario runs on. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800, phone: false },
  { name: 'phone', width: 390, height: 844, phone: true },
] as const;
export type Viewport = (typeof VIEWPORTS)[number];

/** Builds the web apps into dist/web, as `npm run build:web` does. */
export async function buildWebApp(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}

/** A real server on a fresh SQLite directory with the demo catalog, listening on a free port. */
export interface RunningServer {
  readonly app: App;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the whole app in-process, as `rushcart serve` would. */
export async function startServer(env: Readonly<Record<string, string>> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rushcart-browser-'));
  const config = loadConfig(
    { RUSHCART_LOG_LEVEL: 'silent', ...env },
    { dataDir, databaseUrl: join(dataDir, 'rushcart.db'), seedDemo: true, adminKey: ADMIN_KEY, port: 0 },
  );
  const app = await createApp(config, { logger: false });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches headless Chromium with no background traffic. `launch` gives the browser a fresh temporary
 * profile directory of its own (removed on close), so no state leaks between runs.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (CHROMIUM_PATH === undefined) throw new Error('CHROMIUM_PATH is not set');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** Requests the page tried to send to other hosts, split by kind. */
export interface OutsideRequests {
  readonly images: string[];
  readonly other: string[];
}

/**
 * A browser context with the viewport, and every request to another host refused: the apps must work
 * with no outside host (product photos then fall back to drawn placeholders).
 */
export async function newContext(
  browser: Browser,
  baseUrl: string,
  viewport: Viewport,
  /** Other origins this context may reach (a host page embedding the widget). */
  allowOrigins: readonly string[] = [],
  /** The browser's language (navigator.language and Accept-Language), e.g. zh-CN. */
  locale = 'en-US',
): Promise<{ context: BrowserContext; outside: OutsideRequests; errors: string[] }> {
  const context = await browser.newContext({
    locale,
    viewport: { width: viewport.width, height: viewport.height },
    isMobile: viewport.phone,
    hasTouch: viewport.phone,
    deviceScaleFactor: 1,
  });
  const origin = new URL(baseUrl).origin;
  const outside: OutsideRequests = { images: [], other: [] };
  await context.route('**/*', (route) => {
    const request = route.request();
    const requestOrigin = new URL(request.url()).origin;
    if (requestOrigin === origin || allowOrigins.includes(requestOrigin)) return route.continue();
    (request.resourceType() === 'image' ? outside.images : outside.other).push(request.url());
    return route.abort('blockedbyclient');
  });
  const errors: string[] = [];
  context.on('weberror', (error) => errors.push(error.error().message));
  return { context, outside, errors };
}

/** Saves a screenshot under test-artifacts/screenshots and, when asked, copies it into docs/screenshots. */
export async function screenshot(page: Page, name: string, options: { doc?: string } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  if (options.doc !== undefined && process.env.RUSHCART_DOC_SCREENSHOTS === '1') {
    mkdirSync(DOC_SCREENSHOT_DIR, { recursive: true });
    copyFileSync(path, join(DOC_SCREENSHOT_DIR, `${options.doc}.png`));
  }
}

/** A page on another origin that embeds the widget with one script tag, as a merchant's blog would. */
export async function startHostPage(
  widgetUrl: string,
  lang = 'en',
): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Another site</title></head><body><h1>Another site</h1><p>A page that knows nothing of the shop but one script tag.</p><script src="${widgetUrl}"></script></body></html>`;
  const host = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolveListen) => host.listen(0, '127.0.0.1', resolveListen));
  const address = host.address();
  if (address === null || typeof address === 'string') throw new Error('the host page has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolveClose) => host.close(() => resolveClose())),
  };
}

/** Calls the API as a client outside the browser (the test's own load and setup). */
export async function api<T>(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
    headers: response.headers,
  };
}

/** Creates a live campaign through the admin API and returns its id. */
export async function createCampaign(baseUrl: string, body: Record<string, unknown>): Promise<string> {
  const created = await api<{ id: string }>(baseUrl, '/api/v1/admin/campaigns', {
    method: 'POST',
    token: ADMIN_KEY,
    body,
  });
  if (created.status !== 201)
    throw new Error(`campaign create failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/**
 * One shopper claims a coupon the way a well-behaved client does: queue when asked (428), wait for
 * admission, and obey Retry-After on 429/503. Returns the final HTTP status.
 */
export async function claimAsNewShopper(baseUrl: string, campaignId: string, index: number): Promise<number> {
  const session = await api<{ token: string }>(baseUrl, '/api/v1/sessions', {
    method: 'POST',
    body: { deviceId: `load-${index}` },
  });
  const token = session.body.token;
  const key = `load-${index}-${Date.now()}`;
  let ticket: string | undefined;
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const claim = await api<{ error?: { code: string } }>(baseUrl, `/api/v1/campaigns/${campaignId}/claims`, {
      method: 'POST',
      token,
      body: {},
      headers: { 'idempotency-key': key, ...(ticket === undefined ? {} : { 'x-queue-ticket': ticket }) },
    });
    if (claim.status === 428 || claim.body?.error?.code === 'QUEUE_TICKET_INVALID') {
      const joined = await api<{ ticket: string; admitted: boolean; pollAfterMs: number }>(
        baseUrl,
        `/api/v1/campaigns/${campaignId}/queue`,
        { method: 'POST', token },
      );
      ticket = joined.body.ticket;
      let standing = joined.body;
      while (!standing.admitted) {
        await new Promise((resolvePoll) =>
          setTimeout(resolvePoll, Math.max(100, Math.min(standing.pollAfterMs, 1000))),
        );
        standing = (
          await api<typeof standing>(baseUrl, `/api/v1/campaigns/${campaignId}/queue/${ticket}`, { token })
        ).body;
      }
      continue;
    }
    if (claim.status === 429 || claim.status === 503 || claim.status === 409) {
      const retryAfter = Number(claim.headers.get('retry-after') ?? '0');
      if (claim.status === 409 && claim.body?.error?.code !== 'IDEMPOTENCY_IN_FLIGHT') return claim.status;
      await new Promise((resolveWait) =>
        setTimeout(resolveWait, Math.max(50, retryAfter * 1000 * (1 + Math.random() * 0.5))),
      );
      continue;
    }
    return claim.status;
  }
  return 0;
}
