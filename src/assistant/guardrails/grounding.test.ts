import { describe, expect, it } from 'vitest';
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
    expect(extractClaims('Use RUSH-7KX2-M9PQ now')).toEqual([{ kind: 'code', text: 'RUSH-7KX2-M9PQ' }]);
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
