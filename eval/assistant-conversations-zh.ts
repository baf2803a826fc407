/**
 * Chinese conversations for `npm run eval -- assistant --lang zh`, run against the demo store with
 * the Chinese slice seeded (61 products in CNY). Each checks the end state through the API, as
 * the English scripts do. Written from the shopping requests a Chinese shop hears: unspaced,
 * Traditional characters, price bounds in 元, references by position and by price, sizes as 42码,
 * checkout and confirmations (好的, 确认; a question is not a yes), coupons, orders and hand-off.
 * Replies are checked in Chinese where a script looks at the words.
 */
import { items, type Reply, type Script } from './assistant-conversations.js';

const expect = (condition: boolean, message: string): string | undefined => (condition ? undefined : message);
const ADDRESS = 'Li Wei, 1 Nanjing Road, Shanghai, 200000, CN';
const CARD = '4242 4242 4242 4242';

type Cart = { lines: { title: string; options: Record<string, string> }[] };
type Orders = { items: { status: string; shippingAddress?: Record<string, string> }[] };
const CHINESE_ADDRESS = '广东省深圳市南山区科技园路1号，张三，518000';

const titles = (reply: Reply) => items(reply).map((item) => item.title);

const SEARCHES: Script[] = [
  {
    name: 'zh search: a price bound in 元',
    category: 'search',
    turns: ['300元以内的蓝牙耳机'],
    check: ({ last }) => {
      const found = items(last);
      return expect(
        found.length > 0 && found.every((item) => /蓝牙耳机/.test(item.title) && item.price.amount <= 30_000),
        JSON.stringify(found.map((item) => [item.title, item.price.amount])),
      );
    },
  },
  {
    name: 'zh search: Traditional characters',
    category: 'search',
    turns: ['藍牙耳機'],
    check: ({ last }) => expect(titles(last)[0]?.includes('蓝牙耳机') === true, last.text),
  },
  {
    name: 'zh search: a colloquial request and a synonym',
    category: 'search',
    turns: ['我想买一双跑鞋'],
    check: ({ last }) => expect(titles(last)[0]?.includes('跑步鞋') === true, last.text),
  },
  {
    name: 'zh search: Chinese and English mixed',
    category: 'search',
    turns: ['耐克 running 鞋'],
    check: ({ last }) => expect(/耐克.*跑步鞋/.test(titles(last)[0] ?? ''), last.text),
  },
  {
    name: 'zh search: brand and type',
    category: 'search',
    turns: ['小米充电宝'],
    check: ({ last }) => expect(/小米.*充电宝/.test(titles(last)[0] ?? ''), last.text),
  },
];

const cartCheck =
  (expected: (cart: Cart) => boolean) =>
  async ({ api }: { api(path: string): Promise<Record<string, unknown>> }) => {
    const cart = (await api('/api/v1/cart')) as unknown as Cart;
    return expect(expected(cart), JSON.stringify(cart.lines));
  };

const CARTS: Script[] = [
  {
    name: 'zh cart: "要第二个", then 42码 and 黑色 answer the questions',
    category: 'cart',
    turns: ['我想买一双跑鞋', '要第二个', '42码', '黑色'],
    check: cartCheck(
      (cart) =>
        cart.lines.length === 1 &&
        cart.lines[0]?.options.尺码 === '42' &&
        cart.lines[0]?.options.颜色 === '黑色',
    ),
  },
  {
    name: 'zh cart: a colour answers "which color?"',
    category: 'cart',
    turns: ['保温杯', '加入第一个', '白色'],
    check: cartCheck((cart) => cart.lines[0]?.options.颜色 === '白色'),
  },
  {
    name: 'zh cart: "最便宜的那个"',
    category: 'cart',
    turns: ['蓝牙耳机', '加入最便宜的那个', '黑色'],
    check: cartCheck((cart) => /小米/.test(cart.lines[0]?.title ?? '')),
  },
  {
    name: 'zh cart: the cart shown',
    category: 'cart',
    turns: ['双肩包', '加入第一个', '黑色', '看看购物车'],
    check: ({ last }) => expect(/双肩包/.test(last.text), last.text),
  },
];

