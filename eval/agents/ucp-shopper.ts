/**
 * A scripted outside agent that shops a running Rushcart over UCP (the shopping service, version
 * 2026-04-08, over its REST binding or its MCP one): it reads the business profile, searches the catalog, reads the product, fills a cart
 * and gives it a discount code, turns the cart into a checkout with a shipping address, completes
 * it (and retries the complete with the same Idempotency-Key, as an agent whose answer was lost
 * would), reads the order, cancels it through the REST API (UCP has no order cancel), and reads
 * the order again. Every request and answer is checked against the spec's JSON Schemas, resolved
 * for its operation.
 */
import { randomUUID } from 'node:crypto';
import type { UcpOperation } from '../../src/protocols/ucp/ucp-operations.js';
import { createUcpSchemas, type UcpDocument } from '../../src/protocols/ucp/ucp-schemas.js';
import { connectAgent, newSession } from './mcp-shopper.js';

/** One exchange of the run, as docs/agents.md shows it. */
export interface UcpStep {
  readonly request: string;
  readonly body?: unknown;
  readonly status: number;
  readonly answer: Record<string, unknown>;
}

/** What the run ended with. */
export interface UcpRun {
  readonly steps: UcpStep[];
  readonly checkoutId: string;
  readonly orderId: string;
  /** The order ids both completes answered: the retry must name the same order. */
  readonly completedOrderIds: [string, string];
  /** The discount the code took off, in minor units. */
  readonly discount: number;
  /** The order's line statuses after the cancel (`removed` once cancelled). */
  readonly finalLineStatuses: string[];
}

/** The platform profile this agent names in UCP-Agent (a business may fetch it; ours does not). */
export const AGENT_PROFILE = 'https://agent.example/.well-known/ucp';
const ADDRESS = {
  first_name: 'Ana',
  last_name: 'Lima',
  street_address: '1 Test Street',
  address_locality: 'Lisbon',
  address_region: 'LX',
  postal_code: '1000-001',
  address_country: 'PT',
};

/** How each operation travels over REST, what its request is checked as, and its answer. */
interface Route {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: (id: string) => string;
  readonly request?: UcpDocument;
  readonly answer: UcpDocument;
  /** The MCP argument that carries the request body. */
  readonly payload?: 'checkout' | 'cart' | 'catalog';
}
const ROUTES: Record<UcpOperation, Route> = {
  search_catalog: {
    method: 'POST',
    path: () => '/ucp/catalog/search',
    request: 'catalog.search',
    answer: 'catalog.search.response',
    payload: 'catalog',
  },
  create_cart: {
    method: 'POST',
    path: () => '/ucp/carts',
    request: 'cart.create',
    answer: 'cart',
    payload: 'cart',
  },
  get_cart: { method: 'GET', path: (id) => `/ucp/carts/${id}`, answer: 'cart' },
  update_cart: {
    method: 'PUT',
    path: (id) => `/ucp/carts/${id}`,
    request: 'cart.update',
    answer: 'cart',
    payload: 'cart',
  },
  cancel_cart: { method: 'POST', path: (id) => `/ucp/carts/${id}/cancel`, answer: 'cart' },
  create_checkout: {
    method: 'POST',
    path: () => '/ucp/checkout-sessions',
    request: 'checkout.create',
    answer: 'checkout',
    payload: 'checkout',
  },
  get_checkout: { method: 'GET', path: (id) => `/ucp/checkout-sessions/${id}`, answer: 'checkout' },
  update_checkout: {
    method: 'PUT',
    path: (id) => `/ucp/checkout-sessions/${id}`,
    request: 'checkout.update',
    answer: 'checkout',
    payload: 'checkout',
  },
  complete_checkout: {
    method: 'POST',
    path: (id) => `/ucp/checkout-sessions/${id}/complete`,
    request: 'checkout.complete',
    answer: 'checkout',
    payload: 'checkout',
  },
  cancel_checkout: {
    method: 'POST',
    path: (id) => `/ucp/checkout-sessions/${id}/cancel`,
    answer: 'checkout',
  },
  get_order: { method: 'GET', path: (id) => `/ucp/orders/${id}`, answer: 'order' },
  lookup_catalog: {
    method: 'POST',
    path: () => '/ucp/catalog/lookup',
    request: 'catalog.lookup',
    answer: 'catalog.lookup.response',
    payload: 'catalog',
  },
  get_product: {
    method: 'POST',
    path: () => '/ucp/catalog/product',
    request: 'catalog.product',
    answer: 'catalog.product.response',
    payload: 'catalog',
  },
};

