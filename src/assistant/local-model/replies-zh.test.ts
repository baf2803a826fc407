import { describe, expect, it } from 'vitest';
import type { ToolEvent } from './conversation-view.js';
import {
  cartReply,
  confirmationPrompt,
  failureReply,
  offersReply,
  orderReply,
  walletReply,
} from './replies.js';
import { toChinese } from './replies-zh.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('toChinese', () => {
  it('renders the reply templates in Chinese, keeping figures, names and ids', () => {
    expect(
      toChinese('Here are results 1-5 of 7:\n1. **李宁 经典 跑步鞋** by 李宁: CN¥439.00, rated 4.7'),
    ).toBe('找到 7 件商品，这是第 1-5 件：\n1. **李宁 经典 跑步鞋**（李宁）： CN¥439.00，评分 4.7');
    const cart = cartReply(
      {
        lines: [{ quantity: 1, title: '小米 充电宝', options: { 颜色: '黑色' }, lineTotal: cny(14_900) }],
        discount: cny(0),
        coupons: [],
        subtotal: cny(14_900),
        shipping: cny(1_500),
        total: cny(16_400),
      },
      'Added 1 × 小米 充电宝 to your cart. ',
    );
    expect(toChinese(cart)).toMatch(
      /^已将 1 × 小米 充电宝 加入购物车。你的购物车：\n.*\n小计：CN¥149\.00\n运费：CN¥15\.00\n合计：CN¥164\.00$/,
    );
    expect(
      toChinese(
        confirmationPrompt(
          'Place an order: 1 × 小米 充电宝 CN¥149.00. Subtotal CN¥149.00, discount CN¥0.00, shipping CN¥15.00, total CN¥164.00. Paid with the card ending 4242. Shipped to Li Wei, 1 Road, Shanghai 200000, CN.',
        ),
      ),
    ).toBe(
      '请确认：下单：1 × 小米 充电宝 CN¥149.00。小计 CN¥149.00，优惠 CN¥0.00，运费 CN¥15.00，合计 CN¥164.00。使用尾号 4242 的卡支付。寄送至 Li Wei, 1 Road, Shanghai 200000, CN。\n回复「确认」继续，或告诉我要修改什么。',
    );
  });

  it('leaves a sentence it does not know as it was', () => {
    expect(toChinese('Returns are accepted for 30 days.')).toBe('Returns are accepted for 30 days.');
  });

  it('renders offers, rewards, the wallet and order statuses in Chinese, figures untouched', () => {
    const offers = offersReply({
      toolName: 'list_offers',
      input: {},
      output: {
        offers: [
          {
            ref: 1,
            name: '新人专享券',
            reward: { type: 'amount', amount: cny(3_000) },
            code: null,
            remaining: 5,
          },
          {
            ref: 2,
            name: 'Welcome',
            reward: { type: 'percent', percent: 10, cap: { amount: 1_500, currency: 'USD' } },
            code: null,
            claimed: true,
          },
          {
            ref: 3,
            name: 'WELCOME5: $5 off orders over $40',
            reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
            code: 'WELCOME5',
          },
          { ref: 4, name: '包邮', reward: { type: 'free_shipping' }, code: null, remaining: 0 },
        ],
      },
    } as Parameters<typeof offersReply>[0]);
    expect(toChinese(offers)).toBe(
      [
        '当前优惠：',
        '1. **新人专享券**: 立减 CN¥30.00',
        '2. **Welcome**: 立减 10%（最多减 $15.00）（已在券包中）',
        '3. **WELCOME5: $5 off orders over $40**: 立减 $5.00，优惠码 WELCOME5',
        '4. **包邮**: 免运费（已领完）',
        '',
        '说「领第一个」即可领取优惠券。',
      ].join('\n'),
    );
    const wallet = walletReply({
      toolName: 'view_wallet',
      input: {},
      output: {
        coupons: [{ code: 'ZH-1234', reward: { type: 'amount', amount: cny(3_000) }, status: 'redeemed' }],
      },
    } as Parameters<typeof walletReply>[0]);
    expect(toChinese(wallet)).toBe('你的优惠券：\n- ZH-1234: 立减 CN¥30.00（已使用）');
    expect(
      toChinese(orderReply({ orderId: 'ord_abc', status: 'cancelled', total: cny(16_400), lines: [] })),
    ).toBe('订单 ord_abc **已取消**，合计 CN¥164.00。');
    // A product called "off-white" is not a reward.
    expect(toChinese('Here is what I found:\n1. **Nike 2 off-white**')).toBe(
      '为你找到：\n1. **Nike 2 off-white**',
    );
  });
});

describe('the fraud defences in replies', () => {
  const refused = (code: string) => failureReply({ output: { error: { code } } } as unknown as ToolEvent);

  it('tells the shopper where a claim the assistant cannot complete can be made, in both languages', () => {
    expect(refused('CHALLENGE_REQUIRED')).toBe(
      'Sorry, that claim needs a quick browser check; claim it on the Offers page.',
    );
    expect(refused('VERIFICATION_REQUIRED')).toContain('verify your e-mail address on the Offers page');
    expect(toChinese(refused('CHALLENGE_REQUIRED'))).toBe(
      '抱歉，领取需要在浏览器中完成一次验证；请在「优惠」页面领取。',
    );
    expect(toChinese(refused('VERIFICATION_REQUIRED'))).toBe(
      '抱歉，此优惠仅限已验证邮箱的顾客；请在「优惠」页面验证邮箱后领取。',
    );
    expect(toChinese(refused('CLAIM_DENIED'))).toBe('抱歉，商店的反欺诈规则拒绝了这次领取。');
  });
});
