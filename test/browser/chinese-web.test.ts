import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  api,
  buildWebApp,
  CHROMIUM_PATH,
  launchBrowser,
  newContext,
  type RunningServer,
  screenshot,
  startHostPage,
  startServer,
  VIEWPORTS,
} from './harness.js';

const DESKTOP = VIEWPORTS[0];
const CHINESE_CAMPAIGN = 'cmp_demo_zh_xinren';

async function htmlLang(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}

/** The order of the address fields on the page, by their labels. */
async function addressLabels(page: Page): Promise<string[]> {
  return page.locator('form fieldset').first().locator('label').allTextContents();
}

describe.skipIf(CHROMIUM_PATH === undefined)('the web apps in Chinese (Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    await buildWebApp();
    // The Chinese demo slice (CNY) and its campaign, beside the English catalog.
    server = await startServer({ RUSHCART_SEED_DEMO_ZH: 'true' });
    const launched = await launchBrowser();
    browser = launched.browser;
    closeBrowser = launched.close;
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it('speaks Chinese to a Chinese browser, and keeps English once the shopper picks it', async () => {
    const { context, errors } = await newContext(browser, server.baseUrl, DESKTOP, [], 'zh-CN');
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/search?q=${encodeURIComponent('电饭煲')}`, {
      waitUntil: 'domcontentloaded',
    });
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '优惠' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');
    await page.getByLabel('搜索商品').waitFor();
    const card = page.getByTestId('product-card').first();
    await card.getByRole('button', { name: '加入购物车' }).waitFor();
    expect(await card.locator('.price').textContent()).toMatch(/^¥\d{3}\.00$/);
    await expect.poll(() => page.title()).toBe('Rushcart');
    await screenshot(page, 'storefront-zh', { doc: 'storefront-zh' });

    await page.getByTestId('language-switch').selectOption('en');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offers' }).waitFor();
    expect(await htmlLang(page)).toBe('en');
    expect(await card.locator('.price').textContent()).toMatch(/^CN¥\d{3}\.00$/);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offers' }).waitFor();
    // ?lang= still wins over the stored choice, for links shared in one language.
    await page.goto(`${server.baseUrl}/offers?lang=zh-CN`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('heading', { name: '优惠', level: 1 }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('takes a Chinese shopper from search to a paid order: coupon, province-first address, CNY totals', async () => {
    const { context, errors } = await newContext(browser, server.baseUrl, DESKTOP, [], 'zh-CN');
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/search?q=${encodeURIComponent('美的 电饭煲')}`, {
      waitUntil: 'domcontentloaded',
    });
    const card = page.getByTestId('product-card').filter({ hasText: '美的' }).first();
    await card.getByRole('button', { name: '加入购物车' }).click();
    await expect
      .poll(() => page.getByTestId('cart-button').getAttribute('aria-label'))
      .toBe('购物车，1 件商品');

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '优惠' }).click();
    const offer = page.locator(`[data-campaign-id="${CHINESE_CAMPAIGN}"]`);
    await offer.getByText('立减 ¥30.00').waitFor();
    await offer.getByRole('button', { name: '领取优惠券' }).click();
    const success = offer.getByTestId('claim-success');
    await success.getByText('领取成功！').waitFor({ timeout: 30_000 });
    await success.getByRole('button', { name: '用到购物车' }).click();
    await success.getByText('已用到购物车。').waitFor();

    await page.getByTestId('cart-button').click();
    const drawer = page.getByTestId('cart-drawer');
    await drawer.getByText('优惠', { exact: true }).waitFor();
    await drawer.getByRole('button', { name: '去结账' }).click();

    await page.getByRole('heading', { name: '结账', level: 1 }).waitFor();
    expect(await page.getByLabel('国家或地区（两位代码）').inputValue()).toBe('CN');
    expect(await addressLabels(page)).toEqual([
      '收货人',
      '手机号',
      '省份（自治区、直辖市）',
      '城市',
      '详细地址（区、街道、门牌号）',
      '邮政编码',
      '国家或地区（两位代码）',
    ]);
    await page.getByLabel('收货人').fill('张三');
    await page.getByLabel('手机号').fill('1380013800');
    await page.getByLabel('城市').fill('深圳市');
    await page.getByLabel('详细地址（区、街道、门牌号）').fill('南山区科技园路1号');
    await page.getByLabel('邮政编码').fill('5180');
    await page.getByRole('button', { name: '立即支付' }).click();
    // Nothing is sent until the address has its province and a six-digit postal code.
    await page.getByText('有些内容需要修改。').waitFor();
    await page.getByText('请填写省份（自治区、直辖市）。').waitFor();
    await page.getByText('邮政编码格式不正确（CN）。').waitFor();
    await page.getByText('手机号格式不正确。').waitFor();
    await page.getByLabel('手机号').fill('13800138000');
    await page.getByLabel('省份（自治区、直辖市）').fill('广东省');
    await page.getByLabel('邮政编码').fill('518000');
    await screenshot(page, 'checkout-zh', { doc: 'checkout-zh' });
    await page.getByRole('button', { name: '立即支付' }).click();

    const order = page.getByTestId('order-page');
    await order.waitFor({ timeout: 45_000 });
    await order.getByText('谢谢！订单已提交。').waitFor();
    await expect.poll(() => order.locator('.badge').first().textContent()).toBe('已支付');
    expect(await order.getByTestId('order-address').locator('div').allTextContents()).toEqual([
      '广东省深圳市南山区科技园路1号',
      '张三 13800138000 518000',
    ]);
    const totals = await order.locator('.totals').textContent();
    expect(totals).toContain('−¥30.00');
    expect(totals).toMatch(/合计¥\d+\.00/);
    await screenshot(page, 'order-zh', { doc: 'order-zh' });

    // The server stored the province as the region, and charged yuan.
    const orderId = (await order.locator('h1 code').textContent()) ?? '';
    const session = await page.evaluate(() => window.localStorage.getItem('rushcart.session'));
    expect(session).not.toBeNull();
    const stored = await api<{ shippingAddress: Record<string, string>; total: { currency: string } }>(
      server.baseUrl,
      `/api/v1/orders/${orderId}`,
      { token: (JSON.parse(session ?? '{}') as { token: string }).token },
    );
    expect(stored.body.shippingAddress).toMatchObject({
      region: '广东省',
      city: '深圳市',
      country: 'CN',
      phone: '13800138000',
    });
    expect(stored.body.total.currency).toBe('CNY');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('opens the widget in the language of the page that embeds it, and the assistant answers in Chinese', async () => {
    const host = await startHostPage(`${server.baseUrl}/widget.js`, 'zh-CN');
    // An English browser: the host page's language decides.
    const { context, errors } = await newContext(browser, server.baseUrl, DESKTOP, [
      new URL(host.url).origin,
    ]);
    try {
      const page = await context.newPage();
      await page.goto(host.url, { waitUntil: 'domcontentloaded' });
      await page.getByRole('button', { name: '购物助手' }).click();
      const panel = page.frameLocator('iframe[title="购物助手"]');
      await panel.getByRole('heading', { name: '购物助手' }).waitFor();
      await panel.getByLabel('给助手发消息').fill('有什么优惠？');
      await panel.getByRole('button', { name: '发送' }).click();
      const reply = panel.getByTestId('message-assistant').last().locator('.bubble__text');
      await expect
        .poll(
          async () => (await reply.count()) > 0 && /[\u4e00-\u9fff]/.test((await reply.textContent()) ?? ''),
          {
            timeout: 45_000,
          },
        )
        .toBe(true);
      // The reply's **bold** offer names are shown bold, not as asterisks.
      expect(await reply.locator('strong').count()).toBeGreaterThan(0);
      expect(await reply.textContent()).not.toContain('**');
      await screenshot(page, 'widget-zh', { doc: 'widget-zh' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await host.close();
    }
  }, 90_000);

  it('gives a Chinese merchant the console in Chinese', async () => {
    const { context, errors } = await newContext(browser, server.baseUrl, DESKTOP, [], 'zh-CN');
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/console`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('管理员密钥').fill('not the key');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText(/^管理员密钥不正确/).waitFor();
    await page.getByLabel('管理员密钥').fill(ADMIN_KEY);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '活动', level: 1 }).waitFor();
    const row = page.locator(`[data-campaign-id="${CHINESE_CAMPAIGN}"]`);
    await expect.poll(() => row.getByTestId('campaign-status').textContent()).toBe('进行中');
    expect(await row.textContent()).toContain('立减 ¥30.00');
    await expect.poll(() => page.title()).toBe('活动 · Rushcart 后台');
    await screenshot(page, 'console-zh', { doc: 'console-zh' });
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
