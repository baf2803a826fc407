import { createHash, createHmac, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/app-error.js';
import {
  AUTHORIZATION_VOIDED,
  KEY_REUSED,
  type PaymentLookup,
  type PaymentOutcome,
  type PaymentProvider,
  type PaymentToken,
} from './payment-provider.js';

/** The documented test cards (docs/payments.md). */
export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  failsAfterDelay: '4000000000000259',
  /** Charged at once; the answer comes after the slow delay. */
  succeedsSlowly: '4000000000000077',
  /** Charged, then the provider fails to answer (a timeout after the charge). */
  answerLost: '4000000000000119',
} as const;

/** Which documented test card a saved card is (`unknown` for any other number): all the provider keeps of it. */
export type TestCard = keyof typeof TEST_CARDS | 'unknown';

/** A card the test provider saved: never its number, only which test card it is and its last 4 digits. */
export interface SavedCard {
  readonly token: string;
  readonly shopperId: string;
  readonly card: TestCard;
  readonly last4: string;
  /** Keyed digest of the card number, the same for every shopper (`PaymentToken.fingerprint`). */
  readonly fingerprint?: string;
  readonly createdAt: number;
}

/** Where the test provider keeps saved cards (`test_payment_cards`, or memory); the first save of a token stands. */
export interface CardVault {
  save(card: SavedCard): Promise<void>;
  find(token: string): Promise<SavedCard | undefined>;
}

/** Saved cards in memory. */
export function createMemoryCardVault(): CardVault {
  const cards = new Map<string, SavedCard>();
  return {
    async save(card) {
      if (!cards.has(card.token)) cards.set(card.token, card);
    },
    async find(token) {
      return cards.get(token);
    },
  };
}

function testCardOf(number: string): TestCard {
  for (const [name, card] of Object.entries(TEST_CARDS)) if (card === number) return name as TestCard;
  return 'unknown';
}

/** One entry of the test provider's books. */
export interface LedgerEntry {
  readonly key: string;
  /** `capture`: a payment, from its authorization on; `refund`: money given back from one. */
  readonly kind: 'capture' | 'refund';
  /** A payment is `authorized` (held), then `captured` or `voided`; or `declined`. */
  readonly outcome: 'authorized' | 'captured' | 'voided' | 'declined' | 'refunded';
  /** The payment's or refund's id; for a decline, the reason. */
  readonly reference: string;
  /** For a refund: the charge it gives money back from. */
  readonly captureReference: string | undefined;
  readonly amount: number;
  readonly currency: string;
  readonly createdAt: number;
}

/**
 * Where the test provider keeps its books: in memory for unit tests, in the database
 * (`test_payment_ledger`) for the running product, so that they outlive a crash of the checkout
 * that called it, as a real processor's do. The first entry of a key stands.
 */
export interface TestPaymentLedger {
  find(key: string): Promise<LedgerEntry | undefined>;
  /** Records an authorization's outcome unless its key has one; answers the entry that stands. */
  recordAuthorization(entry: LedgerEntry): Promise<LedgerEntry>;
  /** Moves the key's hold to `captured` or `voided` if it is still held; answers the entry that stands. */
  settleHold(key: string, outcome: 'captured' | 'voided'): Promise<LedgerEntry | undefined>;
  /**
   * Records a refund unless its key has one, if the charge exists and has at least `amount` left;
   * answers the entry that stands, or undefined when the charge cannot give that much back.
   */
  recordRefund(entry: LedgerEntry): Promise<LedgerEntry | undefined>;
  /** Every entry, oldest first: the provider's side of a reconciliation. */
  entries(): Promise<LedgerEntry[]>;
}

/** The books in memory; each call is one synchronous step, so concurrent calls cannot interleave. */
export function createMemoryPaymentLedger(): TestPaymentLedger {
  const byKey = new Map<string, LedgerEntry>();
  return {
    async find(key) {
      return byKey.get(key);
    },
    async recordAuthorization(entry) {
      const existing = byKey.get(entry.key);
      if (existing !== undefined) return existing;
      byKey.set(entry.key, entry);
      return entry;
    },
    async settleHold(key, outcome) {
      const existing = byKey.get(key);
      if (existing?.outcome !== 'authorized') return existing;
      const settled = { ...existing, outcome };
      byKey.set(key, settled);
      return settled;
    },
    async recordRefund(entry) {
      const existing = byKey.get(entry.key);
      if (existing !== undefined) return existing;
      const charge = [...byKey.values()].find(
        (item) =>
          item.kind === 'capture' && item.outcome === 'captured' && item.reference === entry.captureReference,
      );
      if (charge === undefined) return undefined;
      const refunded = [...byKey.values()]
        .filter((item) => item.kind === 'refund' && item.captureReference === entry.captureReference)
        .reduce((sum, item) => sum + item.amount, 0);
      if (refunded + entry.amount > charge.amount) return undefined;
      byKey.set(entry.key, entry);
      return entry;
    },
    async entries() {
      return [...byKey.values()];
    },
  };
}

/**
 * The built-in test provider: no network, deterministic by card number, with books of its own.
 * 4242424242424242 is authorized; 4000000000000002 is declined; 4000000000000259 waits
 * `failureDelayMs` and fails without holding anything; 4000000000000077 is authorized and captured,
 * each answered after `slowDelayMs`; 4000000000000119 is authorized and then fails to answer (after
 * `failureDelayMs`); any other number is declined as unknown. A hold is captured or voided once. A
 * key answers its first outcome forever, and a key reused for another amount is refused
 * (`idempotency_key_reused`), as real providers refuse changed parameters.
 */
