import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../src/shared/error-catalog.js';
import { consoleEn } from '../web/src/console/locales/en.js';
import { consoleZhCn } from '../web/src/console/locales/zh-cn.js';
import { addressLayout, addressLines, phoneFits, postalCodeFits } from '../web/src/shared/address.js';
import { errorMessage, toLanguage } from '../web/src/shared/i18n.js';
import { commonEn } from '../web/src/shared/locales/common-en.js';
import { commonZhCn } from '../web/src/shared/locales/common-zh-cn.js';
import { errorMessagesZhCn } from '../web/src/shared/locales/errors-zh-cn.js';
import { formatMoney } from '../web/src/shared/money.js';
import { describeReward } from '../web/src/shared/reward.js';
import { storefrontEn } from '../web/src/storefront/locales/en.js';
import { storefrontZhCn } from '../web/src/storefront/locales/zh-cn.js';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') found.set(path, value);
    else for (const [inner, text] of leaves(value, path)) found.set(inner, text);
  }
  return found;
}

const placeholders = (text: string) =>
  new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]));
const tags = (text: string) => [...text.matchAll(/<\/?(\w+)>/g)].map((match) => match[0]).sort();

const NAMESPACES = [
  ['common', commonEn, commonZhCn],
  ['storefront', storefrontEn, storefrontZhCn],
  ['console', consoleEn, consoleZhCn],
] as const;

