/**
 * `npm run bench -- payments-faults [--checkouts N] [--clients C] [--postgres URL] [--seed S]`
 *
 * Runs N express checkouts (a new shopper each, one or two items) through two checkout nodes over
 * one store, paying a provider with injected faults on every authorization and capture:
 * unreachable (nothing done), lost answers (done, no answer), slow answers; failing lookups, voids
 * and refunds; declined cards; and a store that fails to record a charge it just made. Clients follow docs/retry-contract.md: on a 5xx or "in
 * flight" they retry the same Idempotency-Key with jittered backoff, on any other 4xx they stop;
 * a quarter of them give up after a first failure instead (they closed the tab), so charges are left
 * that no checkout will come back for.
 *
 * Then it measures the money twice: right after the crowd (what the faults left in limbo), and after
 * the reconciler and the sweeper settled it. It prints the provider's charges and refunds, the paid
 * orders, the holds let go, and the mismatches, which must be 0: a key charged twice, money kept
 * without an order, a hold never let go, an order paid without money, an acknowledged order not paid, stock that does not add up, or any
 * disagreement `rushcart verify` finds between our books and the provider's. A first pass with no
 * faults, the same size, is the baseline for what the faults cost in throughput and latency.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { buildProduct } from '../src/catalog/build-product.js';
import {
  type CheckoutService,
  type CommerceStore,
  createCheckoutService,
  createFaultyPaymentProvider,
  createNoCouponsHook,
  createOrderService,
  createTestPaymentProvider,
  type OrderService,
  type PaymentFaults,
  startReservationSweeper,
  TEST_CARDS,
} from '../src/commerce/index.js';
import { AppError, isAppError } from '../src/shared/app-error.js';
import { isRefusal } from '../src/shared/error-catalog.js';
import { newId } from '../src/shared/ids.js';
import type { Db } from '../src/storage/dialect.js';
import { openDatabase } from '../src/storage/open-database.js';
import { createSqlCatalogStore } from '../src/storage/sql/catalog-store.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { createSqlIdempotencyStore } from '../src/storage/sql/idempotency-store.js';
import { verifyPayments } from '../src/storage/sql/payments-audit.js';
import { createSqlPaymentLedger } from '../src/storage/sql/test-payment-ledger.js';
import { percentiles } from './lib/percentiles.js';
import { progressBar } from './lib/progress.js';
import { seededRandom } from './search/synthetic-catalog.js';

const VARIANTS = 200;
const STOCK_EACH = 1_000_000;
const MAX_ATTEMPTS = 8;
const ADDRESS = {
  name: 'Bench Shopper',
  line1: '1 Load Street',
  city: 'Lisbon',
  postalCode: '1000-001',
  country: 'PT',
};

/** The faults of the measured pass, per call. */
const FAULTS: Omit<PaymentFaults, 'random'> = {
  unreachable: 0.05,
  lostAnswer: 0.05,
  slow: 0.05,
  slowMs: 20,
  lookupFailure: 0.3,
  refundFailure: 0.05,
  voidFailure: 0.05,
};
/** Shares of checkouts paying with a declined card, and of charges the store then fails to record. */
const DECLINED_SHARE = 0.05;
const UNRECORDED_SHARE = 0.02;
/** The share of shoppers who give up after a failed attempt instead of retrying (they closed the tab). */
const ABANDON_SHARE = 0.25;

interface ClientTally {
  placed: number;
  declined: number;
  refused: Record<string, number>;
  /** Shoppers who stopped without an answer: after the first failure, or after MAX_ATTEMPTS. */
  gaveUp: number;
  attempts: number;
  latenciesMs: number[];
  /** Order ids answered 201: each must be paid. */
  acknowledged: string[];
}

interface Money {
  charges: number;
  charged: number;
  refunds: number;
  refunded: number;
  paidOrders: number;
  paidTotal: number;
  /** Money the provider holds on cards (authorized, neither captured nor let go). */
  holds: number;
  /** Holds let go: money that never moved. */
  voided: number;
  /** Provider money net of refunds that no paid order accounts for. */
  keptWithoutOrder: number;
  /** Capture rows no checkout or reconciler has settled yet (pending or authorized). */
  pendingCaptures: number;
}

interface PassResult {
  readonly name: string;
  readonly checkouts: number;
  readonly seconds: number;
  readonly checkoutsPerSecond: number;
  readonly latencyMs: Record<string, number>;
  readonly clients: Omit<ClientTally, 'latenciesMs' | 'acknowledged'>;
  readonly injected: Record<string, number>;
  readonly afterCrowd: Money;
  readonly afterSettling: Money;
  readonly settlingPasses: number;
  readonly mismatches: readonly { check: string; detail: string }[];
}

