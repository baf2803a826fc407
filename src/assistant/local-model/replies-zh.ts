import { COUPON_STATUS_ZH, ORDER_STATUS_ZH } from '../../shared/status-zh.js';
import { CAPABILITIES } from './replies.js';

/**
 * The local model's replies in Chinese. The reply templates (`replies.ts`, the planner's
 * questions) are written once, in English. This table renders each of them in Chinese, phrase by
 * phrase, for a shopper who wrote Chinese. Figures, product names and ids pass through untouched,
 * so the grounding guard sees the same facts. A sentence the table does not know stays English,
 * never half-translated into something it did not say.
 */
/** Order, return and coupon statuses as the replies print them ("return requested"), in Chinese. */
const STATUS_ZH: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({ ...ORDER_STATUS_ZH, ...COUPON_STATUS_ZH }).map(([status, zh]) => [
    status.replaceAll('_', ' '),
    zh,
  ]),
);

/** A money figure as the replies print it ("$5.00", "CN¥30.00"), left as it is. */
const MONEY = String.raw`(?:US\$|CN¥|JP¥|[$€£¥])[\d,]+(?:\.\d+)?`;

/** Where a reward begins: after an offer's "**name**: " or a wallet line's "- CODE: ". */
const AFTER_NAME = String.raw`\*\*: |^- [A-Z0-9-]+: `;

/** Rewards ("10% off, up to $15.00", "$5.00 off with code WELCOME5") and the offer and wallet states. */
const REWARD_PHRASES: readonly (readonly [RegExp, string])[] = [
  // Only where a reward stands (after an offer's **name**: or a wallet line's code), never inside a
  // campaign name such as "WELCOME5: $5 off orders over $40".
  [new RegExp(String.raw`(${AFTER_NAME})(\d+)% off, up to (${MONEY})`, 'gm'), '$1立减 $2%（最多减 $3）'],
  [new RegExp(String.raw`(${AFTER_NAME})(\d+)% off\b`, 'gm'), '$1立减 $2%'],
  [new RegExp(String.raw`(${AFTER_NAME})(${MONEY}) off\b`, 'gm'), '$1立减 $2'],
  [/ with code ([A-Z0-9-]+)/g, '，优惠码 $1'],
  [new RegExp(String.raw`(${AFTER_NAME})free shipping\b`, 'gm'), '$1免运费'],
  [/ \(already in your wallet\)/g, '（已在券包中）'],
  [/ \(all claimed\)/g, '（已领完）'],
  [/^There are no live deals right now\./, '目前没有进行中的优惠。'],
  [
    /^Your wallet has no coupons yet\. Ask me for deals to find some\./,
    '你的券包里还没有优惠券。问我「有什么优惠」就能找到。',
  ],
  ...Object.entries(STATUS_ZH).flatMap(([status, zh]): (readonly [RegExp, string])[] => [
    // A wallet line "- CODE: reward (redeemed)" and an order line "- ord_x: paid, $12.00".
    [new RegExp(String.raw` \(${status}\)$`, 'gm'), `（${zh}）`],
    [new RegExp(String.raw`^(- ord_\w+): ${status}, `, 'gm'), `$1：${zh}，`],
    [new RegExp(String.raw`is \*\*${status}\*\*`, 'g'), `is **${zh}**`],
  ]),
  [/Order (ord_\w+) is \*\*(.+?)\*\*, total ([^.\n]+\.\d\d)\./, '订单 $1 **$2**，合计 $3。'],
];

