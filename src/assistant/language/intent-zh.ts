import type { Constraints } from './constraints.js';
import { cardNumber, type Intent, type IntentContext } from './intent.js';
import type { Reference } from './references.js';

/** Chinese numerals a shopper writes for small counts and positions. */
const NUMERALS: Readonly<Record<string, number>> = {
  一: 1,
  两: 2,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** Colours as the Chinese catalog writes them (option values there are Chinese). */
const COLORS = [
  '藏青色',
  '黑色',
  '白色',
  '红色',
  '蓝色',
  '灰色',
  '粉色',
  '绿色',
  '紫色',
  '黄色',
  '银色',
  '米白色',
  '透明',
];

/** Words that frame a request and name no product: removed before the rest is searched. */
const FRAMING =
  /我想要|我想买|我要买|想要|想买|我要|我想|帮我找找|帮我找|给我找|帮我|给我|找一下|找找|推荐一下|推荐|有没有|有吗|一双|一个|一件|一条|一款|一些|看看|请问|麻烦|吗|呢|吧|的/g;

function numberOf(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  if (/^\d+$/.test(token)) return Number(token);
  return NUMERALS[token];
}

/** "第二个", "最后一个", "这个", "最便宜的", "红色的那个": what a Chinese message points at. */
export function chineseReference(text: string): Reference {
  const positions: number[] = [];
  for (const match of text.matchAll(/第\s*([一二两三四五六七八九十]|\d{1,2})\s*[个件款双条]?/g)) {
    const position = numberOf(match[1]);
    if (position !== undefined && !positions.includes(position)) positions.push(position);
  }
  if (/最后一[个件款]/.test(text)) positions.push(-1);
  const reference: Reference = {
    positions,
    pronoun: /这个|那个|这款|那款|它|这件|那件/.test(text),
    nameWords: [],
  };
  if (/最便宜|便宜的那|便宜点的|更便宜/.test(text)) reference.rank = 'cheapest';
  else if (/最贵|贵的那|更贵/.test(text)) reference.rank = 'priciest';
  else if (/评分最高|好评最多|评价最好/.test(text)) reference.rank = 'best_rated';
  const colors = COLORS.filter((color) => text.includes(color));
  if (colors.length > 0) reference.optionWords = colors;
  return reference;
}

/** Price bounds in yuan ("300元以内", "1000块以下", "200到500元", "500元以上"), colours and sizes. */
export function chineseConstraints(text: string): Constraints {
  const constraints: Constraints = { colors: [], sizes: [], materials: [] };
  const fen = (yuan: string | undefined) => Math.round(Number(yuan) * 100);
  const range = /(\d+(?:\.\d+)?)\s*(?:元|块)?\s*(?:到|至|-|~)\s*(\d+(?:\.\d+)?)\s*(?:元|块)/.exec(text);
  const upTo =
    /(\d+(?:\.\d+)?)\s*(?:元|块钱|块)\s*(?:以内|以下|之内|内)|(?:不超过|低于|少于)\s*(\d+(?:\.\d+)?)\s*(?:元|块)?/.exec(
      text,
    );
  const from = /(\d+(?:\.\d+)?)\s*(?:元|块钱|块)\s*以上|(?:高于|超过)\s*(\d+(?:\.\d+)?)\s*(?:元|块)?/.exec(
    text,
  );
  if (range !== null) {
    constraints.minPrice = fen(range[1]);
    constraints.maxPrice = fen(range[2]);
  } else {
    if (upTo !== null) constraints.maxPrice = fen(upTo[1] ?? upTo[2]);
    if (from !== null) constraints.minPrice = fen(from[1] ?? from[2]);
  }
  constraints.colors = COLORS.filter((color) => text.includes(color));
  for (const match of text.matchAll(
    /(?:尺码|码数|尺寸)\s*[:：]?\s*([A-Za-z]{1,3}|\d{2})|\b(XXL|XL|[SML])\b|(\d{2})\s*码/g,
  )) {
    const size = (match[1] ?? match[2] ?? match[3] ?? '').toUpperCase();
    if (size !== '' && !constraints.sizes.includes(size)) constraints.sizes.push(size);
  }
  if (/最便宜|便宜点|更便宜/.test(text)) constraints.priceMove = 'cheaper';
  else if (/有货|现货/.test(text)) constraints.inStock = true;
  return constraints;
}

/** What is left of a Chinese request to search for: framing, bounds and colours removed. */
export function chineseSearchQuery(text: string): string {
  return text
    .replace(/(\d+(?:\.\d+)?)\s*(?:元|块钱|块)?\s*(?:到|至|-|~)\s*(\d+(?:\.\d+)?)\s*(?:元|块)/g, ' ')
    .replace(/(\d+(?:\.\d+)?)\s*(?:元|块钱|块)\s*(?:以内|以下|之内|以上|内)?/g, ' ')
    .replace(/(?:不超过|低于|少于|高于|超过)\s*\d+/g, ' ')
    .replace(FRAMING, ' ')
    .replace(/[，,。！!？?、]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function quantityOf(text: string): number {
  const match = /([一两二三四五六七八九十]|\d{1,2})\s*[个件双条份台只瓶盒]/.exec(
    text.replace(/第\s*\S/g, ''),
  );
  return Math.min(numberOf(match?.[1]) ?? 1, 99);
}

/**
 * Classifies a Chinese message into the same intents as English ones, so the planner, tools and
 * guardrails are shared: search with price bounds in 元/块 and colours, references (第二个, 这个,
 * 最便宜的), cart, coupons (领券, 优惠券), checkout (结账, 下单), confirmations (好的, 确认 only:
 * anything more is not a yes), orders, cancellations, returns and hand-off.
 */
export function classifyChinese(text: string, context: IntentContext): Intent {
  const t = text.trim().replace(/[。！!.]+$/g, '');
  const reference = chineseReference(t);
  const constraints = chineseConstraints(t);
  if (/人工|真人|客服|转人工/.test(t)) return { kind: 'handoff' };
  if (context.hasPendingConfirmation) {
    if (/^(?:好的?|确认|确定|是的?|对的?|可以|行|没问题|嗯|下单吧|就这样)$/.test(t))
      return { kind: 'confirm' };
    if (/^(?:不要|不用|算了|先不|不了|取消|不对|等一下)/.test(t)) return { kind: 'decline' };
  }
  if (/^(?:不要|不用|算了|先不|不了)(?:了|吧|谢谢)?$/.test(t)) return { kind: 'decline' };
  if (/^(?:你好|您好|嗨|哈喽|在吗|早上好|晚上好)/.test(t)) return { kind: 'greeting' };
  if (/^(?:谢谢|多谢|感谢|好的谢谢)/.test(t)) return { kind: 'thanks' };
  if (/你能做什么|你会什么|怎么用|帮助/.test(t)) return { kind: 'help' };
  const orderId = /\b(ord_[a-z0-9]+)\b/.exec(t)?.[1];
  if (/取消.{0,4}订单|订单.{0,4}取消/.test(t)) return { kind: 'cancel_order', orderId };
  if (/退货|退款|退掉/.test(t)) return { kind: 'return_items', orderId, reason: t };
  if (/物流|到哪了|发货了吗|订单状态|什么时候到/.test(t)) return { kind: 'order_status', orderId };
  if (/我的订单|订单列表|查.{0,2}订单|历史订单/.test(t)) return { kind: 'list_orders' };
  if (/我的(?:优惠)?券|券包|我有什么券/.test(t)) return { kind: 'view_wallet' };
  if (/用券|使用.{0,3}(?:优惠)?券|用.{0,2}优惠券|用这张/.test(t))
    return { kind: 'apply_coupon', code: undefined };
  if (/领(?:取)?(?:一下|这个|第|那个)?.{0,4}(?:券|优惠)?$|^领/.test(t) && /领/.test(t)) {
    return { kind: 'claim_coupon', reference };
  }
  if (/优惠|折扣|活动|优惠券|红包/.test(t)) return { kind: 'list_offers' };
  if (
    /结账|结算|下单|付款|买单|去支付|支付/.test(t) ||
    (cardNumber(t) !== undefined && /卡|寄到|送到|地址/.test(t))
  ) {
    // The address is Chinese (province to street, name, postal code) or English ("Name, Street, City, Postal code, CC").
    const address = /(?:寄到|送到|收货地址|地址)\s*[是为:：]?\s*(.+)$/.exec(t)?.[1]?.trim();
    return { kind: 'checkout', address, card: cardNumber(t) };
  }
  if (/删除|删掉|移除|不要了|拿掉/.test(t) && /购物车|这个|那个|第/.test(t))
    return { kind: 'remove_from_cart', reference };
  if (
    /加入|加到|放进|放入|加购|来一|要这个|要那个|就要|买这个|买那个|要第|买第/.test(t) &&
    context.hasShownProducts
  ) {
    return { kind: 'add_to_cart', reference, quantity: quantityOf(t), constraints };
  }
  if (/购物车/.test(t)) return { kind: 'view_cart' };
  if (/对比|比较|哪个好/.test(t) && context.hasShownProducts) return { kind: 'compare', reference };
  if (/更多|还有吗|下一页|换一批/.test(t) && context.hasShownProducts) return { kind: 'show_more' };
  if (context.hasShownProducts && (reference.positions.length > 0 || reference.pronoun)) {
    if (/尺码|码数|多大/.test(t))
      return { kind: 'product_question', aspect: 'sizes', reference, constraints };
    if (/颜色|什么色/.test(t)) return { kind: 'product_question', aspect: 'colors', reference, constraints };
    if (/多少钱|价格|贵不贵/.test(t))
      return { kind: 'product_question', aspect: 'price', reference, constraints };
    if (/库存|有货|还有吗/.test(t))
      return { kind: 'product_question', aspect: 'stock', reference, constraints };
    return { kind: 'product_question', aspect: 'details', reference, constraints };
  }
  // Colours and sizes stay in the searched words (the Chinese catalog's options are 颜色 and 尺码,
  // not color and size, so they are matched as text rather than as option filters).
  const query = chineseSearchQuery(t);
  const bounds: Constraints = { ...constraints, colors: [], sizes: [] };
  if (query === '' && constraints.maxPrice === undefined && constraints.minPrice === undefined)
    return { kind: 'help' };
  if ((context.hasShownProducts || context.hasSearch === true) && query === '')
    return { kind: 'refine', query, constraints: bounds };
  return { kind: 'search', query, constraints: bounds };
}
