import { describe, expect, it } from 'vitest';
import { cartReply, confirmationPrompt } from './replies.js';
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
});
