import { describe, expect, it } from 'vitest';
import { createTokenService } from './token-service.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

describe('token service', () => {
  it('verifies its own tokens and refuses tampered or foreign ones, also after a cached success', async () => {
    const tokens = createTokenService(SECRET);
    const token = await tokens.sign({ shopperId: 'shp_1' });
    expect(await tokens.verify(token)).toEqual({ shopperId: 'shp_1' });
    expect(await tokens.verify(token)).toEqual({ shopperId: 'shp_1' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toBeUndefined();
    const foreign = await createTokenService(`${SECRET}-other`).sign({ shopperId: 'shp_1' });
    expect(await tokens.verify(foreign)).toBeUndefined();
  });

  it('never trusts a remembered token past its expiry', async () => {
    let clock = Date.now();
    const tokens = createTokenService(SECRET, () => clock);
    const token = await tokens.sign({ shopperId: 'shp_2' });
    expect(await tokens.verify(token)).toEqual({ shopperId: 'shp_2' });
    clock += 30_000;
    expect(await tokens.verify(token)).toEqual({ shopperId: 'shp_2' });
    clock += 31 * 24 * 60 * 60 * 1000;
    expect(await tokens.verify(token)).toBeUndefined();
  });
});
