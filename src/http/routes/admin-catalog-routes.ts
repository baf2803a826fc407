import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import {
  type ProductInput,
  ProductInputSchema,
  ProductPatchSchema,
  parseCatalogJson,
  parseShopifyCsv,
} from '../../catalog/index.js';
import { AppError } from '../../shared/app-error.js';
import type { RouteModule } from '../server.js';
import { ProductIdParams, ProductView, toProductView, toVariantView, VariantView } from './catalog-routes.js';

/** Catalog files are big; only the import route accepts bodies this large. */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
/** A single product body: large descriptions and 250 variants fit comfortably. */
const PRODUCT_BODY_LIMIT = 512 * 1024;

const AdminListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'not a cursor')
      .optional(),
  })
  .strict();

const AdminListResponse = z.object({
  items: z.array(ProductView),
  total: z.number().int(),
  nextCursor: z.string().optional(),
});

const StockParams = z.object({ variantId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a variant id') });
const StockBody = z.object({ stock: z.number().int().min(0).max(1_000_000_000) }).strict();

const ImportQuery = z
  .object({
    /** Currency of the decimal prices in a Shopify CSV (its export carries none). */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'currency must be a three-letter ISO 4217 code')
      .default('USD'),
  })
  .strict();

const ImportResponse = z.object({
  products: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  variants: z.number().int(),
});

/** Admin catalog management: product CRUD, stock corrections and bulk import (JSON or Shopify CSV). */
export const adminCatalogRoutes: RouteModule = async (server, context) => {
  const admin = { onRequest: context.requireAdmin };
  const security = [{ bearer: [] }];

  server.get(
    '/api/v1/admin/products',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin', 'catalog'],
        summary: 'List products by id',
        security,
        querystring: AdminListQuery,
        response: { 200: AdminListResponse },
      },
    },
    async (request) => {
      const after =
        request.query.cursor === undefined
          ? undefined
          : Buffer.from(request.query.cursor, 'base64url').toString('utf8');
      const page = await context.catalog.listProducts({ after, limit: request.query.limit });
      return {
        items: page.products.map((product) => toProductView(product)),
        total: await context.catalog.countProducts(),
        ...(page.nextAfter === undefined
          ? {}
          : { nextCursor: Buffer.from(page.nextAfter).toString('base64url') }),
      };
    },
  );

  server.post(
    '/api/v1/admin/products',
    {
      config: { admission: Admission.exempt },
      ...admin,
      bodyLimit: PRODUCT_BODY_LIMIT,
      schema: {
        tags: ['admin', 'catalog'],
        summary: 'Create a product',
        description: 'A product without options takes one variant without `options`.',
        security,
        body: ProductInputSchema,
        response: { 201: ProductView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(toProductView(await context.catalog.createProduct(request.body))),
  );

  server.get(
    '/api/v1/admin/products/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin', 'catalog'],
        summary: 'One product',
        security,
        params: ProductIdParams,
        response: { 200: ProductView },
      },
    },
    async (request) => toProductView(await context.catalog.getProduct(request.params.id)),
  );

  server.patch(
    '/api/v1/admin/products/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      bodyLimit: PRODUCT_BODY_LIMIT,
      schema: {
        tags: ['admin', 'catalog'],
        summary: 'Update a product',
        description:
          'Fields given replace the stored ones. `variants`, when given, replaces the list: a variant ' +
          'keeps its id when it names it or has the same options as before.',
        security,
        params: ProductIdParams,
        body: ProductPatchSchema,
        response: { 200: ProductView },
      },
    },
    async (request) => toProductView(await context.catalog.updateProduct(request.params.id, request.body)),
  );

  server.delete(
    '/api/v1/admin/products/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin', 'catalog'],
        summary: 'Delete a product and its variants',
        security,
        params: ProductIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await context.catalog.deleteProduct(request.params.id);
      return reply.status(204).send(null);
    },
  );

  server.put(
    '/api/v1/admin/variants/:variantId/stock',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin', 'catalog'],
        summary: "Set a variant's stock (a count correction)",
        security,
        params: StockParams,
        body: StockBody,
        response: { 200: VariantView },
      },
    },
    async (request) =>
      toVariantView(await context.catalog.setStock(request.params.variantId, request.body.stock)),
  );

  // Its own scope, so that only this route parses CSV bodies.
  await server.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/admin/catalog/import',
      {
        config: { admission: Admission.exempt },
        ...admin,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['admin', 'catalog'],
          summary: 'Import products (JSON or Shopify CSV)',
          description:
            'Send our JSON format (an array of products, or `{products: [...]}`, each as for create) ' +
            "as application/json, or Shopify's product CSV export as text/csv (prices in `currency`). " +
            'Products with an id that exists are replaced. All rows are written in one transaction, or none: ' +
            'bad rows give 422 IMPORT_FAILED with their row numbers. Up to 20 MB.',
          security,
          querystring: ImportQuery,
          body: z.unknown(),
          response: { 200: ImportResponse },
        },
      },
      async (request) => {
        const products = readImport(request.headers['content-type'], request.body, request.query.currency);
        return context.catalog.importProducts(products);
      },
    );
  });
};

function readImport(contentType: string | undefined, body: unknown, currency: string): ProductInput[] {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv') {
    if (typeof body !== 'string') throw new AppError('IMPORT_FAILED', 'The CSV body is empty.');
    return parseShopifyCsv(body, currency);
  }
  if (body === undefined || body === null)
    throw new AppError('IMPORT_FAILED', 'The request has no catalog body.');
  return parseCatalogJson(body);
}
