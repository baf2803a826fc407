import { createSecretKey } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
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

  it('refuses unsigned tokens, other algorithms, other issuers and tokens without a subject', async () => {
    const tokens = createTokenService(SECRET);
    const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
    const signed = (alg: string, issuer: string, subject?: string) => {
      const jwt = new SignJWT({})
        .setProtectedHeader({ alg })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime('1h');
      return (subject === undefined ? jwt : jwt.setSubject(subject)).sign(key);
    };
    expect(await tokens.verify(await signed('HS256', 'rushcart', 'shp_3'))).toEqual({ shopperId: 'shp_3' });
    const unsigned = new UnsecuredJWT({})
      .setIssuer('rushcart')
      .setSubject('shp_3')
      .setExpirationTime('1h')
      .encode();
    expect(await tokens.verify(unsigned)).toBeUndefined();
    expect(await tokens.verify(await signed('HS512', 'rushcart', 'shp_3'))).toBeUndefined();
    expect(await tokens.verify(await signed('HS256', 'someone-else', 'shp_3'))).toBeUndefined();
    expect(await tokens.verify(await signed('HS256', 'rushcart'))).toBeUndefined();
    for (const junk of ['', 'a.b.c', 'not a token', `${unsigned}x`])
      expect(await tokens.verify(junk)).toBeUndefined();
  });
});
