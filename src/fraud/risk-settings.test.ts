import { describe, expect, it } from 'vitest';
import { difficulty } from './fraud-defences.js';
import { DEFAULT_RISK_SETTINGS, decide, type RiskFacts } from './risk-settings.js';

const calm: RiskFacts = {
  shopperClaims: 1,
  deviceShoppers: 1,
  ipShoppers: 1,
  emailShoppers: 1,
  domainShoppers: 0,
  accountAgeSeconds: 600,
  disposableEmail: false,
  crowded: false,
};

describe('the fraud rules', () => {
  it('allows a lone shopper, challenges at a threshold, and denies past it, naming every rule', () => {
    expect(decide(DEFAULT_RISK_SETTINGS, calm)).toEqual({ outcome: 'allow', reasons: [] });
    expect(decide(DEFAULT_RISK_SETTINGS, { ...calm, deviceShoppers: 2 })).toEqual({
      outcome: 'challenge',
      reasons: ['DEVICE_SHOPPERS'],
    });
    // Deny beats challenge; only the denying rules are named then.
    expect(decide(DEFAULT_RISK_SETTINGS, { ...calm, deviceShoppers: 2, ipShoppers: 6 })).toEqual({
      outcome: 'deny',
      reasons: ['IP_SHOPPERS'],
    });
    expect(decide(DEFAULT_RISK_SETTINGS, { ...calm, disposableEmail: true }).outcome).toBe('deny');
  });

  it('leaves off what the merchant turned off: a 0 threshold, the age rule, the crowd switch', () => {
    const settings = { ...DEFAULT_RISK_SETTINGS, deviceShoppers: { challenge: 0, deny: 0 } };
    expect(decide(settings, { ...calm, deviceShoppers: 50 }).outcome).toBe('allow');
    expect(decide(DEFAULT_RISK_SETTINGS, { ...calm, accountAgeSeconds: 0, crowded: true }).outcome).toBe(
      'allow',
    );
    const strict = { ...DEFAULT_RISK_SETTINGS, minAccountAgeSeconds: 5, challengeWhenCrowded: true };
    expect(decide(strict, { ...calm, accountAgeSeconds: 1, crowded: true })).toEqual({
      outcome: 'challenge',
      reasons: ['NEW_ACCOUNT', 'CROWDED'],
    });
  });

  it('asks more work as the queue grows, never past the maximum', () => {
    const { base, max } = DEFAULT_RISK_SETTINGS.difficulty;
    expect(difficulty(DEFAULT_RISK_SETTINGS, { engaged: false, queueSeconds: 100 })).toBe(base);
    const short = difficulty(DEFAULT_RISK_SETTINGS, { engaged: true, queueSeconds: 10 });
    const long = difficulty(DEFAULT_RISK_SETTINGS, { engaged: true, queueSeconds: 60 });
    expect(short).toBeGreaterThan(base);
    expect(long).toBeGreaterThan(short);
    expect(difficulty(DEFAULT_RISK_SETTINGS, { engaged: true, queueSeconds: 10_000 })).toBe(max);
  });
});
