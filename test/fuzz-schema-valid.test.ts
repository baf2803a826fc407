import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arbitraryOf, type JsonSchema } from './helpers/schema-arbitrary.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly body: JsonSchema;
}

// Bodies generated from the OpenAPI document's own request schemas, so they pass validation and
// reach the handlers and the stores, with the right credentials and a valid Idempotency-Key; one
// string in ten carries a real control byte (NUL answered 500 on PostgreSQL once). No answer may
// be a 5xx, and every refusal carries a stable code. `fuzz-routes.test.ts` sends junk instead.
for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `schema-valid bodies on every route (${store.name})`,
    () => {
      let test: TestApp;
      let operations: Operation[];
      let shopperToken: string;

      beforeAll(async () => {
        test = await startTestApp(store, { seedDemo: false, admission: { enabled: false } });
        shopperToken = (await test.newShopper()).token;
        const openapi = (await test.app.server.inject('/openapi.json')).json() as {
          paths: Record<
            string,
            Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
          >;
        };
        operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
          Object.entries(methods).flatMap(([method, operation]) => {
            const body = operation.requestBody?.content?.['application/json']?.schema;
            return body === undefined ? [] : [{ method: method.toUpperCase(), path, body }];
          }),
        );
      });
      afterAll(async () => {
        await test?.close();
      });

      it('never answers a 5xx to a body its schema accepts', async () => {
        expect(operations.length).toBeGreaterThan(15);
        const arbitraries = operations.map((operation) => arbitraryOf(operation.body));
        await fc.assert(
          fc.asyncProperty(
            fc
              .integer({ min: 0, max: operations.length - 1 })
              .chain((index) => fc.tuple(fc.constant(index), arbitraries[index] as fc.Arbitrary<unknown>)),
            fc.constantFrom('x', 'cmp_missing', 'shp_missing', '0'),
            fc.string({ minLength: 8, maxLength: 40, unit: fc.constantFrom('a', 'b', '1', '-', '_') }),
            async ([index, payload], parameter, idempotencyKey) => {
              const operation = operations[index] as Operation;
              const url = operation.path.replace(/\{[^}]+\}/g, parameter);
              const admin = operation.path.startsWith('/api/v1/admin/');
              const response = await test.app.server.inject({
                method: operation.method as 'POST',
                url,
                headers: {
                  authorization: `Bearer ${admin ? test.adminKey : shopperToken}`,
                  'idempotency-key': idempotencyKey,
                },
                payload: payload as object,
              });
              const key = `${operation.method} ${operation.path}`;
              if (response.statusCode >= 500) {
                throw new Error(
                  `${key} answered ${response.statusCode} to ${JSON.stringify(payload)}: ${response.body.slice(0, 300)}`,
                );
              }
              if (response.statusCode >= 400 && !operation.path.endsWith('/mcp')) {
                expect(typeof (response.json() as { error?: { code?: unknown } }).error?.code, key).toBe(
                  'string',
                );
              }
            },
          ),
          { numRuns: 300 },
        );
      });
    },
  );
}
