import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money.js';
import { searchReply } from '../local-model/replies.js';
import { collectFacts, extractClaims, ungroundedClaims } from './grounding.js';
import { MAX_REPLY_CHARS, sanitizeReply } from './output-guard.js';

const searchResult = {
  ok: true,
  items: [{ ref: 1, title: 'Nescafe Coffee', price: { amount: 799, currency: 'USD' }, rating: 4.8 }],
};
const wallet = { ok: true, coupons: [{ code: 'RUSH-7KX2-M9PQ', reward: { type: 'percent', percent: 10 } }] };
const order = {
  ok: true,
  order: { orderId: 'ord_abc123', status: 'paid', total: { amount: 125_000, currency: 'USD' } },
};
const product = { ok: true, product: { title: 'Tee', description: 'Made of 100% cotton', stock: 37 } };

describe('grounding', () => {
  const facts = collectFacts([searchResult, wallet, order, product]);

  it('accepts facts that tool results contain', () => {
    expect(ungroundedClaims('Nescafe Coffee costs $7.99 and is rated 4.8.', facts)).toEqual([]);
    expect(ungroundedClaims('Coupon RUSH-7KX2-M9PQ gives 10% off.', facts)).toEqual([]);
    expect(ungroundedClaims('Order ord_abc123 is paid, total $1,250.00.', facts)).toEqual([]);
    expect(ungroundedClaims('It is 100% cotton; 37 in stock.', facts)).toEqual([]);
    expect(
      ungroundedClaims(
        'Welcome offer: 10% off up to $15',
        collectFacts([{ name: 'Welcome offer: 10% off up to $15' }]),
      ),
    ).toEqual([]);
  });

  it('flags invented prices, stock, percentages, orders and codes', () => {
    const claims = ungroundedClaims(
      'Only $3.49, 12 left, 50% off with code FREE100 on order ord_zzz9.',
      facts,
    );
    expect(claims.map((claim) => claim.kind).sort()).toEqual(['code', 'money', 'order', 'percent', 'stock']);
  });

  it('reads hyphenated codes whole and ignores plain words', () => {
    expect(extractClaims('Use RUSH-7KX2-M9PQ now')).toEqual([
      { kind: 'code', text: 'RUSH-7KX2-M9PQ', index: 4 },
    ]);
    expect(extractClaims('Hello there, USB cables and HDMI')).toEqual([]);
  });
});

describe('output guard', () => {
  it('removes raw HTML, script links, images and hidden characters', () => {
    const reply = sanitizeReply(
      'Hi <script>alert(1)</script><b>there</b> [click](javascript:alert(1)) ![x](https://evil/x.png) a\u200bb <!-- hidden -->',
    );
    expect(reply).toBe('Hi there click  ab');
  });
  it('bounds the length', () => {
    expect(sanitizeReply('x'.repeat(10_000)).length).toBe(MAX_REPLY_CHARS);
  });
});

