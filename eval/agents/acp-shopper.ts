/**
 * A scripted outside agent that shops a running Rushcart over ACP (2026-04-17): it finds a
 * product through the REST search (ACP has no search of its own), opens a checkout session,
 * gives the address and a discount code, completes it (and retries the complete with the same
 * Idempotency-Key, as an agent whose answer was lost would), reads the order status, and cancels
 * the order through the REST API. Every ACP request and answer is checked against the spec's
 * JSON Schema.
 */
import { randomUUID } from 'node:crypto';
import { type AcpDefinition, createAcpSchemas } from '../../src/protocols/acp/acp-schemas.js';

/** One exchange of the run, as docs/agents.md shows it. */
export interface AcpStep {
  readonly request: string;
  readonly body?: unknown;
  readonly status: number;
  readonly answer: Record<string, unknown>;
}

/** What the run ended with. */
export interface AcpRun {
  readonly steps: AcpStep[];
  readonly sessionId: string;
  readonly orderId: string;
  /** The order ids both completes answered: the retry must name the same order. */
  readonly completedOrderIds: [string, string];
  readonly finalStatus: string;
}

const VERSION = '2026-04-17';
const ADDRESS = {
  name: 'Ana Lima',
  line_one: '1 Test Street',
  city: 'Lisbon',
  state: 'LX',
  country: 'PT',
  postal_code: '1000-001',
};

/** Runs the flow against `baseUrl` (a server with the demo catalog and its WELCOME5 code). */
export async function runAcpShopper(baseUrl: string, log?: (step: AcpStep) => void): Promise<AcpRun> {
  const schemas = createAcpSchemas();
  const steps: AcpStep[] = [];
  const session = await fetch(new URL('/api/v1/sessions', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const token = ((await session.json()) as { token: string }).token;

  const send = async (
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    definition: AcpDefinition | undefined,
    key: string = randomUUID(),
  ) => {
    if (definition !== undefined) {
      const problem = schemas.check(definition, body);
      if (problem !== undefined)
        throw new Error(`our ${definition} is not valid: ${problem.param} ${problem.message}`);
    }
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(path.startsWith('/acp/')
          ? {
              'api-version': VERSION,
              'request-id': randomUUID(),
              ...(method === 'POST' ? { 'idempotency-key': key } : {}),
            }
          : {}),
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
    if (path.startsWith('/acp/')) {
      const expected =
        response.status >= 400
          ? 'Error'
          : answer.status === 'completed'
            ? 'CheckoutSessionWithOrder'
            : 'CheckoutSession';
      const problem = schemas.check(expected, answer);
      if (problem !== undefined)
        throw new Error(`the ${expected} answered is not valid: ${problem.param} ${problem.message}`);
    }
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  const found = await send(
    'GET',
    '/api/v1/products?q=water%20bottle&inStock=true&limit=1',
    undefined,
    undefined,
  );
  const products = found.items as { variants: { id: string; stock: number }[] }[] | undefined;
  const variant = products?.[0]?.variants.find((item) => item.stock > 0);
  if (variant === undefined) throw new Error('search found no water bottle in stock');

  const created = await send(
    'POST',
    '/acp/checkout_sessions',
    { line_items: [{ id: variant.id }], currency: 'usd', capabilities: { extensions: ['discount'] } },
    'CheckoutSessionCreateRequest',
  );
  const sessionId = String(created.id);
  await send(
    'POST',
    `/acp/checkout_sessions/${sessionId}`,
    {
      buyer: { email: 'ana@example.com', first_name: 'Ana', last_name: 'Lima' },
      fulfillment_details: { name: 'Ana Lima', email: 'ana@example.com', address: ADDRESS },
      discounts: { codes: ['WELCOME5'] },
    },
    'CheckoutSessionUpdateRequest',
  );
  const pay = {
    payment_data: {
      handler_id: 'test_card',
      instrument: { type: 'card', credential: { type: 'test_card', token: '4242424242424242' } },
    },
  };
  const key = randomUUID();
  const completed = await send(
    'POST',
    `/acp/checkout_sessions/${sessionId}/complete`,
    pay,
    'CheckoutSessionCompleteRequest',
    key,
  );
  const retried = await send(
    'POST',
    `/acp/checkout_sessions/${sessionId}/complete`,
    pay,
    'CheckoutSessionCompleteRequest',
    key,
  );
  const orderOf = (answer: Record<string, unknown>) =>
    String((answer.order as { id?: string } | undefined)?.id);
  const orderId = orderOf(completed);
  await send('GET', `/acp/checkout_sessions/${sessionId}`, undefined, undefined);
  await send('GET', `/api/v1/orders/${orderId}`, undefined, undefined);
  const canceled = await send('POST', `/api/v1/orders/${orderId}/cancel`, undefined, undefined);
  return {
    steps,
    sessionId,
    orderId,
    completedOrderIds: [orderId, orderOf(retried)],
    finalStatus: String(canceled.status),
  };
}

/** `npm run eval -- acp-shopper [--url http://127.0.0.1:3000]`: runs the flow and prints each exchange. */
export async function run(argv: string[]): Promise<void> {
  const urlIndex = argv.indexOf('--url');
  const baseUrl = urlIndex >= 0 ? (argv[urlIndex + 1] ?? '') : 'http://127.0.0.1:3000';
  const outcome = await runAcpShopper(baseUrl, (step) =>
    process.stdout.write(
      `${step.request} ${step.body === undefined ? '' : JSON.stringify(step.body)}\n  -> ${step.status} ${JSON.stringify(step.answer).slice(0, 300)}\n`,
    ),
  );
  const charged = outcome.completedOrderIds[0] === outcome.completedOrderIds[1] ? 'once' : 'TWICE';
  process.stdout.write(
    `\nsession ${outcome.sessionId}, order ${outcome.orderId}: charged ${charged}, now ${outcome.finalStatus}\n`,
  );
  if (charged !== 'once' || outcome.finalStatus !== 'cancelled') process.exitCode = 1;
}
