import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

interface VariantBody {
  id: string;
  options: Record<string, string>;
  price: { amount: number; currency: string };
  stock: number;
  inStock: boolean;
}
interface ItemBody {
  id: string;
  title: string;
  category: string;
  variants: VariantBody[];
  matchedVariantIds: string[];
  price: { amount: number; currency: string };
}
interface SearchBody {
  items: ItemBody[];
  total: number;
  nextCursor?: string;
  facets?: { category: { value: string; count: number }[]; options: Record<string, { value: string }[]> };
}

const shopifyCsv = readFileSync(
  new URL('../src/catalog/importers/fixtures/shopify-products.csv', import.meta.url),
  'utf8',
);

const newProduct = {
  title: 'Trail Runner',
  description: 'Light trail shoe',
  category: 'shoes',
  brand: 'Rushwear',
  variants: [
    { options: { size: '10', color: 'blue' }, price: { amount: 8900, currency: 'USD' }, stock: 3 },
    { options: { size: '11', color: 'blue' }, price: { amount: 8900, currency: 'USD' }, stock: 0 },
  ],
};

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`catalog HTTP on ${store.name}`, () => {
    let test: TestApp;
    let admin: { authorization: string };
    beforeAll(async () => {
      // About catalog behaviour; admission's event-loop shedding (a busy shared test machine trips it)
      // is tested in its own suites and would only make these flaky.
      test = await startTestApp(store, { seedDemo: true, admission: { enabled: false } });
      admin = { authorization: `Bearer ${test.adminKey}` };
    });
    afterAll(async () => {
      await test?.close();
    });

    const search = async (query: string) => {
      const response = await test.app.server.inject(`/api/v1/products?${query}`);
      return {
        status: response.statusCode,
        body: response.json() as SearchBody & { error?: { code: string } },
      };
    };

    it('seeds the demo catalog on first start', async () => {
      expect(await test.app.catalog.countProducts()).toBe(244);
    });

    it('puts red cotton t-shirts under $60 first, their matching variants leading', async () => {
      const { status, body } = await search(`q=${encodeURIComponent('red cotton t-shirt')}&maxPrice=6000`);
      expect(status).toBe(200);
      const first = body.items[0];
      expect(first?.title).toBe('T-Shirt');
      expect(first?.matchedVariantIds.length).toBeGreaterThan(0);
      const matched = first?.variants.slice(0, first.matchedVariantIds.length) ?? [];
      expect(matched.map((variant) => variant.id)).toEqual(first?.matchedVariantIds);
      for (const variant of matched) {
        expect(variant.options.color).toBe('red');
        expect(variant.options.material).toBe('cotton');
        expect(variant.price.amount).toBeLessThanOrEqual(6000);
      }
      for (const item of body.items) expect(item.price.amount).toBeLessThanOrEqual(6000);
    });

    it('filters by option, category and stock, and returns facets', async () => {
      const { body } = await search('q=kettle&option.color=white&inStock=true');
      expect(body.items.length).toBeGreaterThan(0);
      for (const item of body.items) {
        const matched = item.variants.filter((variant) => item.matchedVariantIds.includes(variant.id));
        for (const variant of matched) {
          expect(variant.options.color).toBe('white');
          expect(variant.inStock).toBe(true);
        }
      }
      const byCategory = await search('category=smartphones&limit=100');
      expect(byCategory.body.items.length).toBeGreaterThan(0);
      for (const item of byCategory.body.items) expect(item.category).toBe('smartphones');
      expect(byCategory.body.facets?.category).toEqual([
        { value: 'smartphones', count: byCategory.body.total },
      ]);
    });

    it('pages with an opaque cursor bound to its query', async () => {
      const first = await search('q=shoes&limit=3');
      expect(first.body.nextCursor).toBeDefined();
      const cursor = encodeURIComponent(first.body.nextCursor ?? '');
      const second = await search(`q=shoes&limit=3&cursor=${cursor}`);
      expect(second.status).toBe(200);
      const firstIds = first.body.items.map((item) => item.id);
      for (const item of second.body.items) expect(firstIds).not.toContain(item.id);
      const other = await search(`q=laptop&limit=3&cursor=${cursor}`);
      expect(other.status).toBe(400);
      expect(other.body.error?.code).toBe('INVALID_CURSOR');
      const junk = await search('cursor=not-a-cursor');
      expect(junk.body.error?.code).toBe('INVALID_CURSOR');
    });

    it('rejects hostile query strings with 400 and stable codes', async () => {
      for (const query of [
        'limit=1000',
        'limit=0',
        'minPrice=-1',
        'maxPrice=1e400',
        'minPrice=500&maxPrice=100',
        'q=%00hello',
        `q=${'x'.repeat(500)}`,
        'sort=cheapest',
        'inStock=yes',
        'color=blue',
        'option.=blue',
      ]) {
        const { status, body } = await search(query);
        expect({ query, status }).toEqual({ query, status: 400 });
        expect(body.error?.code).toBe('VALIDATION_FAILED');
      }
    });

    it('answers a repeated search from its cache until the catalog changes, never stale', async () => {
      const { server } = test.app;
      const url = '/api/v1/products?q=lamp%20cache&limit=5';
      const created = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/products',
        headers: admin,
        payload: { ...newProduct, title: 'Cache Lamp', category: 'lighting' },
      });
      expect(created.statusCode).toBe(201);
      const product = created.json() as { id: string; variants: VariantBody[] };

      const first = await server.inject(url);
      const second = await server.inject(url);
      expect(first.headers['cache-status']).toBe('rushcart; fwd=miss');
      expect(second.headers['cache-status']).toBe('rushcart; hit');
      expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(second.body).toBe(first.body);
      // Another query string is another answer.
      expect((await server.inject(`${url}&facets=false`)).headers['cache-status']).toBe('rushcart; fwd=miss');
      // Refusals are not kept: the same bad query is refused again, by validation.
      for (let attempt = 0; attempt < 2; attempt++) {
        const refused = await server.inject('/api/v1/products?q=lamp&limit=0');
        expect(refused.statusCode).toBe(400);
        expect(refused.headers['cache-status']).toBe('rushcart; fwd=miss');
      }

      // A renamed product and a stock change are in the very next answer.
      await server.inject({
        method: 'PATCH',
        url: `/api/v1/admin/products/${product.id}`,
        headers: admin,
        payload: { title: 'Cache Lamp Deluxe' },
      });
      const renamed = await server.inject(url);
      expect(renamed.headers['cache-status']).toBe('rushcart; fwd=miss');
      expect((renamed.json() as SearchBody).items[0]?.title).toBe('Cache Lamp Deluxe');
      expect((await server.inject(url)).headers['cache-status']).toBe('rushcart; hit');
      await server.inject({
        method: 'PUT',
        url: `/api/v1/admin/variants/${product.variants[0]?.id}/stock`,
        headers: admin,
        payload: { stock: 42 },
      });
      const restocked = (await server.inject(url)).json() as SearchBody;
      const variant = restocked.items[0]?.variants.find((each) => each.id === product.variants[0]?.id);
      expect(variant?.stock).toBe(42);

      // HEAD answers like GET, without a body.
      const head = await server.inject({ method: 'HEAD', url });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
    });

    it('serves one product, 404 for an unknown id and 400 for a junk one', async () => {
      const product = await test.app.server.inject('/api/v1/products/prd_dummyjson_1');
      expect(product.statusCode).toBe(200);
      expect(product.json().variants[0].price).toEqual({ amount: 999, currency: 'USD' });
      const missing = await test.app.server.inject('/api/v1/products/prd_nope');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('PRODUCT_NOT_FOUND');
      const junk = await test.app.server.inject('/api/v1/products/%E2%80%AE%00');
      expect(junk.statusCode).toBe(400);
    });

    it('protects admin routes with the admin key', async () => {
      const shopper = await test.newShopper();
      for (const headers of [{}, { authorization: `Bearer ${shopper.token}` }]) {
        const response = await test.app.server.inject({
          method: 'POST',
          url: '/api/v1/admin/products',
          headers,
          payload: newProduct,
        });
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('ADMIN_KEY_REQUIRED');
      }
      const importResponse = await test.app.server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import',
        headers: { 'content-type': 'text/csv' },
        payload: shopifyCsv,
      });
      expect(importResponse.statusCode).toBe(401);
    });

    it('creates, finds, updates, restocks and deletes a product, keeping search in sync', async () => {
      const { server } = test.app;
      const created = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/products',
        headers: admin,
        payload: newProduct,
      });
      expect(created.statusCode).toBe(201);
      const product = created.json() as { id: string; variants: VariantBody[] };
      expect((await search('q=trail%20runner')).body.items[0]?.id).toBe(product.id);

      const patched = await server.inject({
        method: 'PATCH',
        url: `/api/v1/admin/products/${product.id}`,
        headers: admin,
        payload: { title: 'Summit Runner' },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().variants.map((variant: VariantBody) => variant.id)).toEqual(
        product.variants.map((variant) => variant.id),
      );
      expect((await search('q=summit')).body.items[0]?.id).toBe(product.id);

      const soldOut = product.variants[1]?.id ?? '';
      expect((await search('q=summit&option.size=11&inStock=true')).body.items).toHaveLength(0);
      const restocked = await server.inject({
        method: 'PUT',
        url: `/api/v1/admin/variants/${soldOut}/stock`,
        headers: admin,
        payload: { stock: 7 },
      });
      expect(restocked.json()).toMatchObject({ id: soldOut, stock: 7, inStock: true });
      expect((await search('q=summit&option.size=11&inStock=true')).body.items[0]?.id).toBe(product.id);

      const negative = await server.inject({
        method: 'PUT',
        url: `/api/v1/admin/variants/${soldOut}/stock`,
        headers: admin,
        payload: { stock: -1 },
      });
      expect(negative.statusCode).toBe(400);

      const deleted = await server.inject({
        method: 'DELETE',
        url: `/api/v1/admin/products/${product.id}`,
        headers: admin,
      });
      expect(deleted.statusCode).toBe(204);
      expect((await server.inject(`/api/v1/products/${product.id}`)).statusCode).toBe(404);
      expect((await search('q=summit')).body.items.map((item) => item.id)).not.toContain(product.id);
    });

    it('refuses bad products: negative prices, duplicate options, unicode junk', async () => {
      const bad = [
        { ...newProduct, variants: [{ price: { amount: -5, currency: 'USD' }, stock: 1 }] },
        { ...newProduct, variants: [{ price: { amount: 5, currency: 'usd' }, stock: 1 }] },
        { ...newProduct, variants: [] },
        { ...newProduct, title: 'bad\u0007bell' },
        { ...newProduct, title: '\ud800' },
        { ...newProduct, variants: [newProduct.variants[0], newProduct.variants[0]] },
        { ...newProduct, variants: [{ price: { amount: 5, currency: 'USD' }, stock: 1.5 }] },
        { ...newProduct, surprise: true },
      ];
      for (const payload of bad) {
        const response = await test.app.server.inject({
          method: 'POST',
          url: '/api/v1/admin/products',
          headers: admin,
          payload,
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
      }
      const duplicate = await test.app.server.inject({
        method: 'POST',
        url: '/api/v1/admin/products',
        headers: admin,
        payload: { ...newProduct, id: 'prd_dummyjson_1' },
      });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error.code).toBe('PRODUCT_ALREADY_EXISTS');
    });

    it('imports Shopify CSV and our JSON, all or nothing, with row numbers on failure', async () => {
      const { server } = test.app;
      const before = await test.app.catalog.countProducts();
      const csv = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: shopifyCsv,
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.json()).toEqual({ products: 2, created: 2, updated: 0, variants: 4 });
      const again = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: shopifyCsv,
      });
      expect(again.json()).toMatchObject({ created: 0, updated: 2 });
      expect((await search('q=organic%20tee&option.Color=Blue')).body.items[0]?.id).toBe(
        'prd_shopify_organic-cotton-tee',
      );

      const brokenCsv = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: 'Handle,Title,Variant Price\nok,Fine,1.00\nbad,Broken,12.3.4\n',
      });
      expect(brokenCsv.statusCode).toBe(422);
      expect(brokenCsv.json().error.code).toBe('IMPORT_FAILED');
      expect(brokenCsv.json().error.details.problems[0].row).toBe(3);

      // A body far above the default 64 KB limit is fine on this route.
      const many = Array.from({ length: 400 }, (_, index) => ({
        id: `prd_json_${index}`,
        title: `Imported ${index}`,
        description: 'x'.repeat(200),
        variants: [{ price: { amount: 100 + index, currency: 'USD' }, stock: 1 }],
      }));
      const json = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import',
        headers: admin,
        payload: { products: many },
      });
      expect(json.statusCode).toBe(200);
      expect(json.json()).toMatchObject({ products: 400, created: 400 });

      const countBefore = await test.app.catalog.countProducts();
      const halfBad = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import',
        headers: admin,
        payload: [
          {
            id: 'prd_fresh',
            title: 'Fresh',
            variants: [{ price: { amount: 1, currency: 'USD' }, stock: 1 }],
          },
          { title: 'No price', variants: [{ stock: 1 }] },
        ],
      });
      expect(halfBad.statusCode).toBe(422);
      expect(halfBad.json().error.details.problems[0]).toMatchObject({ row: 2 });
      expect(await test.app.catalog.countProducts()).toBe(countBefore);
      expect(countBefore).toBe(before + 402);

      const notCatalog = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import',
        headers: admin,
        payload: { hello: 'world' },
      });
      expect(notCatalog.statusCode).toBe(422);
    });

    it('lists admin products in pages and documents the routes in OpenAPI', async () => {
      const { server } = test.app;
      const first = await server.inject({ url: '/api/v1/admin/products?limit=2', headers: admin });
      expect(first.statusCode).toBe(200);
      const page = first.json() as { items: { id: string }[]; nextCursor: string };
      expect(page.items).toHaveLength(2);
      const second = await server.inject({
        url: `/api/v1/admin/products?limit=2&cursor=${page.nextCursor}`,
        headers: admin,
      });
      expect(second.json().items[0].id > (page.items[1]?.id ?? '')).toBe(true);
      const openapi = (await server.inject('/openapi.json')).json() as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining(['/api/v1/products', '/api/v1/products/{id}', '/api/v1/admin/catalog/import']),
      );
    });
  });
}