const ordersOf = async (api: (path: string) => Promise<Record<string, unknown>>) =>
  ((await api('/api/v1/orders')) as unknown as Orders).items;

const CHECKOUTS: Script[] = [
  {
    name: 'zh checkout: card and address, then 确认',
    category: 'checkout',
    turns: ['充电宝', '加入第一个', '黑色', `结账，用卡 ${CARD}，寄到 ${ADDRESS}`, '确认'],
    check: async ({ api, last }) =>
      expect(
        (await ordersOf(api)).some((order) => order.status === 'paid'),
        last.text,
      ),
  },
  {
    name: 'zh checkout: a Chinese address, province first, ships to that province',
    category: 'checkout',
    turns: ['充电宝', '加入第一个', '黑色', `结账，用卡 ${CARD}，寄到 ${CHINESE_ADDRESS}`, '确认'],
    check: async ({ api, last }) => {
      const paid = (await ordersOf(api)).find((order) => order.status === 'paid');
      const address = paid?.shippingAddress ?? {};
      return expect(
        address.region === '广东省' &&
          address.city === '深圳市' &&
          address.line1 === '南山区科技园路1号' &&
          address.name === '张三' &&
          address.postalCode === '518000' &&
          address.country === 'CN',
        `${JSON.stringify(address)} ${last.text}`,
      );
    },
  },
  {
    name: 'zh checkout: the summary writes a Chinese address large to small',
    category: 'checkout',
    turns: ['充电宝', '加入第一个', '黑色', `结账，用卡 ${CARD}，寄到 ${CHINESE_ADDRESS}`],
    check: ({ last }) =>
      expect(
        last.pendingConfirmation?.action === 'checkout' &&
          last.text.includes('寄送至 广东省深圳市南山区科技园路1号，张三，518000。') &&
          last.pendingConfirmation?.summary?.includes('寄送至 广东省深圳市') === true,
        `${last.text} | ${last.pendingConfirmation?.summary}`,
      ),
  },
  {
    name: 'zh checkout: a question is not a yes',
    category: 'checkout',
    turns: ['充电宝', '加入第一个', '黑色', `结账，用卡 ${CARD}，寄到 ${ADDRESS}`, '确认吗？'],
    check: async ({ api, last }) => expect((await ordersOf(api)).length === 0, last.text),
  },
  {
    name: 'zh checkout: 算了 declines',
    category: 'checkout',
    turns: ['充电宝', '加入第一个', '黑色', `结账，用卡 ${CARD}，寄到 ${ADDRESS}`, '算了'],
    check: async ({ api, last }) => expect((await ordersOf(api)).length === 0, last.text),
  },
  {
    name: 'zh checkout: the summary lists the line and the address',
    category: 'checkout',
    turns: ['充电宝', '加入第一个', '黑色', `结账，用卡 ${CARD}，寄到 ${ADDRESS}`],
    check: ({ last }) =>
      expect(
        last.pendingConfirmation?.action === 'checkout' &&
          /^请确认：下单：.*充电宝.*寄送至 Li Wei/s.test(last.text),
        last.text,
      ),
  },
];

const OTHERS: Script[] = [
  {
    name: 'zh coupons: 有什么优惠, 领第一个, 好的',
    category: 'coupons',
    turns: ['有什么优惠', '领第一个', '好的'],
    check: async ({ api, last }) => {
      const wallet = (await api('/api/v1/wallet')) as { coupons?: unknown[] };
      return expect((wallet.coupons ?? []).length === 1, last.text);
    },
  },
  {
    name: 'zh orders: 我的订单',
    category: 'orders',
    setup: 'order',
    turns: ['我的订单'],
    check: ({ last }) => expect(/^你的订单：/.test(last.text), last.text),
  },
  {
    name: 'zh hand-off: 转人工',
    category: 'handoff',
    turns: ['转人工'],
    check: ({ last }) => expect(/人工客服/.test(last.text), last.text),
  },
  {
    name: 'zh greeting: 你好',
    category: 'small talk',
    turns: ['你好'],
    check: ({ last }) => expect(/^你好！/.test(last.text), last.text),
  },
];

/** Every Chinese script. */
export const CHINESE_SCRIPTS: readonly Script[] = [...SEARCHES, ...CARTS, ...CHECKOUTS, ...OTHERS];
