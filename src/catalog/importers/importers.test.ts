import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/app-error.js';
import { parseMajorUnits } from '../../shared/money.js';
import { demoCatalogPath } from '../seed-demo-catalog.js';
import { convertDummyJson } from './convert-dummyjson.js';
import { convertTau2 } from './convert-tau2.js';
import { parseCatalogJson } from './parse-catalog-json.js';
import { htmlToText, parseShopifyCsv, productIdForHandle } from './parse-shopify-csv.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function importError(run: () => unknown): {
  message: string;
  problems: { row: number; path?: string; message: string }[];
} {
  try {
    run();
  } catch (error) {
    if (!isAppError(error, 'IMPORT_FAILED')) throw error;
    return { message: error.message, problems: error.details?.problems as never };
  }
  throw new Error('expected IMPORT_FAILED');
}

describe('Shopify product CSV', () => {
  it('groups rows by handle into products with variants, options and images', () => {
    const [tee, mug] = parseShopifyCsv(fixture('shopify-products.csv'));
    expect(tee).toMatchObject({
      id: 'prd_shopify_organic-cotton-tee',
      title: 'Organic Cotton Tee',
      description: 'Soft organic cotton & a relaxed fit.\nMachine wash',
      category: 'T-Shirts',
      brand: 'Rushwear',
      tags: ['cotton', 'basics', 'summer'],
    });
    expect(tee?.images).toEqual([
      'https://cdn.example.com/tee-red.jpg',
      'https://cdn.example.com/tee-blue.jpg',
      'https://cdn.example.com/tee-back.jpg',
    ]);
    expect(tee?.variants).toEqual([
      {
        sku: 'TEE-S-RED',
        options: { Size: 'S', Color: 'Red' },
        price: { amount: 1999, currency: 'USD' },
        stock: 12,
      },
      {
        sku: 'TEE-M-RED',
        options: { Size: 'M', Color: 'Red' },
        price: { amount: 1999, currency: 'USD' },
        stock: 0,
      },
      // Negative Shopify inventory (overselling allowed) means none on hand here.
      {
        sku: 'TEE-M-BLUE',
        options: { Size: 'M', Color: 'Blue' },
        price: { amount: 2150, currency: 'USD' },
        stock: 0,
      },
    ]);
    // "Title: Default Title" is Shopify's way of saying the product has no options.
    expect(mug?.variants).toEqual([
      { sku: 'MUG-1', options: {}, price: { amount: 1200, currency: 'USD' }, stock: 40 },
    ]);
    expect(mug?.category).toBe('Mugs');
  });

  it('takes the currency of the prices from the caller', () => {
    const [tee] = parseShopifyCsv(fixture('shopify-products.csv'), 'EUR');
    expect(tee?.variants[0]?.price).toEqual({ amount: 1999, currency: 'EUR' });
  });

  it('names the spreadsheet row of every bad row and imports nothing', () => {
    const { problems, message } = importError(() =>
      parseShopifyCsv(
        'Handle,Title,Variant Price,Variant Inventory Qty\nok,Fine,1.00,3\nbad,Broken,12.3.4,1\nworse,,2.00,x\n',
      ),
    );
    expect(message).toMatch(/^Row 3 \(Variant Price\)/);
    expect(problems.map((problem) => problem.row)).toContain(3);
    expect(problems.map((problem) => problem.row)).toContain(4);
  });

  it('refuses files that are not Shopify product CSVs or not CSV at all', () => {
    expect(importError(() => parseShopifyCsv('name,price\nx,1\n')).message).toMatch(/Handle/);
    expect(importError(() => parseShopifyCsv('Handle,Title,Variant Price\n"open,X,1\n')).message).toMatch(
      /CSV/,
    );
    expect(importError(() => parseShopifyCsv('')).message).toMatch(/no products/);
    expect(
      importError(() =>
        parseShopifyCsv('Handle,Title,Variant Price,Option1 Name,Option1 Value\nx,X,1,Size,S\nx,,2,,S\n'),
      ).problems[0]?.message,
    ).toMatch(/same options/);
  });

  it('parses decimal prices exactly and cleans HTML', () => {
    expect(parseMajorUnits('19.99', 'USD')).toBe(1999);
    expect(parseMajorUnits('0.1', 'USD')).toBe(10);
    expect(parseMajorUnits('1,299.50', 'USD')).toBe(129950);
    expect(parseMajorUnits('1e3', 'USD')).toBeUndefined();
    expect(parseMajorUnits('-1', 'USD')).toBeUndefined();
    expect(parseMajorUnits('19.999', 'USD')).toBeUndefined();
    // A yen has no minor unit, a Kuwaiti dinar has 1000 fils.
    expect(parseMajorUnits('1,200', 'JPY')).toBe(1200);
    expect(parseMajorUnits('1200.5', 'JPY')).toBeUndefined();
    expect(parseMajorUnits('1.250', 'KWD')).toBe(1250);
    expect(htmlToText('<p>A &amp; B&#33;</p><script>x</script>')).toBe('A & B!\nx');
    expect(productIdForHandle('Weird Handle!')).toMatch(/^prd_shopify_[0-9a-f]{24}$/);
  });
});