describe('grounding bound to what a figure is said about', () => {
  const product = (title: string, amount: number, extra: Record<string, unknown> = {}) => ({
    title,
    price: { amount, currency: 'USD' },
    ...extra,
  });
  const search = {
    ok: true,
    items: [
      product('Nescafe Coffee', 799),
      product('Blue Mug', 1200, { description: 'A 50% cotton sleeve' }),
      product('Blue Mug Set', 3000),
    ],
  };
  const cart = {
    ok: true,
    cart: {
      lines: [
        { title: 'Blue Mug', quantity: 2, lineTotal: { amount: 2400, currency: 'USD' } },
        { title: 'Nescafe Coffee', quantity: 1, lineTotal: { amount: 799, currency: 'USD' } },
      ],
      total: { amount: 3199, currency: 'USD' },
    },
  };
  const offers = { ok: true, offers: [{ name: 'Spring deal', reward: { type: 'percent', percent: 10 } }] };
  const facts = collectFacts([search, cart, offers]);
  const flagged = (reply: string) => ungroundedClaims(reply, facts).map((claim) => claim.text);

  it("flags another product's price stated about a product, and accepts its own", () => {
    expect(flagged('**Blue Mug**: $7.99')).toEqual(['$7.99']);
    expect(flagged('**Nescafe Coffee**: $7.99')).toEqual([]);
    expect(flagged('1. **Blue Mug**: $12.00\n2. **Blue Mug Set**: $30.00')).toEqual([]);
    expect(flagged('**Blue Mug Set** costs $12.00.')).toEqual(['$12.00']);
    // A figure of no named thing (a cart total) may be said beside a product.
    expect(flagged('Added 2 × Blue Mug to your cart, total $31.99.')).toEqual([]);
    expect(flagged('Your total is $31.99. Blue Mug is $12.00.')).toEqual([]);
    // Two things named in one sentence: each figure may be either's.
    expect(flagged('Nescafe Coffee and Blue Mug cost $7.99 and $12.00.')).toEqual([]);
    expect(flagged('Nescafe Coffee and Blue Mug cost $7.99 and $30.00.')).toEqual(['$30.00']);
  });

  it('reads money in symbols, codes, words and Chinese, and checks the currency', () => {
    expect(flagged('Nescafe Coffee costs USD 7.99 (7.99 dollars, US$7.99).')).toEqual([]);
    expect(flagged('It costs USD 1.00.')).toEqual(['USD 1.00']);
    expect(flagged('Only thirteen dollars!')).toEqual(['thirteen dollars']);
    expect(flagged('It was 13 dollars, now USD 7.99.')).toEqual(['13 dollars']);
    expect(flagged('Blue Mug is twelve dollars.')).toEqual([]);
    expect(flagged('Twenty-four dollars for two.')).toEqual([]);
    expect(flagged('Nescafe Coffee is €7.99.')).toEqual(['€7.99']);
    expect(flagged('蓝色杯子只要12元。')).toEqual(['12元']);
    expect(
      ungroundedClaims('价格12元。', collectFacts([{ price: { amount: 1200, currency: 'CNY' } }])),
    ).toEqual([]);
  });

  it('needs a discount figure for a discount, in every form', () => {
    expect(flagged('Spring deal: 10% off.')).toEqual([]);
    expect(flagged('Save ten percent with the Spring deal.')).toEqual([]);
    expect(flagged('Get 50% off today.')).toEqual(['50%']);
    expect(flagged('90 percent off everything')).toEqual(['90 percent']);
    expect(flagged('ninety percent off')).toEqual(['ninety percent']);
    // Not a discount: the sleeve's "50% cotton", said of that mug.
    expect(flagged('The Blue Mug has a 50% cotton sleeve.')).toEqual([]);
  });

  it('does not read ordinary words as figures', () => {
    for (const reply of [
      'Take a left at the store.',
      'Someone left a review.',
      'SKU 123 ships in 2 sizes, 2 for 1 is not a deal, top 5 picks.',
      'Which one do you mean? Pick one.',
    ]) {
      expect(extractClaims(reply).filter((claim) => claim.kind !== 'code')).toEqual([]);
    }
  });
});

describe('grounding over generated catalogs', () => {
  const NAMES = [
    'Kettle',
    'Lamp',
    'Scarf',
    'Boots',
    'Desk',
    'Chair',
    'Teapot',
    'Backpack',
    'Helmet',
    'Candle',
  ];
  const catalog = fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 2, maxLength: 5 }).chain((names) =>
    fc
      .uniqueArray(fc.integer({ min: 100, max: 99_999 }), {
        minLength: names.length,
        maxLength: names.length,
      })
      .map((amounts) =>
        names.map((name, index) => ({
          ref: index + 1,
          productId: `prd_${index}`,
          variantId: null,
          title: `Blue ${name}`,
          brand: null,
          price: { amount: amounts[index] ?? 100, currency: 'USD' },
          rating: null,
          inStock: true,
          options: {},
        })),
      ),
  );
  const searchEvent = (items: unknown[]) => ({
    toolName: 'search_products',
    input: {},
    output: { ok: true, total: items.length, offset: 0, items },
  });

  it('accepts every list the local model writes from the results', () => {
    fc.assert(
      fc.property(catalog, (items) => {
        const event = searchEvent(items);
        expect(ungroundedClaims(searchReply(event, false), collectFacts([event.output]))).toEqual([]);
      }),
    );
  });

  it("flags a list that gives one product another's price", () => {
    fc.assert(
      fc.property(catalog, (items) => {
        const event = searchEvent(items);
        const [first, second] = items;
        if (first === undefined || second === undefined) return;
        const swapped = searchEvent([{ ...first, price: second.price }, ...items.slice(1)]);
        const flaggedClaims = ungroundedClaims(searchReply(swapped, false), collectFacts([event.output]));
        expect(flaggedClaims.map((claim) => claim.text)).toEqual([formatMoney(second.price)]);
      }),
    );
  });
});