describe('web translations', () => {
  for (const [name, en, zh] of NAMESPACES) {
    describe(name, () => {
      const english = leaves(en as Tree);
      const chinese = leaves(zh as Tree);

      it('has every English key in Chinese, and nothing else', () => {
        expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
      });

      it('translates every string (no English left in the Chinese table)', () => {
        const untranslated = [...chinese].filter(
          ([key, text]) =>
            text === english.get(key) && /[a-z]{3}/.test(text.replace(/<[^>]+>|\{\{\w+\}\}/g, '')),
        );
        expect(untranslated).toEqual([]);
      });

      it('uses only the values English is given, and the same markup', () => {
        for (const [key, text] of chinese) {
          const source = english.get(key) ?? '';
          for (const variable of placeholders(text))
            expect(placeholders(source), `${key}: {{${variable}}}`).toContain(variable);
          expect(tags(text), key).toEqual(tags(source));
        }
      });
    });
  }

  it('has a Chinese message for every error code the server can send', () => {
    expect(Object.keys(errorMessagesZhCn).sort()).toEqual(Object.keys(ERROR_CATALOG).sort());
    for (const text of Object.values(errorMessagesZhCn)) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('web language choice', () => {
  it('reads any Chinese tag as zh-CN and everything else as English', () => {
    expect(toLanguage('zh')).toBe('zh-CN');
    expect(toLanguage('zh-TW')).toBe('zh-CN');
    expect(toLanguage('zh-Hans-CN')).toBe('zh-CN');
    expect(toLanguage('ZH-cn')).toBe('zh-CN');
    expect(toLanguage('en-GB')).toBe('en');
    expect(toLanguage('fr')).toBe('en');
    expect(toLanguage('zhx')).toBe('en');
    expect(toLanguage(undefined)).toBe('en');
  });

  describe('with the resources loaded', () => {
    beforeAll(async () => {
      await i18next.init({
        resources: {
          en: { common: commonEn },
          'zh-CN': { common: commonZhCn, errors: errorMessagesZhCn },
        },
        lng: 'en',
        fallbackLng: 'en',
        interpolation: { escapeValue: false },
      });
    });

    it('formats money and rewards in the language shown', async () => {
      await i18next.changeLanguage('en');
      expect(formatMoney({ amount: 29_900, currency: 'CNY' })).toBe('CN¥299.00');
      expect(describeReward({ type: 'amount', amount: { amount: 500, currency: 'USD' } })).toBe('$5.00 off');
      await i18next.changeLanguage('zh-CN');
      expect(formatMoney({ amount: 29_900, currency: 'CNY' })).toBe('¥299.00');
      expect(formatMoney({ amount: 1_200, currency: 'JPY' })).toBe('JP¥1,200');
      expect(describeReward({ type: 'amount', amount: { amount: 3_000, currency: 'CNY' } })).toBe(
        '立减 ¥30.00',
      );
      expect(describeReward({ type: 'percent', percent: 15, cap: { amount: 2_000, currency: 'CNY' } })).toBe(
        '立减 15%（最多减 ¥20.00）',
      );
      expect(describeReward({ type: 'free_shipping' })).toBe('免运费');
    });

    it("shows the server's own message in English and the translated one in Chinese", async () => {
      await i18next.changeLanguage('en');
      expect(errorMessage('INSUFFICIENT_STOCK', 'Only 2 left of Red shoes.')).toBe(
        'Only 2 left of Red shoes.',
      );
      await i18next.changeLanguage('zh-CN');
      expect(errorMessage('INSUFFICIENT_STOCK', 'Only 2 left of Red shoes.')).toBe('库存不足。');
      expect(errorMessage('A_CODE_FROM_A_NEWER_SERVER', 'Something new.')).toBe('Something new.');
    });
  });
});

describe('addresses by country', () => {
  it('asks a Chinese address from the province down, and requires the province and the phone', () => {
    expect(addressLayout('cn')).toEqual({
      fields: ['name', 'phone', 'region', 'city', 'line1', 'postalCode'],
      regionRequired: true,
      phoneRequired: true,
    });
    expect(addressLayout('US').fields).toEqual(['name', 'line1', 'city', 'region', 'postalCode', 'phone']);
    expect(addressLayout('DE')).toMatchObject({ regionRequired: false, phoneRequired: false });
  });

  it('knows a mainland mobile, and accepts other phones that are digits and separators', () => {
    expect(phoneFits('CN', '13800138000')).toBe(true);
    expect(phoneFits('CN', '+86 138 0013 8000')).toBe(true);
    expect(phoneFits('CN', '1380013800')).toBe(false);
    expect(phoneFits('CN', '020-12345678')).toBe(false);
    expect(phoneFits('US', '+1 (555) 123-4567')).toBe(true);
    expect(phoneFits('US', 'call me')).toBe(false);
  });

  it('knows the postal code shapes of China and the US, and accepts any other non-empty code', () => {
    expect(postalCodeFits('CN', '518000')).toBe(true);
    expect(postalCodeFits('CN', '5180')).toBe(false);
    expect(postalCodeFits('US', '12345-6789')).toBe(true);
    expect(postalCodeFits('US', '1234')).toBe(false);
    expect(postalCodeFits('GB', 'SW1A 1AA')).toBe(true);
    expect(postalCodeFits('GB', ' ')).toBe(false);
  });

  it('prints a Chinese address large to small with the name last, and others name first', () => {
    expect(
      addressLines({
        name: '张三',
        region: '广东省',
        city: '深圳市',
        line1: '南山区科技园路1号',
        postalCode: '518000',
        country: 'CN',
        phone: '13800138000',
      }),
    ).toEqual(['广东省深圳市南山区科技园路1号', '张三 13800138000 518000']);
    // A municipality is its own province: written once.
    expect(
      addressLines({
        name: '王芳',
        region: '上海市',
        city: '上海市',
        line1: '浦东新区世纪大道100号',
        postalCode: '200120',
        country: 'CN',
      }),
    ).toEqual(['上海市浦东新区世纪大道100号', '王芳 200120']);
    expect(
      addressLines({
        name: 'Ana Test',
        line1: '1 Main Street',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      }),
    ).toEqual(['Ana Test', '1 Main Street', 'Springfield 12345', 'US']);
    expect(
      addressLines({
        name: 'Li Wei',
        line1: '1 Nanjing Road',
        city: 'Shanghai',
        postalCode: '200000',
        country: 'CN',
      }),
    ).toEqual(['Li Wei', '1 Nanjing Road', 'Shanghai 200000', 'CN']);
  });
});
