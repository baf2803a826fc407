import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/** Routes whose answer is an endless event stream; they are fuzzed for auth only. */
const STREAMING = new Set(['GET /api/v1/admin/events']);

interface Operation {
  readonly method: string;
  readonly path: string;
}

/** Hostile-looking values for path parameters: junk ids, unicode, traversal, huge strings. */
const pathParameter = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '0',
    '-1',
    '..',
    '%00',
    '\u0000',
    'null',
    'undefined',
    '🛒🛒',
    'a'.repeat(3000),
    "' or 1=1 --",
  ),
);

/** Strings with real control bytes: NUL answered 500 on PostgreSQL before they were refused. */
const controlText = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', 'bell\u0007', '\u001b[31mred', 'del\u007f', 'tab\tand\nline'),
  fc.string({ unit: fc.constantFrom('a', ' ', '\u0000', '\u0001', '\u001f', 'é', '🛒'), maxLength: 20 }),
);

/** Bodies of every shape: arbitrary JSON, and objects with plausible field names and junk values. */
const body = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      'quantity',
      'variantId',
      'code',
      'payment',
      'shippingAddress',
      'lineIds',
      'reason',
      'email',
      'deviceId',
      'text',
      'conversationId',
      'name',
      'budget',
      'reward',
      'perShopperLimit',
      'title',
      'variants',
      'price',
      'stock',
      'status',
      'startsAt',
      'endsAt',
      'mode',
      'number',
      'type',
      'amount',
      'currency',
    ),
    fc.oneof(
      fc.jsonValue(),
      fc.integer(),
      fc.double(),
      fc.constant(-1),
      fc.constant(1e308),
      fc.string(),
      controlText,
    ),
  ),
);

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`random input on every route (${store.name})`, () => {
    let test: TestApp;
    let operations: Operation[];
    let shopperToken: string;

    beforeAll(async () => {
      test = await startTestApp(store, { seedDemo: false });
      shopperToken = (await test.newShopper()).token;
      const openapi = (await test.app.server.inject('/openapi.json')).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
      );
    });
    afterAll(async () => {
      await test?.close();
    });

    it('never answers a 5xx, whatever the body, path parameters and credentials', async () => {
      expect(operations.length).toBeGreaterThan(0);
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 10_000 }),
          fc.array(pathParameter, { minLength: 4, maxLength: 4 }),
          body,
          fc.constantFrom('shopper', 'admin', 'none', 'forged'),
          fc.option(fc.string({ minLength: 1, maxLength: 80 }), { nil: undefined }),
          async (pick, parameters, payload, who, idempotencyKey) => {
            const operation = operations[pick % operations.length] as Operation;
            const key = `${operation.method} ${operation.path}`;
            let index = 0;
            const url = operation.path.replace(/\{[^}]+\}/g, () =>
              encodeURIComponent(parameters[index++ % parameters.length] ?? 'x'),
            );
            const headers: Record<string, string> = { accept: 'application/json' };
            if (who === 'shopper') headers.authorization = `Bearer ${shopperToken}`;
            if (who === 'admin') headers.authorization = `Bearer ${test.adminKey}`;
            if (who === 'forged') headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.e30.';
            if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
            // ACP refuses requests without its version header first; with it, bodies reach the schema and the sessions.
            if (operation.path.startsWith('/acp/')) headers['api-version'] = '2026-04-17';
            // UCP refuses requests that name no agent first; with one, bodies reach the schemas.
            if (operation.path.startsWith('/ucp/'))
              headers['ucp-agent'] = 'profile="https://agent.example/.well-known/ucp"';
            if (STREAMING.has(key) && who === 'admin') return;
            const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
            const response = await test.app.server.inject({
              method: operation.method as 'GET',
              url,
              headers,
              ...(hasBody ? { payload: payload as object } : {}),
            });
            if (response.statusCode >= 500) {
              throw new Error(`${key} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
            }
            if (response.statusCode >= 400) {
              const answer = response.json() as {
                jsonrpc?: unknown;
                code?: unknown;
                error?: { code?: unknown };
                messages?: { code?: unknown }[];
              };
              // The MCP SDK answers protocol errors in JSON-RPC's shape, with numeric codes; ACP's
              // errors carry their code at the top level.
              const jsonRpc = operation.path.endsWith('/mcp') && answer.jsonrpc === '2.0';
              const acp = operation.path.startsWith('/acp/') && answer.error === undefined;
              // UCP's error response carries it in its first message.
              const ucp = operation.path.startsWith('/ucp/') && answer.error === undefined && !jsonRpc;
              const code = acp ? answer.code : ucp ? answer.messages?.[0]?.code : answer.error?.code;
              expect(typeof code).toBe(jsonRpc ? 'number' : 'string');
            }
          },
        ),
        { numRuns: 400 },
      );
    });
  });
}
