import { createSecretKey } from 'node:crypto';
import fc from 'fast-check';
import { jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
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

  it('accepts a token in its own form exactly when jose does, whatever is changed in it', async () => {
    const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
    const joseSays = async (token: string, at: number) => {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: 'rushcart',
          algorithms: ['HS256'],
          currentDate: new Date(at),
        });
        return typeof payload.sub === 'string' && payload.sub !== '' && typeof payload.exp === 'number'
          ? { shopperId: payload.sub }
          : undefined;
      } catch {
        return undefined;
      }
    };
    // Mostly well-formed claims near the boundaries (exp and nbf within a second or two of now),
    // so that acceptance is common and every rule is hit on both sides.
    const near = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom('soon', null));
    const claims = fc.record(
      {
        iss: fc.oneof({ arbitrary: fc.constant('rushcart'), weight: 4 }, fc.constantFrom('someone-else', 7)),
        sub: fc.oneof({ arbitrary: fc.constant('shp_1'), weight: 4 }, fc.constantFrom('', 42), fc.string()),
        exp: near,
        iat: near,
        nbf: near,
      },
      { requiredKeys: [] },
    );
    const mutation = fc.option(
      fc.record({ at: fc.nat(), replace: fc.constantFrom('.', 'A', '_', '-', '=', ' ', '+', '/', '') }),
      { freq: 3 },
    );
    await fc.assert(
      fc.asyncProperty(
        claims,
        mutation,
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        async (offsets, change, at) => {
          const seconds = Math.floor(at / 1000);
          const payload = Object.fromEntries(
            Object.entries(offsets).map(([name, value]) => [
              name,
              ['exp', 'iat', 'nbf'].includes(name) && typeof value === 'number' ? seconds + value : value,
            ]),
          );
          const header = Buffer.from('{"alg":"HS256"}').toString('base64url');
          const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
          const signature = await new SignJWT(payload)
            .setProtectedHeader({ alg: 'HS256' })
            .sign(key)
            .then((token) => token.split('.')[2] ?? '');
          let token = `${header}.${body}.${signature}`;
          if (change !== null) {
            const at = header.length + (change.at % (token.length - header.length));
            token = `${token.slice(0, at)}${change.replace}${token.slice(at + 1)}`;
          }
          const tokens = createTokenService(SECRET, () => at);
          expect(await tokens.verify(token)).toEqual(await joseSays(token, at));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
