/**
 * A scripted outside agent that shops a running Rushcart over UCP (the shopping service's REST
 * binding, version 2026-04-08): it reads the business profile, searches the catalog, fills a cart
 * and gives it a discount code, turns the cart into a checkout with a shipping address, completes
 * it (and retries the complete with the same Idempotency-Key, as an agent whose answer was lost
 * would), reads the order, cancels it through the REST API (UCP has no order cancel), and reads
 * the order again. Every request and answer is checked against the spec's JSON Schemas, resolved
 * for its operation.
 */
import { randomUUID } from 'node:crypto';
import { createUcpSchemas, type UcpDocument } from '../../src/protocols/ucp/ucp-schemas.js';

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

/** What each UCP request is checked as, and what its answer is checked as. */
const DOCUMENTS: Record<string, { request?: UcpDocument; answer: UcpDocument }> = {
  'POST /ucp/catalog/search': { request: 'catalog.search', answer: 'catalog.search.response' },
  'POST /ucp/carts': { request: 'cart.create', answer: 'cart' },
  'PUT /ucp/carts': { request: 'cart.update', answer: 'cart' },
  'GET /ucp/carts': { answer: 'cart' },
  'POST /ucp/checkout-sessions': { request: 'checkout.create', answer: 'checkout' },
  'PUT /ucp/checkout-sessions': { request: 'checkout.update', answer: 'checkout' },
  'GET /ucp/checkout-sessions': { answer: 'checkout' },
  'POST /ucp/checkout-sessions/complete': { request: 'checkout.complete', answer: 'checkout' },
  'POST /ucp/checkout-sessions/cancel': { answer: 'checkout' },
  'GET /ucp/orders': { answer: 'order' },
};

/** The key of DOCUMENTS for a request: the method and the path without its ids. */
function routeOf(method: string, path: string): string {
  const parts = path.split('/').filter((part) => part !== '');
  const named = parts.filter((part, index) => index < 2 || ['complete', 'cancel', 'search'].includes(part));
  return `${method} /${named.join('/')}`;
}

/** Runs the flow against `baseUrl` (a server with the demo catalog and its WELCOME5 code). */
export async function runUcpShopper(baseUrl: string, log?: (step: UcpStep) => void): Promise<UcpRun> {
  const schemas = createUcpSchemas();
  const steps: UcpStep[] = [];
  const session = await fetch(new URL('/api/v1/sessions', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const token = ((await session.json()) as { token: string }).token;

  const send = async (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    key: string = randomUUID(),
  ): Promise<Record<string, unknown>> => {
    const documents = path.startsWith('/ucp/') ? DOCUMENTS[routeOf(method, path)] : undefined;
    if (documents?.request !== undefined) {
      const problem = schemas.check(documents.request, body);
      if (problem !== undefined)
        throw new Error(`our ${documents.request} is not valid: ${problem.param} ${problem.message}`);
    }
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'ucp-agent': `profile="${AGENT_PROFILE}"`,
        'request-id': randomUUID(),
        ...(method === 'GET' ? {} : { 'idempotency-key': key }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    const step = {
      request: `${method} ${path}`,
      ...(body === undefined ? {} : { body }),
      status: response.status,
      answer,
    };
    steps.push(step);
    log?.(step);
    if (path.startsWith('/ucp/') || path === '/.well-known/ucp') {
      const expected =
        response.status >= 400 ? 'error' : path === '/.well-known/ucp' ? 'profile' : documents?.answer;
      const problem = expected === undefined ? undefined : schemas.check(expected, answer);
      if (problem !== undefined)
        throw new Error(`the ${expected} answered is not valid: ${problem.param} ${problem.message}`);
    }
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  await send('GET', '/.well-known/ucp');
  const found = await send('POST', '/ucp/catalog/search', {
    query: 'water bottle',
    pagination: { limit: 3 },
  });
  const products = found.products as { variants: { id: string; availability?: { available?: boolean } }[] }[];
  const variant = products
    .flatMap((product) => product.variants)
    .find((item) => item.availability?.available === true);
  if (variant === undefined) throw new Error('search found no water bottle in stock');

  const cart = await send('POST', '/ucp/carts', { line_items: [{ item: { id: variant.id }, quantity: 1 }] });
  const cartId = String(cart.id);
  await send('PUT', `/ucp/carts/${cartId}`, {
    line_items: [{ item: { id: variant.id }, quantity: 2 }],
    discounts: { codes: ['WELCOME5'] },
  });
  const opened = await send('POST', '/ucp/checkout-sessions', {
    cart_id: cartId,
    line_items: [],
    buyer: { first_name: 'Ana', last_name: 'Lima', email: 'ana@example.com' },
    fulfillment: { methods: [{ type: 'shipping', destinations: [ADDRESS] }] },
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
  const completed = await send('POST', `/ucp/checkout-sessions/${checkoutId}/complete`, pay, key);
  const retried = await send('POST', `/ucp/checkout-sessions/${checkoutId}/complete`, pay, key);
  const orderOf = (answer: Record<string, unknown>) =>
    String((answer.order as { id?: string } | undefined)?.id);
  const orderId = orderOf(completed);
  await send('GET', `/ucp/orders/${orderId}`);
  await send('POST', `/api/v1/orders/${orderId}/cancel`);
  const after = await send('GET', `/ucp/orders/${orderId}`);
  return {
    steps,
    checkoutId,
    orderId,
    completedOrderIds: [orderId, orderOf(retried)],
    discount: applied.reduce((sum, item) => sum + item.amount, 0),
    finalLineStatuses: (after.line_items as { status: string }[]).map((line) => line.status),
  };
}

/** `npm run eval -- ucp-shopper [--url http://127.0.0.1:3000]`: runs the flow and prints each exchange. */
export async function run(argv: string[]): Promise<void> {
  const urlIndex = argv.indexOf('--url');
  const baseUrl = urlIndex >= 0 ? (argv[urlIndex + 1] ?? '') : 'http://127.0.0.1:3000';
  const outcome = await runUcpShopper(baseUrl, (step) =>
    process.stdout.write(
      `${step.request} ${step.body === undefined ? '' : JSON.stringify(step.body)}\n  -> ${step.status} ${JSON.stringify(step.answer).slice(0, 300)}\n`,
    ),
  );
  const charged = outcome.completedOrderIds[0] === outcome.completedOrderIds[1] ? 'once' : 'TWICE';
  const cancelled = outcome.finalLineStatuses.every((status) => status === 'removed');
  process.stdout.write(
    `\ncheckout ${outcome.checkoutId}, order ${outcome.orderId}: discount ${outcome.discount}, charged ${charged}, ${cancelled ? 'now cancelled' : 'NOT cancelled'}\n`,
  );
  if (charged !== 'once' || !cancelled || outcome.discount <= 0) process.exitCode = 1;
}
