import { LRUCache } from 'lru-cache';
import type { Refusal } from '../shared/app-error.js';
import { isLoopback } from '../shared/loopback.js';
import type { Challenges } from './challenges.js';
import type { ReviewStore } from './review-queue.js';
import { decide, type RiskDecision, type RiskReason, type RiskSettings } from './risk-settings.js';
import { DistinctCounter, EventCounter } from './velocity.js';

/** What the defences know of a shopper, cached per node. */
export interface ShopperFacts {
  readonly shopperId: string;
  readonly deviceId: string | undefined;
  readonly createdAt: number;
  /** The verified mailbox, else the normalised address typed at sign-up. */
  readonly emailKey: string | undefined;
  /** The verified address's domain, when it is not one of the big providers. */
  readonly privateDomain: string | undefined;
  readonly verified: boolean;
  /** The address typed at sign-up is at a disposable mail service. */
  readonly disposable: boolean;
}

/** Where a claim came from, as the HTTP edge saw it. */
export interface ClaimOrigin {
  readonly ip?: string | undefined;
  /** An ALTCHA solution (`X-Rushcart-Challenge`), when the client sends one. */
  readonly solution?: string | undefined;
}

/** The crowd a campaign is under, from admission. */
export interface Crowd {
  readonly engaged: boolean;
  /** Seconds of queue ahead of a new arrival (queue length over the admit rate). */
  readonly queueSeconds: number;
}

/** Persists the merchant's rule settings. */
export interface RiskSettingsStore {
  load(): Promise<RiskSettings | undefined>;
  save(settings: RiskSettings, at: number): Promise<void>;
}

/** Dependencies of the defences. */
export interface FraudDefencesDependencies {
  readonly settings: RiskSettingsStore;
  readonly reviews: ReviewStore;
  readonly challenges: Challenges;
  readonly loadFacts: (shopperId: string) => Promise<ShopperFacts | undefined>;
  readonly crowd: (campaignId: string) => Crowd;
  readonly defaults: RiskSettings;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

/** Facts cached per node at most. */
const MAX_FACTS = 200_000;
/** Reasons that alone do not put a claim in the review queue: every crowd arrival and fast clicker has them. */
const ROUTINE: ReadonlySet<RiskReason> = new Set(['CROWDED', 'NEW_ACCOUNT']);

/**
 * The risk screen of claims and coupon checkouts: counts per shopper, device, IP, mailbox,
 * domain and card over the merchant's window, the rules' decision, a proof-of-work challenge
 * bound to the shopper when a rule (or the crowd) asks for one, and the review queue for the
 * merchant. Counts are this node's (see docs/fraud.md).
 */
export class FraudDefences {
  private current: RiskSettings;
  private counters: ReturnType<typeof makeCounters>;
  private readonly facts = new LRUCache<string, ShopperFacts>({ max: MAX_FACTS });
  /** (shopper, campaign) pairs already in the review queue from this node, so retries do not flood it. */
  private readonly queued = new LRUCache<string, true>({ max: 100_000 });
  private readonly now: () => number;
  private readonly decisions = new Map<string, number>();

  constructor(private readonly dependencies: FraudDefencesDependencies) {
    this.current = dependencies.defaults;
    this.counters = makeCounters(this.current.windowSeconds * 1000);
    this.now = dependencies.now ?? Date.now;
  }

  /** Loads the merchant's saved settings. */
  async start(): Promise<void> {
    this.apply((await this.dependencies.settings.load()) ?? this.current);
  }

  /** The review queue and clawbacks. */
  get reviews(): ReviewStore {
    return this.dependencies.reviews;
  }

  get settings(): RiskSettings {
    return this.current;
  }

  /** Saves new settings; a changed window starts the counts afresh. */
  async update(settings: RiskSettings): Promise<RiskSettings> {
    await this.dependencies.settings.save(settings, this.now());
    this.apply(settings);
    return settings;
  }

  /** Re-reads the settings another node may have saved. */
  async refresh(): Promise<void> {
    const saved = await this.dependencies.settings.load();
    if (saved !== undefined) this.apply(saved);
  }

  /** Primes (or replaces) the cached facts of a shopper this node just created or verified. */
  remember(facts: ShopperFacts): void {
    this.facts.set(facts.shopperId, facts);
  }

