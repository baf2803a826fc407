import { describe, expect, it } from 'vitest';
import { classifyIntent } from './intent.js';
import { chineseConstraints, chineseReference, chineseSearchQuery } from './intent-zh.js';
import { isPlainYes } from './plain-yes.js';

const shown = { hasShownProducts: true, hasPendingConfirmation: false };
const fresh = { hasShownProducts: false, hasPendingConfirmation: false };
const pending = { hasShownProducts: true, hasPendingConfirmation: true };

describe('classifyIntent on Chinese', () => {
  it.each([
    ['300元以内的蓝牙耳机', fresh, 'search'],
    ['我想买一双跑鞋', fresh, 'search'],
    ['加入第一个', shown, 'add_to_cart'],
    ['要第二个', shown, 'add_to_cart'],
    ['看看购物车', shown, 'view_cart'],
    ['结账', shown, 'checkout'],
    ['有什么优惠', fresh, 'list_offers'],
    ['领第一个', shown, 'claim_coupon'],
    ['我的券', fresh, 'view_wallet'],
    ['用优惠券', shown, 'apply_coupon'],
    ['我的订单', fresh, 'list_orders'],
    ['我的快递到哪了', fresh, 'order_status'],
    ['取消订单', fresh, 'cancel_order'],
    ['我要退货', fresh, 'return_items'],
    ['转人工', fresh, 'handoff'],
    ['你好', fresh, 'greeting'],
    ['确认', pending, 'confirm'],
    ['算了', pending, 'decline'],
    ['第一个多少钱', shown, 'product_question'],
  ])('%s -> %s', (text, context, kind) => {
    expect(classifyIntent(text, context).kind).toBe(kind);
  });

  it('reads the card and the address of a checkout', () => {
    const intent = classifyIntent(
      '结账，用卡 tok_abcdefghijklmnopqrstuvwx，寄到 Li Wei, 1 Road, Shanghai, 200000, CN',
      shown,
    );
    expect(intent).toEqual({
      kind: 'checkout',
      card: 'tok_abcdefghijklmnopqrstuvwx',
      address: 'Li Wei, 1 Road, Shanghai, 200000, CN',
    });
  });
});

describe('Chinese constraints, references and queries', () => {
  it('reads price bounds in 元 and 块', () => {
    expect(chineseConstraints('300元以内的耳机').maxPrice).toBe(30_000);
    expect(chineseConstraints('1000块以下').maxPrice).toBe(100_000);
    expect(chineseConstraints('500元以上').minPrice).toBe(50_000);
    expect(chineseConstraints('200到500元')).toMatchObject({ minPrice: 20_000, maxPrice: 50_000 });
  });

  it('reads positions, pronouns, ranks and colours', () => {
    expect(chineseReference('要第二个').positions).toEqual([2]);
    expect(chineseReference('最后一个').positions).toEqual([-1]);
    expect(chineseReference('这个').pronoun).toBe(true);
    expect(chineseReference('最便宜的那个').rank).toBe('cheapest');
    expect(chineseReference('黑色的那个').optionWords).toEqual(['黑色']);
  });

  it('searches what is left once the framing and the bound are gone', () => {
    expect(chineseSearchQuery('我想买一双300元以内的跑鞋')).toBe('跑鞋');
    expect(chineseSearchQuery('有没有保温杯')).toBe('保温杯');
  });

  it('confirms only on a plain Chinese yes', () => {
    for (const yes of ['确认', '好的', '可以', '没问题', '确认下单', '好的。'])
      expect(isPlainYes(yes)).toBe(true);
    for (const no of ['确认吗？', '好的，但是寄到上海', '可以便宜点吗', '好的吗'])
      expect(isPlainYes(no)).toBe(false);
  });
});
