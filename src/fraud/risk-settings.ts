import { z } from 'zod';

/** A rule's two thresholds: at `challenge` the claim needs a proof of work, at `deny` it is refused. 0 turns a step off. */
const Thresholds = z
  .object({
    challenge: z.number().int().min(0).max(10_000),
    deny: z.number().int().min(0).max(10_000),
  })
  .strict();

/** What the merchant sets in the console: each rule's thresholds, over one sliding window. */
export const RiskSettingsSchema = z
  .object({
    /** Off: every claim is allowed and nothing is counted (the defences' baseline). */
    enabled: z.boolean(),
    /** The window the counts below are taken over. */
    windowSeconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3600),
    /** Claims one shopper attempted (all campaigns). */
    shopperClaims: Thresholds,
    /** Distinct shoppers claiming from one device id. */
    deviceShoppers: Thresholds,
    /** Distinct shoppers claiming from one IP address. */
    ipShoppers: Thresholds,
    /** Distinct shoppers claiming with one e-mail mailbox (typed at sign-up, or verified). */
    emailShoppers: Thresholds,
    /** Distinct verified shoppers claiming from one e-mail domain outside the big providers (a catch-all farm). */
    domainShoppers: Thresholds,
    /** Distinct shoppers paying for coupon orders with one card; checkout has no challenge, so only `deny` counts. */
    cardShoppers: Thresholds,
    /** A shopper younger than this many seconds is challenged (scripted timing). */
    minAccountAgeSeconds: z.number().int().min(0).max(86_400),
    /** A shopper who typed an address at a disposable mail service at sign-up. */
    disposableEmail: z.enum(['allow', 'challenge', 'deny']),
    /** Challenge every claim while the campaign's waiting room is engaged. */
    challengeWhenCrowded: z.boolean(),
    /** Expected proof-of-work hashes (ALTCHA's maxnumber) when calm, and the most a crowd raises it to. */
    difficulty: z
      .object({
        base: z.number().int().min(1000).max(10_000_000),
        max: z.number().int().min(1000).max(50_000_000),
      })
      .strict(),
  })
  .strict();
/** The merchant's fraud rules. */
export type RiskSettings = z.infer<typeof RiskSettingsSchema>;

/** Defaults that leave households and offices alone and stop account farms early. */
export const DEFAULT_RISK_SETTINGS: RiskSettings = {
  enabled: true,
  windowSeconds: 3600,
  shopperClaims: { challenge: 10, deny: 40 },
  deviceShoppers: { challenge: 2, deny: 3 },
  ipShoppers: { challenge: 4, deny: 6 },
  emailShoppers: { challenge: 0, deny: 2 },
  domainShoppers: { challenge: 5, deny: 12 },
  // Off by default: the test provider's published card (4242...) is every demo shopper's card, so
  // its fingerprint is shared by design. A merchant on a real processor turns it on (3 is usual).
  cardShoppers: { challenge: 0, deny: 0 },
  // Off by default: a flash crowd's honest arrivals claim the moment they land, so an age rule
  // would challenge all of them; the waiting room's own challenge (below) is the merchant's
  // switch for a crowd. Both are measured in docs/benchmarks.md ("Abuse").
  minAccountAgeSeconds: 0,
  disposableEmail: 'deny',
  challengeWhenCrowded: false,
  difficulty: { base: 50_000, max: 1_000_000 },
};

/** Why a rule fired; shown to the merchant beside each review. */
export type RiskReason =
  | 'SHOPPER_VELOCITY'
  | 'DEVICE_SHOPPERS'
  | 'IP_SHOPPERS'
  | 'EMAIL_SHOPPERS'
  | 'DOMAIN_SHOPPERS'
  | 'CARD_SHOPPERS'
  | 'NEW_ACCOUNT'
  | 'DISPOSABLE_EMAIL'
  | 'CROWDED';

/** A screening's answer. */
export interface RiskDecision {
  readonly outcome: 'allow' | 'challenge' | 'deny';
  readonly reasons: readonly RiskReason[];
}

/** What a screening counts and knows about one claim. */
export interface RiskFacts {
  readonly shopperClaims: number;
  readonly deviceShoppers: number;
  readonly ipShoppers: number;
  readonly emailShoppers: number;
  readonly domainShoppers: number;
  readonly accountAgeSeconds: number;
  readonly disposableEmail: boolean;
  readonly crowded: boolean;
}

/** Applies the rules to the facts: deny beats challenge beats allow; every firing rule is named. */
export function decide(settings: RiskSettings, facts: RiskFacts): RiskDecision {
  const denied: RiskReason[] = [];
  const challenged: RiskReason[] = [];
  const threshold = (reason: RiskReason, value: number, rule: { challenge: number; deny: number }) => {
    if (rule.deny > 0 && value >= rule.deny) denied.push(reason);
    else if (rule.challenge > 0 && value >= rule.challenge) challenged.push(reason);
  };
  threshold('SHOPPER_VELOCITY', facts.shopperClaims, settings.shopperClaims);
  threshold('DEVICE_SHOPPERS', facts.deviceShoppers, settings.deviceShoppers);
  threshold('IP_SHOPPERS', facts.ipShoppers, settings.ipShoppers);
  threshold('EMAIL_SHOPPERS', facts.emailShoppers, settings.emailShoppers);
  threshold('DOMAIN_SHOPPERS', facts.domainShoppers, settings.domainShoppers);
  if (facts.accountAgeSeconds < settings.minAccountAgeSeconds) challenged.push('NEW_ACCOUNT');
  if (facts.disposableEmail && settings.disposableEmail !== 'allow') {
    (settings.disposableEmail === 'deny' ? denied : challenged).push('DISPOSABLE_EMAIL');
  }
  if (facts.crowded && settings.challengeWhenCrowded) challenged.push('CROWDED');
  if (denied.length > 0) return { outcome: 'deny', reasons: denied };
  if (challenged.length > 0) return { outcome: 'challenge', reasons: challenged };
  return { outcome: 'allow', reasons: [] };
}
