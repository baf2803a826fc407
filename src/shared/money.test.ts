import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, parseMajorUnits, toMinorUnits } from './money.js';

describe('money by ISO 4217 exponents', () => {
  it('knows the minor unit of each currency, not only the two-decimal ones', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('CNY')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('krw')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    // ISO says forint has 2 decimals, though Intl displays none.
    expect(currencyExponent('HUF')).toBe(2);
  });

  it('converts and parses major units without drift or lost digits', () => {
    expect(toMinorUnits(12.99, 'USD')).toBe(1299);
    expect(toMinorUnits(1200, 'JPY')).toBe(1200);
    expect(toMinorUnits(1.25, 'KWD')).toBe(1250);
    expect(parseMajorUnits('1,200', 'JPY')).toBe(1200);
    expect(parseMajorUnits('12.5', 'JPY')).toBeUndefined();
    expect(parseMajorUnits('0.001', 'KWD')).toBe(1);
    expect(parseMajorUnits('0.001', 'USD')).toBeUndefined();
  });

  it('formats with the currency’s own digits', () => {
    const format = (...args: Parameters<typeof formatMoney>) => formatMoney(...args).replace(/\u00a0/g, ' ');
    expect(format({ amount: 1299, currency: 'USD' })).toBe('$12.99');
    expect(format({ amount: 1200, currency: 'JPY' })).toBe('¥1,200');
    expect(format({ amount: 1250, currency: 'KWD' })).toBe('KWD 1.250');
    expect(format({ amount: 9900, currency: 'CNY' })).toBe('CN¥99.00');
    expect(format({ amount: 9900, currency: 'CNY' }, 'zh-CN')).toBe('¥99.00');
    expect(format({ amount: 123450, currency: 'HUF' })).toBe('HUF 1,234.50');
  });
});
