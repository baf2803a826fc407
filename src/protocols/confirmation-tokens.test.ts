import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenService } from '../shoppers/token-service.js';
import { CONFIRMATION_LIFETIME_SECONDS, createConfirmationTokens } from './confirmation-tokens.js';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';

describe('confirmation tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('confirm only the shopper, action and arguments they were issued for, with their facts', async () => {
    const tokens = createConfirmationTokens(SECRET);
    const { token } = await tokens.issue('shp_a', 'checkout', 'hash-1', {
      total: { amount: 5, currency: 'USD' },
    });
    const verdict = await tokens.verify(token, 'shp_a', 'checkout', 'hash-1');
    expect(verdict).toMatchObject({
      ok: true,
      confirmation: { facts: { total: { amount: 5, currency: 'USD' } } },
    });
    expect(await tokens.verify(token, 'shp_b', 'checkout', 'hash-1')).toEqual({
      ok: false,
      code: 'CONFIRMATION_INVALID',
    });
    expect(await tokens.verify(token, 'shp_a', 'cancel_order', 'hash-1')).toEqual({
      ok: false,
      code: 'CONFIRMATION_INVALID',
    });
    expect(await tokens.verify(token, 'shp_a', 'checkout', 'hash-2')).toEqual({
      ok: false,
      code: 'CONFIRMATION_MISMATCH',
    });
    const other = createConfirmationTokens(`${SECRET}-other`);
    expect(await other.verify(token, 'shp_a', 'checkout', 'hash-1')).toEqual({
      ok: false,
      code: 'CONFIRMATION_INVALID',
    });
  });

  it('name each issued confirmation differently, so each is its own effect', async () => {
    const tokens = createConfirmationTokens(SECRET);
    const nonces = new Set<string>();
    for (let index = 0; index < 20; index++) {
      const { token } = await tokens.issue('shp_a', 'checkout', 'hash', {});
      const verdict = await tokens.verify(token, 'shp_a', 'checkout', 'hash');
      if (verdict.ok) nonces.add(verdict.confirmation.nonce);
    }
    expect(nonces.size).toBe(20);
  });

  it('expire after their lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-06T10:00:00Z'));
    const tokens = createConfirmationTokens(SECRET);
    const { token, expiresAt } = await tokens.issue('shp_a', 'return_items', 'hash', {});
    expect(Date.parse(expiresAt) - Date.now()).toBe(CONFIRMATION_LIFETIME_SECONDS * 1000);
    vi.setSystemTime(Date.now() + (CONFIRMATION_LIFETIME_SECONDS - 5) * 1000);
    expect((await tokens.verify(token, 'shp_a', 'return_items', 'hash')).ok).toBe(true);
    vi.setSystemTime(Date.now() + 10_000);
    expect(await tokens.verify(token, 'shp_a', 'return_items', 'hash')).toEqual({
      ok: false,
      code: 'CONFIRMATION_EXPIRED',
    });
  });

  it('are never taken for a shopper session, nor a session for one, under the same secret', async () => {
    const sessions = createTokenService(SECRET);
    const tokens = createConfirmationTokens(SECRET);
    const { token } = await tokens.issue('shp_a', 'checkout', 'hash', {});
    expect(await sessions.verify(token)).toBeUndefined();
    const session = await sessions.sign({ shopperId: 'shp_a' });
    expect(await tokens.verify(session, 'shp_a', 'checkout', 'hash')).toEqual({
      ok: false,
      code: 'CONFIRMATION_INVALID',
    });
  });
});