/** The arguments of one operation. */
interface Call {
  readonly id?: string;
  readonly body?: Record<string, unknown>;
  readonly key?: string;
}

/**
 * Runs the flow against `baseUrl` (a server with the demo catalog and its WELCOME5 code), over
 * the REST binding or the MCP one (`/ucp/mcp`, through the MCP SDK's client).
 */
export async function runUcpShopper(
  baseUrl: string,
  options: { binding?: 'rest' | 'mcp'; log?: (step: UcpStep) => void } = {},
): Promise<UcpRun> {
  const schemas = createUcpSchemas();
  const steps: UcpStep[] = [];
  const token = await newSession(baseUrl);
  const mcp =
    options.binding === 'mcp' ? await connectAgent(baseUrl, token, { path: '/ucp/mcp' }) : undefined;
  const record = (step: UcpStep) => {
    steps.push(step);
    options.log?.(step);
  };
  const checked = (document: UcpDocument, value: unknown, whose: string) => {
    const problem = schemas.check(document, value);
    if (problem !== undefined)
      throw new Error(`${whose} ${document} is not valid: ${problem.param} ${problem.message}`);
  };

  /** A REST exchange outside UCP's operations (the profile, the order cancel). */
  const rest = async (method: 'GET' | 'POST', path: string): Promise<Record<string, unknown>> => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
    });
    const answer = (await response.json()) as Record<string, unknown>;
    record({ request: `${method} ${path}`, status: response.status, answer });
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  /** One UCP operation over the chosen binding, its request and answer checked against the spec. */
  const send = async (operation: UcpOperation, call: Call = {}): Promise<Record<string, unknown>> => {
    const route = ROUTES[operation];
    if (route.request !== undefined) checked(route.request, call.body ?? {}, 'our');
    const key = call.key ?? randomUUID();
    let status: number;
    let answer: Record<string, unknown>;
    if (mcp !== undefined) {
      const toolArguments = {
        meta: {
          'ucp-agent': { profile: AGENT_PROFILE },
          ...(route.method === 'GET' ? {} : { 'idempotency-key': key }),
        },
        ...(call.id === undefined ? {} : { id: call.id }),
        ...(route.payload === undefined ? {} : { [route.payload]: call.body ?? {} }),
      };
      const result = await mcp.callTool({ name: operation, arguments: toolArguments });
      answer = (result.structuredContent ?? {}) as Record<string, unknown>;
      status = result.isError === true ? 400 : 200;
      record({ request: `tools/call ${operation}`, body: toolArguments, status, answer });
    } else {
      const path = route.path(call.id ?? '');
      const response = await fetch(new URL(path, baseUrl), {
        method: route.method,
        headers: {
          authorization: `Bearer ${token}`,
          'ucp-agent': `profile="${AGENT_PROFILE}"`,
          'request-id': randomUUID(),
          ...(route.method === 'GET' ? {} : { 'idempotency-key': key }),
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      });
      status = response.status;
      answer = (await response.json()) as Record<string, unknown>;
      record({
        request: `${route.method} ${path}`,
        ...(call.body === undefined ? {} : { body: call.body }),
        status,
        answer,
      });
    }
    checked(status >= 400 ? 'error' : route.answer, answer, 'the answered');
    if (status >= 400) throw new Error(`${operation}: ${status} ${JSON.stringify(answer)}`);
    return answer;
  };

  try {
    checked('profile', await rest('GET', '/.well-known/ucp'), 'the answered');
    const found = await send('search_catalog', { body: { query: 'water bottle', pagination: { limit: 3 } } });
    const first = (found.products as { id: string }[])[0];
    if (first === undefined) throw new Error('search found no water bottle');
    // The product's page, as an agent would read it before choosing: every variant and its stock.
    const detail = await send('get_product', { body: { id: first.id } });
    const variants = (
      detail.product as { variants: { id: string; availability?: { available?: boolean } }[] }
    ).variants;
    const variant = variants.find((item) => item.availability?.available === true);
    if (variant === undefined) throw new Error('the water bottle has no variant in stock');

    const cart = await send('create_cart', {
      body: { line_items: [{ item: { id: variant.id }, quantity: 1 }] },
    });
    const cartId = String(cart.id);
    await send('update_cart', {
      id: cartId,
      body: { line_items: [{ item: { id: variant.id }, quantity: 2 }], discounts: { codes: ['WELCOME5'] } },
    });
    const opened = await send('create_checkout', {
      body: {
        cart_id: cartId,
        line_items: [],
        buyer: { first_name: 'Ana', last_name: 'Lima', email: 'ana@example.com' },
        fulfillment: { methods: [{ type: 'shipping', destinations: [ADDRESS] }] },
      },
    });
    const checkoutId = String(opened.id);
    if (opened.status !== 'ready_for_complete')
      throw new Error(`the checkout is ${String(opened.status)}: ${JSON.stringify(opened.messages)}`);
    const applied = (opened.discounts as { applied?: { amount: number }[] } | undefined)?.applied ?? [];

    const pay = {
      payment: {
        instruments: [
          {
            id: 'instrument_1',
            handler_id: 'test_card',
            type: 'card',
            selected: true,
            credential: { type: 'test_card', token: '4242424242424242' },
          },
        ],
      },
    };
    const key = randomUUID();
    const completed = await send('complete_checkout', { id: checkoutId, body: pay, key });
    const retried = await send('complete_checkout', { id: checkoutId, body: pay, key });
    const orderOf = (answer: Record<string, unknown>) =>
      String((answer.order as { id?: string } | undefined)?.id);
    const orderId = orderOf(completed);
    await send('get_order', { id: orderId });
    await rest('POST', `/api/v1/orders/${orderId}/cancel`);
    const after = await send('get_order', { id: orderId });
    return {
      steps,
      checkoutId,
      orderId,
      completedOrderIds: [orderId, orderOf(retried)],
      discount: applied.reduce((sum, item) => sum + item.amount, 0),
      finalLineStatuses: (after.line_items as { status: string }[]).map((line) => line.status),
    };
  } finally {
    await mcp?.close();
  }
}

