import { describe, expect, it } from 'vitest';
import { checkEmail, isDisposableDomain, normalizeEmail } from './email-address.js';

describe('e-mail normalisation', () => {
  it('folds what a provider ignores, so one mailbox is one key', () => {
    const key = (address: string) => normalizeEmail(address)?.key;
    expect(key('Jane.Doe+promo@GoogleMail.com')).toBe('janedoe@gmail.com');
    expect(key('j.a.n.e.d.o.e@gmail.com')).toBe('janedoe@gmail.com');
    expect(key('sam+shop@outlook.com')).toBe('sam@outlook.com');
    expect(key('sam.smith@outlook.com')).toBe('sam.smith@outlook.com');
    expect(key('kim-alias@yahoo.com')).toBe('kim@yahoo.com');
    expect(key(' Lee@Example.ORG. ')).toBe('lee@example.org');
    // Elsewhere a plus or a dot may be a different mailbox: kept.
    expect(key('a+b@example.org')).toBe('a+b@example.org');
  });

  it('refuses what cannot be an address, and names disposable domains', () => {
    expect(normalizeEmail('no-at-sign')).toBeUndefined();
    expect(normalizeEmail('@gmail.com')).toBeUndefined();
    expect(normalizeEmail('+tag@gmail.com')).toBeUndefined();
    expect(checkEmail('bot@mailinator.com')).toEqual({ refusal: 'EMAIL_DISPOSABLE' });
    expect(checkEmail('bot@x.mailinator.com')).toEqual({ refusal: 'EMAIL_DISPOSABLE' });
    expect(checkEmail('two@@example.org')).toEqual({ refusal: 'EMAIL_INVALID' });
    expect(checkEmail('amy@example.org')).toMatchObject({ key: 'amy@example.org' });
    expect(isDisposableDomain('gmail.com')).toBe(false);
  });
});