describe('our JSON catalog format', () => {
  it('accepts an array or { products } and reports bad items by position', () => {
    const product = { title: 'Mug', variants: [{ price: { amount: 500, currency: 'USD' }, stock: 2 }] };
    expect(parseCatalogJson([product])).toHaveLength(1);
    expect(parseCatalogJson({ products: [product] })).toHaveLength(1);
    const { problems } = importError(() =>
      parseCatalogJson([
        product,
        { ...product, variants: [{ price: { amount: -1, currency: 'USD' }, stock: 1 }] },
      ]),
    );
    expect(problems[0]).toMatchObject({ row: 2, path: 'variants.0.price.amount' });
    expect(
      importError(() =>
        parseCatalogJson([
          { ...product, id: 'a' },
          { ...product, id: 'a' },
        ]),
      ).problems[0],
    ).toMatchObject({
      row: 2,
      path: 'id',
    });
    expect(importError(() => parseCatalogJson({ nope: true })).message).toMatch(/array of products/);
    expect(importError(() => parseCatalogJson([])).message).toMatch(/no products/);
  });
});

describe('demo data converters', () => {
  it('turns DummyJSON products into one default variant each, prices in cents', () => {
    const products = convertDummyJson(JSON.parse(fixture('dummyjson-sample.json')));
    expect(products[0]).toMatchObject({
      id: 'prd_dummyjson_1',
      title: 'Essence Mascara Lash Princess',
      brand: 'Essence',
      rating: 2.56,
      variants: [{ id: 'var_dummyjson_1', options: {}, price: { amount: 999, currency: 'USD' }, stock: 99 }],
    });
    expect(products[1]?.brand).toBeNull();
    expect(() => parseCatalogJson(products)).not.toThrow();
  });

  it('turns tau2 products into variants with options; unavailable means no stock', () => {
    const document = JSON.parse(fixture('tau2-sample.json')) as {
      products: Record<
        string,
        { name: string; variants: Record<string, { available: boolean; price: number }> }
      >;
    };
    const products = convertTau2(document);
    const tee = products.find((product) => product.title === 'T-Shirt');
    const upstream = Object.values(document.products).find((product) => product.name === 'T-Shirt');
    expect(tee?.category).toBe('clothing');
    expect(tee?.variants).toHaveLength(Object.keys(upstream?.variants ?? {}).length);
    for (const variant of tee?.variants ?? []) {
      const source = upstream?.variants[variant.sku ?? ''];
      expect(variant.id).toBe(`var_tau2_${variant.sku}`);
      expect(variant.price.amount).toBe(Math.round((source?.price ?? 0) * 100));
      if (source?.available === false) expect(variant.stock).toBe(0);
      else expect(variant.stock).toBeGreaterThanOrEqual(5);
    }
    // The same input always converts to the same catalog.
    expect(convertTau2(document)).toEqual(products);
  });

  it('keeps the committed demo catalog importable, complete and stable', () => {
    const products = parseCatalogJson(JSON.parse(readFileSync(demoCatalogPath(), 'utf8')));
    expect(products).toHaveLength(244);
    expect(products.reduce((sum, product) => sum + product.variants.length, 0)).toBe(785);
    expect(products.every((product) => product.id !== undefined)).toBe(true);
    expect(products.every((product) => product.variants.every((variant) => variant.id !== undefined))).toBe(
      true,
    );
  });
});