/**
 * `npm run eval -- ucp-shopper [--url http://127.0.0.1:3000] [--mcp]`: runs the flow over REST
 * (or MCP) and prints each exchange.
 */
export async function run(argv: string[]): Promise<void> {
  const urlIndex = argv.indexOf('--url');
  const baseUrl = urlIndex >= 0 ? (argv[urlIndex + 1] ?? '') : 'http://127.0.0.1:3000';
  const outcome = await runUcpShopper(baseUrl, {
    binding: argv.includes('--mcp') ? 'mcp' : 'rest',
    log: (step) =>
      process.stdout.write(
        `${step.request} ${step.body === undefined ? '' : JSON.stringify(step.body)}\n  -> ${step.status} ${JSON.stringify(step.answer).slice(0, 300)}\n`,
      ),
  });
  const charged = outcome.completedOrderIds[0] === outcome.completedOrderIds[1] ? 'once' : 'TWICE';
  const cancelled = outcome.finalLineStatuses.every((status) => status === 'removed');
  process.stdout.write(
    `\ncheckout ${outcome.checkoutId}, order ${outcome.orderId}: discount ${outcome.discount}, charged ${charged}, ${cancelled ? 'now cancelled' : 'NOT cancelled'}\n`,
  );
  if (charged !== 'once' || !cancelled || outcome.discount <= 0) process.exitCode = 1;
}