  /** Decisions counted by outcome and reason since start, for metrics and the console. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.decisions);
  }

  /**
   * Screens a claim that passed the memory answers: verification first (a campaign rule, on even
   * with the defences off), then the risk rules. Undefined lets it through.
   */
  async screenClaim(
    input: {
      readonly shopperId: string;
      readonly campaignId: string;
      readonly idempotencyKey: string;
      readonly origin?: ClaimOrigin;
    },
    campaign: { readonly eligibility: { readonly verifiedShoppers?: boolean | undefined } },
  ): Promise<Refusal | undefined> {
    const settings = this.current;
    const needsVerified = campaign.eligibility.verifiedShoppers === true;
    if (!settings.enabled && !needsVerified) return undefined;
    const facts = await this.factsOf(input.shopperId);
    if (facts === undefined) return { code: 'UNAUTHENTICATED' };
    if (needsVerified && !facts.verified) return { code: 'VERIFICATION_REQUIRED' };
    if (!settings.enabled) return undefined;

    const at = this.now();
    const origin = input.origin ?? {};
    const crowd = this.dependencies.crowd(input.campaignId);
    const counters = this.counters;
    const decision = decide(settings, {
      shopperClaims: counters.shopperClaims.add(facts.shopperId, at),
      deviceShoppers:
        facts.deviceId === undefined ? 0 : counters.devices.add(facts.deviceId, facts.shopperId, at),
      ipShoppers:
        origin.ip === undefined || isLoopback(origin.ip)
          ? 0
          : counters.ips.add(origin.ip, facts.shopperId, at),
      emailShoppers:
        facts.emailKey === undefined ? 0 : counters.emails.add(facts.emailKey, facts.shopperId, at),
      domainShoppers:
        facts.privateDomain === undefined
          ? 0
          : counters.domains.add(facts.privateDomain, facts.shopperId, at),
      accountAgeSeconds: (at - facts.createdAt) / 1000,
      disposableEmail: facts.disposable,
      crowded: crowd.engaged,
    });
    this.count(decision);
    if (decision.outcome === 'allow') return undefined;
    this.enqueue(input.shopperId, input.campaignId, 'claim', decision, origin.ip, facts.deviceId, at);
    if (decision.outcome === 'deny') {
      return {
        code: 'CLAIM_DENIED',
        message: "This claim was refused by the shop's fraud rules.",
        details: { reasons: decision.reasons },
      };
    }
    if (
      origin.solution !== undefined &&
      (await this.dependencies.challenges.verify(
        facts.shopperId,
        origin.solution,
        `${input.campaignId}\n${input.idempotencyKey}`,
      ))
    ) {
      return undefined;
    }
    const challenge = await this.dependencies.challenges.create(facts.shopperId, difficulty(settings, crowd));
    return {
      code: origin.solution === undefined ? 'CHALLENGE_REQUIRED' : 'CHALLENGE_INVALID',
      details: { reasons: decision.reasons, challenge },
    };
  }

  /**
   * Screens a checkout that uses coupons: the distinct shoppers paying with this card (its
   * fingerprint) in the window. Denies only (a checkout has no challenge step), and queues the
   * shopper for review.
   */
  screenCheckout(input: {
    readonly shopperId: string;
    readonly paymentFingerprint: string | undefined;
  }): Refusal | undefined {
    const settings = this.current;
    if (!settings.enabled || input.paymentFingerprint === undefined) return undefined;
    const at = this.now();
    const shoppers = this.counters.cards.add(input.paymentFingerprint, input.shopperId, at);
    const rule = settings.cardShoppers;
    if (rule.deny === 0 || shoppers < rule.deny) return undefined;
    const decision: RiskDecision = { outcome: 'deny', reasons: ['CARD_SHOPPERS'] };
    this.count(decision);
    this.enqueue(input.shopperId, undefined, 'checkout', decision, undefined, undefined, at);
    return { code: 'COUPON_USE_DENIED', details: { reasons: decision.reasons } };
  }

  /** Forgets cached facts (after a verification on another path). */
  forget(shopperId: string): void {
    this.facts.delete(shopperId);
  }

  private async factsOf(shopperId: string): Promise<ShopperFacts | undefined> {
    const cached = this.facts.get(shopperId);
    if (cached !== undefined) return cached;
    const loaded = await this.dependencies.loadFacts(shopperId);
    if (loaded !== undefined) this.facts.set(shopperId, loaded);
    return loaded;
  }

  private apply(settings: RiskSettings): void {
    if (settings.windowSeconds !== this.current.windowSeconds) {
      this.counters = makeCounters(settings.windowSeconds * 1000);
    }
    this.current = settings;
  }

  private count(decision: RiskDecision): void {
    const bump = (key: string) => this.decisions.set(key, (this.decisions.get(key) ?? 0) + 1);
    bump(decision.outcome);
    for (const reason of decision.reasons) bump(`${decision.outcome}:${reason}`);
  }

  private enqueue(
    shopperId: string,
    campaignId: string | undefined,
    subject: 'claim' | 'checkout',
    decision: RiskDecision,
    ip: string | undefined,
    deviceId: string | undefined,
    at: number,
  ): void {
    if (decision.outcome === 'allow' || decision.reasons.every((reason) => ROUTINE.has(reason))) return;
    const key = `${shopperId}\n${campaignId ?? subject}\n${decision.outcome}`;
    if (this.queued.has(key)) return;
    this.queued.set(key, true);
    const outcome = decision.outcome;
    void this.dependencies.reviews
      .record({
        shopperId,
        campaignId,
        subject,
        outcome,
        reasons: decision.reasons,
        ip,
        deviceId,
        createdAt: at,
      })
      .catch((error: unknown) => this.dependencies.onError?.(error));
  }
}

/** The expected work: the merchant's base when calm, rising with the queue's length up to the max. */
export function difficulty(settings: RiskSettings, crowd: Crowd): number {
  const { base, max } = settings.difficulty;
  if (!crowd.engaged) return base;
  return Math.min(max, Math.round(base * (2 + crowd.queueSeconds / 10)));
}

function makeCounters(windowMs: number) {
  return {
    shopperClaims: new EventCounter(windowMs),
    devices: new DistinctCounter(windowMs),
    ips: new DistinctCounter(windowMs),
    emails: new DistinctCounter(windowMs),
    domains: new DistinctCounter(windowMs),
    cards: new DistinctCounter(windowMs),
  };
}