export function createTestPaymentProvider(
  options: {
    failureDelayMs?: number;
    slowDelayMs?: number;
    ledger?: TestPaymentLedger;
    vault?: CardVault;
    /** Keys the tokens: the same card of the same shopper gets the same token under one secret. */
    tokenSecret?: string;
    now?: () => number;
  } = {},
): PaymentProvider & { readonly ledger: TestPaymentLedger } {
  const failureDelayMs = options.failureDelayMs ?? 300;
  const slowDelayMs = options.slowDelayMs ?? 2000;
  const ledger = options.ledger ?? createMemoryPaymentLedger();
  const vault = options.vault ?? createMemoryCardVault();
  const tokenKey = createHmac('sha256', options.tokenSecret ?? randomBytes(32).toString('hex'))
    .update('rushcart test card tokens')
    .digest();
  const now = options.now ?? Date.now;
  /** Keys this provider authorized with the slow card: their capture is slow too. */
  const slowKeys = new Set<string>();
  const shown = (card: SavedCard): PaymentToken => ({
    token: card.token,
    type: 'test_card',
    last4: card.last4,
    ...(card.fingerprint === undefined ? {} : { fingerprint: card.fingerprint }),
  });

  const outcomeOf = (entry: LedgerEntry | undefined): PaymentOutcome => {
    switch (entry?.outcome) {
      case 'authorized':
      case 'captured':
        return { ok: true, reference: entry.reference };
      case 'declined':
        return { ok: false, reason: entry.reference };
      default:
        return { ok: false, reason: AUTHORIZATION_VOIDED };
    }
  };

  const lookupOf = (entry: LedgerEntry | undefined): PaymentLookup => {
    if (entry === undefined || entry.kind !== 'capture') return { status: 'none' };
    const amount = { amount: entry.amount, currency: entry.currency };
    switch (entry.outcome) {
      case 'authorized':
        return { status: 'authorized', reference: entry.reference, amount };
      case 'captured':
        return { status: 'captured', reference: entry.reference, amount };
      case 'declined':
        return { status: 'declined', reason: entry.reference };
      default:
        return { status: 'voided' };
    }
  };

  return {
    name: 'test',
    ledger,
    async authorize({ key, amount, method }): Promise<PaymentOutcome> {
      const earlier = await ledger.find(key);
      if (earlier !== undefined) {
        if (earlier.amount !== amount.amount || earlier.currency !== amount.currency) {
          return { ok: false, reason: KEY_REUSED };
        }
        return outcomeOf(earlier);
      }
      const entry = (outcome: 'authorized' | 'declined', reference: string): LedgerEntry => ({
        key,
        kind: 'capture',
        outcome,
        reference,
        captureReference: undefined,
        amount: amount.amount,
        currency: amount.currency,
        createdAt: now(),
      });
      const hold = () => ledger.recordAuthorization(entry('authorized', `test_pi_${digest(key)}`));
      const saved = await vault.find(method.token);
      if (saved === undefined)
        return outcomeOf(await ledger.recordAuthorization(entry('declined', 'unknown_token')));
      switch (saved.card) {
        case 'succeeds':
          return outcomeOf(await hold());
        case 'succeedsSlowly': {
          const held = await hold();
          slowKeys.add(key);
          await sleep(slowDelayMs);
          return outcomeOf(held);
        }
        case 'answerLost':
          await hold();
          await sleep(failureDelayMs);
          throw new AppError(
            'PAYMENT_FAILED',
            'The test provider authorized the card and lost its answer (card 4000000000000119).',
          );
        case 'failsAfterDelay':
          await sleep(failureDelayMs);
          throw new AppError('PAYMENT_FAILED', 'The test provider timed out (card 4000000000000259).');
        case 'declined':
          return outcomeOf(await ledger.recordAuthorization(entry('declined', 'card_declined')));
        default:
          return outcomeOf(await ledger.recordAuthorization(entry('declined', 'unknown_test_card')));
      }
    },
    async capture({ key }): Promise<PaymentOutcome> {
      const settled = await ledger.settleHold(key, 'captured');
      if (slowKeys.has(key)) await sleep(slowDelayMs);
      return settled?.outcome === 'captured'
        ? outcomeOf(settled)
        : { ok: false, reason: AUTHORIZATION_VOIDED };
    },
    async voidAuthorization({ key }) {
      return lookupOf(await ledger.settleHold(key, 'voided'));
    },
    async refund({ key, captureReference, amount }) {
      const recorded = await ledger.recordRefund({
        key,
        kind: 'refund',
        outcome: 'refunded',
        reference: `test_re_${digest(key)}`,
        captureReference,
        amount: amount.amount,
        currency: amount.currency,
        createdAt: now(),
      });
      if (recorded === undefined) {
        throw new AppError(
          'PAYMENT_FAILED',
          `The test provider refused a refund of ${captureReference} beyond what it has left.`,
        );
      }
      return { reference: recorded.reference };
    },
    async lookup(key): Promise<PaymentLookup> {
      return lookupOf(await ledger.find(key));
    },
    async tokenize(shopperId, card) {
      const digestOfCard = createHmac('sha256', tokenKey)
        .update(`${shopperId}\n${card.number}`)
        .digest('base64url');
      const token = `tok_${digestOfCard.slice(0, 24)}`;
      const saved: SavedCard = {
        token,
        shopperId,
        card: testCardOf(card.number),
        last4: card.number.slice(-4),
        fingerprint: createHmac('sha256', tokenKey)
          .update(`fingerprint\n${card.number}`)
          .digest('base64url')
          .slice(0, 22),
        createdAt: now(),
      };
      await vault.save(saved);
      return shown(saved);
    },
    async findToken(shopperId, token) {
      const saved = await vault.find(token);
      return saved === undefined || saved.shopperId !== shopperId ? undefined : shown(saved);
    },
  };
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}
