/**
 * A scripted outside agent that shops a running Rushcart over MCP with the official client SDK:
 * search -> product -> cart -> offers -> claim -> coupon -> checkout (summary, the shopper's yes,
 * a retried confirm) -> order status -> cancel. Every answer is checked against the tool's output
 * schema by the SDK; a refused step ends the run with its error code.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/** One step of the run, as docs/agents.md shows it. */
export interface AgentStep {
  readonly tool: string;
  readonly arguments: Record<string, unknown>;
  readonly result: Record<string, unknown>;
}

/** What the run ended with. */
export interface AgentRun {
  readonly steps: AgentStep[];
  readonly orderId: string;
  /** The order ids both confirmed checkout calls answered: a retry must name the same order. */
  readonly confirmedOrderIds: [string, string];
  readonly finalStatus: string;
  readonly protocolVersion: string | undefined;
}

const ADDRESS = {
  name: 'Ana Lima',
  line1: '1 Test Street',
  city: 'Lisbon',
  postalCode: '1000-001',
  country: 'PT',
};
const CARD = '4242424242424242';

/** Starts a guest session over the REST API and answers its bearer token. */
export async function newSession(baseUrl: string): Promise<string> {
  const response = await fetch(new URL('/api/v1/sessions', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (response.status !== 201) throw new Error(`session: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** Connects an MCP client for the shopper; `legacy` speaks the 2025 handshake instead of 2026-07-28. */
export async function connectAgent(
  baseUrl: string,
  token: string,
  options: { legacy?: boolean; path?: string; headers?: Record<string, string> } = {},
): Promise<Client> {
  const client = new Client(
    { name: 'rushcart-scripted-agent', version: '1.0.0' },
    options.legacy === true ? {} : { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const transport = new StreamableHTTPClientTransport(new URL(options.path ?? '/mcp', baseUrl), {
    requestInit: { headers: { authorization: `Bearer ${token}`, ...options.headers } },
  });
  await client.connect(transport);
  return client;
}

/** Runs the whole flow against `baseUrl` (a server with the demo catalog and campaigns). */
export async function runMcpShopper(
  baseUrl: string,
  options: { legacy?: boolean; log?: (step: AgentStep) => void } = {},
): Promise<AgentRun> {
  const client = await connectAgent(baseUrl, await newSession(baseUrl), options);
  const steps: AgentStep[] = [];
  const call = async <T = Record<string, unknown>>(
    tool: string,
    args: Record<string, unknown>,
  ): Promise<T> => {
    const result = await client.callTool({ name: tool, arguments: args });
    const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
    const step = { tool, arguments: args, result: structured };
    steps.push(step);
    options.log?.(step);
    if (result.isError === true) {
      const error = (structured.error ?? {}) as { code?: string; message?: string };
      throw new Error(`${tool} refused: ${error.code ?? 'unknown'} ${error.message ?? ''}`);
    }
    return structured as T;
  };
  try {
    const found = await call<{ items: { productId: string }[] }>('search_products', {
      query: 'water bottle',
      inStock: true,
      limit: 3,
    });
    const first = found.items[0];
    if (first === undefined) throw new Error('search found nothing');
    const { product } = await call<{ product: { variants: { variantId: string; stock: number }[] } }>(
      'get_product',
      { productId: first.productId },
    );
    const variant = product.variants.find((item) => item.stock > 0);
    if (variant === undefined) throw new Error('the product has no variant in stock');
    await call('add_to_cart', { variantId: variant.variantId, quantity: 1 });

    const { offers } = await call<{ offers: { campaignId: string; code: string | null }[] }>(
      'list_offers',
      {},
    );
    const claimable = offers.find((offer) => offer.code === null);
    if (claimable === undefined) throw new Error('no claimable offer is live');
    const claimKey = `agent-claim-${Date.now()}`;
    const { coupon } = await call<{ coupon: { code: string } }>('claim_coupon', {
      campaignId: claimable.campaignId,
      idempotencyKey: claimKey,
    });
    await call('apply_coupon', { code: coupon.code });
    await call('view_cart', {});

    const checkoutArgs = { cardNumber: CARD, shippingAddress: ADDRESS };
    type Confirmable = { confirmation: { summary: string; confirmationToken: string } };
    type Placed = { order: { orderId: string; status: string } };
    const preview = await call<Confirmable>('checkout', checkoutArgs);
    // Here a real agent shows preview.confirmation.summary to the shopper; the script's shopper says yes.
    const confirmArgs = { ...checkoutArgs, confirmationToken: preview.confirmation.confirmationToken };
    const placed = await call<Placed>('checkout', confirmArgs);
    // The answer was lost on the way (the agent timed out): the same call again must not charge again.
    const retried = await call<Placed>('checkout', confirmArgs);
    const orderId = placed.order.orderId;
    await call('get_order', { orderId });

    const cancelPreview = await call<Confirmable>('cancel_order', { orderId });
    await call('cancel_order', { orderId, confirmationToken: cancelPreview.confirmation.confirmationToken });
    const final = (await call<Placed>('get_order', { orderId })).order;
    return {
      steps,
      orderId,
      confirmedOrderIds: [orderId, retried.order.orderId],
      finalStatus: final.status,
      protocolVersion: client.getNegotiatedProtocolVersion(),
    };
  } finally {
    await client.close();
  }
}

/** `npm run eval -- mcp-shopper [--url http://127.0.0.1:3000] [--legacy]`: runs the flow and prints each step. */
export async function run(argv: string[]): Promise<void> {
  const urlIndex = argv.indexOf('--url');
  const baseUrl = urlIndex >= 0 ? (argv[urlIndex + 1] ?? '') : 'http://127.0.0.1:3000';
  const outcome = await runMcpShopper(baseUrl, {
    legacy: argv.includes('--legacy'),
    log: (step) =>
      process.stdout.write(
        `${step.tool} ${JSON.stringify(step.arguments)}\n  -> ${JSON.stringify(step.result).slice(0, 300)}\n`,
      ),
  });
  const charged = outcome.confirmedOrderIds[0] === outcome.confirmedOrderIds[1] ? 'once' : 'TWICE';
  process.stdout.write(
    `\norder ${outcome.orderId}: charged ${charged}, now ${outcome.finalStatus}; ${outcome.steps.length} tool calls\n`,
  );
  if (charged !== 'once' || outcome.finalStatus !== 'cancelled') process.exitCode = 1;
}