/** Entry point. */
export async function run(argv: string[]): Promise<void> {
  const program = new Command('payments-faults')
    .option('--checkouts <n>', 'checkouts in the faults pass', '10000')
    .option('--clients <n>', 'concurrent clients', '32')
    .option('--postgres <url>', 'run on PostgreSQL instead of a fresh SQLite file')
    .option('--seed <n>', 'seed of the fault injection', '20261206')
    .option('--out <dir>', 'where results go', 'bench/results')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const flags = program.opts<{
    checkouts: string;
    clients: string;
    postgres?: string;
    seed: string;
    out: string;
  }>();
  const checkouts = Number(flags.checkouts);
  const clients = Number(flags.clients);
  if (!(Number.isInteger(checkouts) && checkouts > 0))
    throw new Error('--checkouts must be a positive integer');
  if (!(Number.isInteger(clients) && clients > 0)) throw new Error('--clients must be a positive integer');

  const baseline = await pass({
    name: 'no faults',
    checkouts,
    clients,
    postgres: flags.postgres,
    seed: Number(flags.seed),
    faults: undefined,
  });
  const faulty = await pass({
    name: 'faults',
    checkouts,
    clients,
    postgres: flags.postgres,
    seed: Number(flags.seed),
    faults: FAULTS,
  });
  const results = [baseline, faulty];
  for (const result of results) print(result);
  mkdirSync(flags.out, { recursive: true });
  const file = join(flags.out, 'payments-faults.json');
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), store: flags.postgres === undefined ? 'sqlite' : 'postgres', faults: FAULTS, declinedShare: DECLINED_SHARE, unrecordedShare: UNRECORDED_SHARE, results }, null, 2)}\n`,
  );
  process.stdout.write(`\nwrote ${file}\n`);
  if (results.some((result) => result.mismatches.length > 0)) process.exitCode = 1;
}

async function pass(options: {
  name: string;
  checkouts: number;
  clients: number;
  postgres: string | undefined;
  seed: number;
  faults: Omit<PaymentFaults, 'random'> | undefined;
}): Promise<PassResult> {
  const { db, dispose } = await freshStore(options.postgres);
  try {
    const random = seededRandom(options.seed);
    const variantIds = await seedCatalog(db);
    const books = createTestPaymentProvider({
      ledger: createSqlPaymentLedger(db),
      failureDelayMs: 5,
      slowDelayMs: 20,
    });
    const store = createSqlCommerceStore(db);
    // Two nodes, each with its own faulty link to the one provider; a retry may land on either.
    const nodes = [0, 1].map(() => {
      const payments =
        options.faults === undefined
          ? books
          : createFaultyPaymentProvider(books, { ...options.faults, random });
      const deps = {
        store: options.faults === undefined ? store : unreliableRecords(store, random),
        coupons: createNoCouponsHook(),
        payments,
        stock: { stockChanged: () => undefined },
        idempotency: createSqlIdempotencyStore(db),
        returnWindowDays: 30,
      };
      return {
        payments,
        checkout: createCheckoutService(deps),
        orders: createOrderService(deps),
      };
    });

    const tally: ClientTally = {
      placed: 0,
      declined: 0,
      refused: {},
      gaveUp: 0,
      attempts: 0,
      latenciesMs: [],
      acknowledged: [],
    };
    const bar = progressBar(`payments-faults (${options.name})`, options.checkouts);
    let next = 0;
    let done = 0;
    const started = performance.now();
    const client = async () => {
      while (next < options.checkouts) {
        const index = next++;
        const items = [
          { variantId: variantIds[index % variantIds.length] as string, quantity: 1 + (index % 2) },
        ];
        const card =
          options.faults !== undefined && random() < DECLINED_SHARE
            ? TEST_CARDS.declined
            : TEST_CARDS.succeeds;
        const body = {
          payment: { type: 'test_card' as const, number: card },
          shippingAddress: ADDRESS,
          items,
        };
        const patient = options.faults === undefined || random() >= ABANDON_SHARE;
        await checkoutFollowingContract(nodes, newId('shp'), `bench-${index}`, body, random, tally, patient);
        done += 1;
        bar.update(done, { placed: tally.placed, retries: tally.attempts - done });
      }
    };
    await Promise.all(Array.from({ length: options.clients }, client));
    const seconds = (performance.now() - started) / 1000;
    bar.stop();

    const afterCrowd = await countMoney(db, books);
    const settlingPasses = await settle(nodes[0]?.orders as OrderService);
    const afterSettling = await countMoney(db, books);
    const mismatches = await findMismatches(db, books, tally, variantIds, afterSettling);
    const injected: Record<string, number> = {};
    for (const node of nodes) {
      if ('injected' in node.payments) {
        for (const [fault, count] of Object.entries(node.payments.injected))
          injected[fault] = (injected[fault] ?? 0) + count;
      }
    }
    const { latenciesMs, acknowledged, ...clients } = tally;
    return {
      name: options.name,
      checkouts: options.checkouts,
      seconds: Math.round(seconds * 100) / 100,
      checkoutsPerSecond: Math.round(options.checkouts / seconds),
      latencyMs: percentiles(latenciesMs),
      clients,
      injected,
      afterCrowd,
      afterSettling,
      settlingPasses,
      mismatches,
    };
  } finally {
    await dispose();
  }
}

/** One shopper's checkout: the same key and body until an answer that is not "try again". */
async function checkoutFollowingContract(
  nodes: readonly { checkout: CheckoutService }[],
  shopperId: string,
  key: string,
  body: Parameters<CheckoutService['checkout']>[1],
  random: () => number,
  tally: ClientTally,
  /** False for a shopper who gives up after the first failed attempt. */
  patient: boolean,
): Promise<void> {
  const started = performance.now();
  for (let attempt = 0; attempt < (patient ? MAX_ATTEMPTS : 1); attempt += 1) {
    tally.attempts += 1;
    const node = nodes[Math.floor(random() * nodes.length)] as { checkout: CheckoutService };
    try {
      const placed = await node.checkout.checkout(shopperId, body, key);
      tally.placed += 1;
      tally.acknowledged.push(placed.value.id);
      tally.latenciesMs.push(performance.now() - started);
      return;
    } catch (error) {
      // A refusal (replayed or not) is the answer; a failure or "in flight" is retried.
      if (isAppError(error) && isRefusal(error.code) && error.code !== 'IDEMPOTENCY_IN_FLIGHT') {
        if (error.code === 'PAYMENT_DECLINED') tally.declined += 1;
        else tally.refused[error.code] = (tally.refused[error.code] ?? 0) + 1;
        tally.latenciesMs.push(performance.now() - started);
        return;
      }
      // Full jitter over a doubling wait (docs/retry-contract.md), kept short for a bench.
      await new Promise((resolve) => setTimeout(resolve, random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
  tally.gaveUp += 1;
}

/** The store with charges that fail to be recorded (the database lost the write after the charge). */
function unreliableRecords(store: CommerceStore, random: () => number): CommerceStore {
  return {
    ...store,
    async recordCapture(orderId, reference, now) {
      if (random() < UNRECORDED_SHARE)
        throw new AppError('INTERNAL', 'Injected fault: the capture was not recorded.');
      return store.recordCapture(orderId, reference, now);
    },
  };
}

/** Sweeps until nothing is left pending (lookups and refunds fail now and then); answers the passes. */
async function settle(orders: OrderService): Promise<number> {
  // Every checkout has ended, so a zero timeout leaves no running checkout to be asked about.
  const sweeper = startReservationSweeper({
    orders,
    checkoutTimeoutMs: 0,
    refundRetryAfterMs: 0,
    intervalMs: 3_600_000,
  });
  try {
    for (let passes = 1; passes <= 50; passes += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const report = await sweeper.sweepOnce();
      const captures = report.captures;
      const busy =
        captures.recorded +
        captures.failed +
        captures.voided +
        captures.superseded +
        captures.unresolved +
        report.expired +
        report.refunded;
      if (busy === 0) return passes;
    }
    return 50;
  } finally {
    sweeper.stop();
  }
}

async function countMoney(db: Db, books: ReturnType<typeof createTestPaymentProvider>): Promise<Money> {
  const entries = await books.ledger.entries();
  const charges = entries.filter((entry) => entry.kind === 'capture' && entry.outcome === 'captured');
  const refunds = entries.filter((entry) => entry.kind === 'refund');
  const outcomes = (outcome: string) => entries.filter((entry) => entry.outcome === outcome).length;
  const paid = await db.kysely
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.coalesce(eb.fn.sum<number>('total'), eb.lit(0)).as('total'),
    ])
    .where('status', '=', 'paid')
    .executeTakeFirstOrThrow();
  const pending = await db.kysely
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('kind', '=', 'capture')
    .where('status', 'in', ['pending', 'authorized'])
    .executeTakeFirstOrThrow();
  const charged = charges.reduce((sum, entry) => sum + entry.amount, 0);
  const refunded = refunds.reduce((sum, entry) => sum + entry.amount, 0);
  return {
    charges: charges.length,
    charged,
    refunds: refunds.length,
    refunded,
    paidOrders: Number(paid.count),
    paidTotal: Number(paid.total),
    holds: outcomes('authorized'),
    voided: outcomes('voided'),
    keptWithoutOrder: charged - refunded - Number(paid.total),
    pendingCaptures: Number(pending.count),
  };
}

async function findMismatches(
  db: Db,
  books: ReturnType<typeof createTestPaymentProvider>,
  tally: ClientTally,
  variantIds: readonly string[],
  money: Money,
): Promise<{ check: string; detail: string }[]> {
  const mismatches: { check: string; detail: string }[] = [];
  const audit = await verifyPayments(db, await books.ledger.entries());
  for (const item of audit.mismatches) {
    mismatches.push({
      check: item.check,
      detail: `${item.orderId}: expected ${item.expected}, found ${item.actual}`,
    });
  }
  if (money.keptWithoutOrder !== 0)
    mismatches.push({ check: 'kept_without_order', detail: `${money.keptWithoutOrder} minor units` });
  if (money.pendingCaptures !== 0)
    mismatches.push({ check: 'unsettled', detail: `${money.pendingCaptures} captures still pending` });
  if (money.holds !== 0) mismatches.push({ check: 'held', detail: `${money.holds} holds never let go` });
  const twice = await db.kysely
    .selectFrom('orders')
    .select('shopper_id')
    .where('status', '=', 'paid')
    .groupBy('shopper_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  for (const row of twice) mismatches.push({ check: 'paid_twice', detail: row.shopper_id });
  const paidIds = new Set(
    (await db.kysely.selectFrom('orders').select('id').where('status', '=', 'paid').execute()).map(
      (row) => row.id,
    ),
  );
  const lost = tally.acknowledged.filter((id) => !paidIds.has(id));
  if (lost.length > 0) mismatches.push({ check: 'acknowledged_not_paid', detail: `${lost.length} orders` });
  if (paidIds.size !== tally.placed)
    mismatches.push({ check: 'paid_not_acknowledged', detail: `${paidIds.size - tally.placed} orders` });
  const sold = await db.kysely
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('order_lines.quantity'), eb.lit(0)).as('units'))
    .where('orders.status', '=', 'paid')
    .executeTakeFirstOrThrow();
  const left = await db.kysely
    .selectFrom('variants')
    .select((eb) => eb.fn.sum<number>('stock').as('units'))
    .where('id', 'in', [...variantIds])
    .executeTakeFirstOrThrow();
  const missing = VARIANTS * STOCK_EACH - Number(left.units) - Number(sold.units);
  if (missing !== 0) mismatches.push({ check: 'stock', detail: `${missing} units neither on hand nor sold` });
  return mismatches;
}

async function seedCatalog(db: Db): Promise<string[]> {
  const now = Date.now();
  const products = Array.from({ length: VARIANTS }, (_, index) =>
    buildProduct(
      {
        title: `Bench item ${index}`,
        variants: [{ price: { amount: 500 + ((index * 37) % 5000), currency: 'USD' }, stock: STOCK_EACH }],
      },
      now,
    ),
  );
  await createSqlCatalogStore(db).upsertProducts(products);
  return products.map((product) => product.variants[0]?.id as string);
}

async function freshStore(postgres: string | undefined): Promise<{ db: Db; dispose(): Promise<void> }> {
  if (postgres !== undefined) {
    const schema = `bench_payments_${Date.now()}`;
    const db = await openDatabase(postgres, { schema });
    return {
      db,
      async dispose() {
        await db.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
        await db.close();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rushcart-payments-'));
  const db = await openDatabase(join(dir, 'bench.db'));
  return {
    db,
    async dispose() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function print(result: PassResult): void {
  const money = (label: string, figures: Money) =>
    `  ${label.padEnd(16)} charges ${figures.charges} (${figures.charged}), refunds ${figures.refunds} (${figures.refunded}), paid orders ${figures.paidOrders} (${figures.paidTotal}), holds ${figures.holds}, voided ${figures.voided}, kept without an order ${figures.keptWithoutOrder}, captures pending ${figures.pendingCaptures}\n`;
  process.stdout.write(
    `\n${result.name}: ${result.checkouts} checkouts in ${result.seconds} s (${result.checkoutsPerSecond}/s), latency ms ${JSON.stringify(result.latencyMs)}\n` +
      `  clients          placed ${result.clients.placed}, declined ${result.clients.declined}, refused ${JSON.stringify(result.clients.refused)}, gave up ${result.clients.gaveUp}, attempts ${result.clients.attempts}\n` +
      `  injected         ${JSON.stringify(result.injected)}\n` +
      money('after the crowd', result.afterCrowd) +
      money('after settling', result.afterSettling) +
      `  settling passes  ${result.settlingPasses}\n` +
      `  mismatches       ${result.mismatches.length}${result.mismatches.length === 0 ? '' : ` ${JSON.stringify(result.mismatches.slice(0, 10))}`}\n`,
  );
}