const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/^Hi! /, '你好！'],
  [
    new RegExp(CAPABILITIES.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    '我可以帮你搜索商品（按价格、颜色、尺码和评分筛选），回答商品问题，比较商品，管理购物车，查找和领取优惠券，结账，以及查询、取消或退货订单，也可以为你转接人工客服。',
  ],
  [/What are you shopping for\?/, '你想买点什么？'],
  [/^Here are results (\d+)-(\d+) of (\d+):/, '找到 $3 件商品，这是第 $1-$2 件：'],
  [/^Here is what I found:/, '为你找到：'],
  [
    /Ask about any of them by number, or add one to your cart\. Say "show more" for more\./,
    '可以按编号询问任何一件，或把它加入购物车。说「更多」查看更多。',
  ],
  [
    /Ask about any of them by number, or add one to your cart\./,
    '可以按编号询问任何一件，或把它加入购物车。',
  ],
  [/, rated (\d(?:\.\d)?)/g, '，评分 $1'],
  [/\*\* by ([^:\n]+):/g, '**（$1）：'],
  [
    /I could not find anything matching that\. Try fewer words or a wider price range\./,
    '没有找到相关商品。试试更少的关键词或更宽的价格范围。',
  ],
  [
    /^Which (size and color|color and size|size|color) would you like for \*\*(.+?)\*\*\? In stock: /,
    '**$2** 你想要哪个$1？有货：',
  ],
  [/哪个size and color|哪个color and size/, '哪个尺码和颜色'],
  [/哪个size/, '哪个尺码'],
  [/哪个color/, '哪个颜色'],
  [/(^|[：; ])size: /g, '$1尺码：'],
  [/(^|[：; ])color: /g, '$1颜色：'],
  [
    /\*\* costs ([^,]+), above the price limit you gave\. Shall I add it anyway\? Reply "yes" to add it\./,
    '** 价格 $1，超出了你给的价格上限。仍要加入吗？回复「确认」即可加入。',
  ],
  [/^Added (\d+) × (.+?) to your cart\. /, '已将 $1 × $2 加入购物车。'],
  [/Your cart:/, '你的购物车：'],
  [/Your cart is empty\./, '你的购物车是空的。'],
  [/^Sorry, your cart is empty\./, '抱歉，你的购物车是空的。'],
  [
    /^Sorry, that offer is for verified shoppers; verify your e-mail address on the Offers page and claim it there\./,
    '抱歉，此优惠仅限已验证邮箱的顾客；请在「优惠」页面验证邮箱后领取。',
  ],
  [
    /^Sorry, that claim needs a quick browser check; claim it on the Offers page\./,
    '抱歉，领取需要在浏览器中完成一次验证；请在「优惠」页面领取。',
  ],
  [/^Sorry, the shop's fraud rules refused that claim\./, '抱歉，商店的反欺诈规则拒绝了这次领取。'],
  [/\nSubtotal: /, '\n小计：'],
  [/\nDiscount: /, '\n优惠：'],
  [/\nShipping: /, '\n运费：'],
  [/\nTotal: /, '\n合计：'],
  [/ \(coupon ([^)]+)\)/, '（优惠券 $1）'],
  [/^Please confirm: /, '请确认：'],
  [/\nReply "yes" to go ahead, or tell me what to change\./, '\n回复「确认」继续，或告诉我要修改什么。'],
  [/Place an order: /, '下单：'],
  [
    /\. Subtotal ([^,]+), discount ([^,]+), shipping ([^,]+), total ([^.]+(?:\.\d\d)?)\./,
    '。小计 $1，优惠 $2，运费 $3，合计 $4。',
  ],
  [/ Paid with the card ending (\d{4})\./, '使用尾号 $1 的卡支付。'],
  [/ Shipped to (.+?)\.(\n|$)/, '寄送至 $1。$2'],
  [/^Done! Your order is placed\. /, '完成！订单已提交。'],
  [/Order (ord_\w+) is \*\*paid\*\*, total ([^.\n]+\.\d\d)\./, '订单 $1 **已支付**，合计 $2。'],
  [/^Okay, I have not added it\. What would you like instead\?/, '好的，没有加入。你想要别的吗？'],
  [/^Okay, I have not done it\. What would you like to do instead\?/, '好的，没有执行。你想做什么呢？'],
  [/^Okay\. What would you like to do instead\?/, '好的。你想做什么呢？'],
  [
    /^Sorry, I need a plain "yes" to the summary before I do that\./,
    '抱歉，需要你对摘要明确回复「确认」后我才能执行。',
  ],
  [
    /^There is nothing waiting for your confirmation\. What would you like to do\?/,
    '目前没有需要你确认的操作。你想做什么？',
  ],
  [
    /^I have asked a person from our team to join\. They will reply here shortly\./,
    '已为你转接人工客服，请稍候，他们会在这里回复你。',
  ],
  [/^Live deals:/, '当前优惠：'],
  [/\n\nSay "claim it" \(or "claim the first one"\) to get a coupon\./, '\n\n说「领第一个」即可领取优惠券。'],
  [
    /^Done! Coupon (\S+) \((.+?)\) is in your wallet\. Say "use my coupon" to apply it to your cart\./,
    '完成！优惠券 $1（$2）已放入你的券包。说「用优惠券」即可用到购物车。',
  ],
  [/^Your coupons:/, '你的优惠券：'],
  [/^Your orders:/, '你的订单：'],
  [/^Applied coupon (\S+)\. /, '已使用优惠券 $1。'],
  [/^Claim the coupon /, '领取优惠券 '],
  [/^To check out I need /, '结账还需要：'],
  [
    /a test card number \(say "pay with card" and its number; the test card ending 4242, listed on the checkout page, succeeds\)/,
    '测试卡号（说「用卡」加卡号；结账页列出的尾号 4242 的测试卡会支付成功）',
  ],
  [
    / and a shipping address as "ship to Name, Street, City, Postal code, Country code"\./,
    '，以及收货地址，例如「寄到 广东省深圳市南山区科技园路1号，张三，518000」。',
  ],
  [
    /^结账还需要：a shipping address as "ship to Name, Street, City, Postal code, Country code"\./,
    '结账还需要：收货地址，例如「寄到 广东省深圳市南山区科技园路1号，张三，518000」。',
  ],
  [/^(结账还需要：测试卡号（.+?）)\.$/, '$1。'],
  ...REWARD_PHRASES,
];

/** The reply in Chinese, phrase by phrase; what the table does not know is left as it was. */
export function toChinese(reply: string): string {
  let text = reply;
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  return text;
}
