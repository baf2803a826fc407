import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProofOfWork, solveProofOfWork as solve } from '../src/fraud/challenges.js';
import { verifyFigures } from '../src/promotions/verify-ledger.js';
import { gatherCampaignFigures } from '../src/storage/sql/ledger-audit.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { checkoutBody } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { reasons?: string[]; challenge?: ProofOfWork } };
}

// The fraud defences over HTTP on both stores: verified shoppers (one per mailbox), the rules'
// challenge and deny, ALTCHA solutions bound to one shopper, the review queue and clawback.
for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`fraud defences on ${store.name}`, () => {
    let test: TestApp;
    let outbox: string;
    beforeAll(async () => {
      outbox = join(mkdtempSync(join(tmpdir(), 'rushcart-outbox-')), 'outbox.jsonl');
      test = await startTestApp(store, {
        env: { RUSHCART_MAIL: `file:${outbox}`, RUSHCART_TRUST_PROXY: 'true' },
        admission: { enabled: false },
      });
      // Fast challenges for the test; the rules as shipped otherwise.
      const current = await inject('GET', '/api/v1/admin/fraud/settings', undefined, admin());
      const settings = (current.json() as { settings: Record<string, unknown> }).settings;
      await inject(
        'PUT',
        '/api/v1/admin/fraud/settings',
        { ...settings, difficulty: { base: 2000, max: 20_000 } },
        admin(),
      );
    });
    afterAll(async () => {
      await test?.close();
    });

    const admin = () => ({ authorization: `Bearer ${test.adminKey}` });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const inject = (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      payload?: Record<string, unknown>,
      headers: Record<string, string> = {},
    ) => test.app.server.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    const campaign = async (eligibility: Record<string, unknown> = {}, claims = 100) => {
      const response = await inject(
        'POST',
        '/api/v1/admin/campaigns',
        {
          name: 'Abuse test',
          budget: { claims },
          perShopperLimit: 1,
          reward: { type: 'percent', percent: 10 },
          eligibility,
          status: 'live',
        },
        admin(),
      );
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { id: string }).id;
    };
    const claim = (campaignId: string, token: string, headers: Record<string, string> = {}) =>
      inject(
        'POST',
        `/api/v1/campaigns/${campaignId}/claims`,
        {},
        { ...bearer(token), 'idempotency-key': `k-${campaignId}`, ...headers },
      );
    const codeFor = (address: string): string => {
      const lines = readFileSync(outbox, 'utf8').trim().split('\n');
      const last = lines
        .map((line) => JSON.parse(line) as { to: string; text: string })
        .filter((mail) => mail.to === address)
        .pop();
      const code = last?.text.match(/\b(\d{6})\b/)?.[1];
      if (code === undefined) throw new Error(`no code mailed to ${address}`);
      return code;
    };
    const verify = async (token: string, email: string) => {
      const sent = await inject('POST', '/api/v1/sessions/email-codes', { email }, bearer(token));
      expect(sent.statusCode, sent.body).toBe(202);
      const verified = await inject(
        'POST',
        '/api/v1/sessions/email-verification',
        { email, code: codeFor(email) },
        bearer(token),
      );
      expect(verified.statusCode, verified.body).toBe(200);
      return verified.json() as { token: string; shopper: { id: string }; signedIn: boolean };
    };
    const audit = async () => verifyFigures(await gatherCampaignFigures(test.app.db));

    it('gives a verified-only campaign to one shopper per mailbox, however the address is spelled', async () => {
      const id = await campaign({ verifiedShoppers: true });
      const guest = await test.newShopper({ deviceId: 'dev-verify-1' });
      const refused = await claim(id, guest.token);
      expect(refused.statusCode).toBe(403);
      expect((refused.json() as ErrorBody).error.code).toBe('VERIFICATION_REQUIRED');

      const first = await verify(guest.token, 'Jane.Doe@gmail.com');
      expect(first.signedIn).toBe(false);
      expect(first.shopper.id).toBe(guest.shopperId);
      expect((await claim(id, first.token)).statusCode).toBe(201);

      // A second session with a respelling of the same Gmail mailbox signs in as the same shopper.
      const other = await test.newShopper({ deviceId: 'dev-verify-2' });
      const second = await verify(other.token, 'janedoe+deals@googlemail.com');
      expect(second.signedIn).toBe(true);
      expect(second.shopper.id).toBe(guest.shopperId);
      const again = await inject(
        'POST',
        `/api/v1/campaigns/${id}/claims`,
        {},
        { ...bearer(second.token), 'idempotency-key': 'another-key' },
      );
      expect((again.json() as ErrorBody).error.code).toBe('ALREADY_CLAIMED');
    });

    it('refuses disposable addresses and dead codes with stable codes', async () => {
      const guest = await test.newShopper();
      const disposable = await inject(
        'POST',
        '/api/v1/sessions/email-codes',
        { email: 'bot@mailinator.com' },
        bearer(guest.token),
      );
      expect(disposable.statusCode).toBe(422);
      expect((disposable.json() as ErrorBody).error.code).toBe('EMAIL_DISPOSABLE');
      const invalid = await inject(
        'POST',
        '/api/v1/sessions/email-codes',
        { email: 'not-an-address' },
        bearer(guest.token),
      );
      expect((invalid.json() as ErrorBody).error.code).toBe('EMAIL_INVALID');

      expect(
        (
          await inject(
            'POST',
            '/api/v1/sessions/email-codes',
            { email: 'sam@example.org' },
            bearer(guest.token),
          )
        ).statusCode,
      ).toBe(202);
      const resend = await inject(
        'POST',
        '/api/v1/sessions/email-codes',
        { email: 'sam@example.org' },
        bearer(guest.token),
      );
      expect(resend.statusCode).toBe(429);
      const right = codeFor('sam@example.org');
      const wrong = right === '000000' ? '111111' : '000000';
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await inject(
          'POST',
          '/api/v1/sessions/email-verification',
          { email: 'sam@example.org', code: wrong },
          bearer(guest.token),
        );
        expect((response.json() as ErrorBody).error.code).toBe('VERIFICATION_CODE_INVALID');
      }
      // Five wrong tries kill the code: even the right one is refused now.
      const late = await inject(
        'POST',
        '/api/v1/sessions/email-verification',
        { email: 'sam@example.org', code: right },
        bearer(guest.token),
      );
      expect(late.statusCode).toBe(400);
      // One session may have codes mailed to a few addresses an hour, not to anyone it likes.
      const mailer = await test.newShopper();
      const asked: number[] = [];
      for (let index = 0; index < 6; index += 1) {
        const answer = await inject(
          'POST',
          '/api/v1/sessions/email-codes',
          { email: `person${index}@example.net` },
          bearer(mailer.token),
        );
        asked.push(answer.statusCode);
      }
      expect(asked).toEqual([202, 202, 202, 202, 202, 429]);
      // Another session cannot use a code it did not ask for.
      const thief = await test.newShopper();
      const stolen = await inject(
        'POST',
        '/api/v1/sessions/email-verification',
        { email: 'sam@example.org', code: right },
        bearer(thief.token),
      );
      expect(stolen.statusCode).toBe(400);
    });

    it('challenges the second shopper of a device, accepts a solution once, and denies the third', async () => {
      const id = await campaign();
      const device = 'dev-farm-1';
      const one = await test.newShopper({ deviceId: device });
      const two = await test.newShopper({ deviceId: device });
      const three = await test.newShopper({ deviceId: device });
      expect((await claim(id, one.token)).statusCode).toBe(201);

      const challenged = await claim(id, two.token);
      expect(challenged.statusCode, challenged.body).toBe(403);
      const body = challenged.json() as ErrorBody;
      expect(body.error.code).toBe('CHALLENGE_REQUIRED');
      expect(body.error.details?.reasons).toEqual(['DEVICE_SHOPPERS']);
      const solution = await solve(body.error.details?.challenge as ProofOfWork);
      const solved = await claim(id, two.token, { 'x-rushcart-challenge': solution });
      expect(solved.statusCode, solved.body).toBe(201);

      const denied = await claim(id, three.token, { 'x-rushcart-challenge': solution });
      expect(denied.statusCode).toBe(403);
      expect((denied.json() as ErrorBody).error).toMatchObject({
        code: 'CLAIM_DENIED',
        details: { reasons: ['DEVICE_SHOPPERS'] },
      });
    });

    it('refuses a made-up solution, and never challenges a shopper no rule fires for', async () => {
      const id = await campaign();
      const a = await test.newShopper({ deviceId: 'dev-pair' });
      const b = await test.newShopper({ deviceId: 'dev-pair' });
      const c = await test.newShopper({ deviceId: 'dev-solo' });
      await claim(id, a.token);
      const challenge = (await claim(id, b.token)).json() as ErrorBody;
      const solution = await solve(challenge.error.details?.challenge as ProofOfWork);
      // c has no rule firing, so it never needs one; b with a forged payload is refused.
      expect((await claim(id, c.token)).statusCode).toBe(201);
      const forged = await claim(id, b.token, {
        'x-rushcart-challenge': Buffer.from('{"number":1}').toString('base64'),
      });
      expect((forged.json() as ErrorBody).error.code).toBe('CHALLENGE_INVALID');
      expect((await claim(id, b.token, { 'x-rushcart-challenge': solution })).statusCode).toBe(201);
    });

    it('counts shoppers per address behind a trusted proxy', async () => {
      const id = await campaign();
      const codes: (number | string)[] = [];
      for (let index = 0; index < 6; index += 1) {
        const shopper = await test.newShopper({ deviceId: `dev-ip-${index}` });
        const response = await claim(id, shopper.token, { 'x-forwarded-for': '203.0.113.7' });
        codes.push(response.statusCode === 201 ? 201 : (response.json() as ErrorBody).error.code);
      }
      // The default rule challenges the fourth shopper of an address and denies the sixth.
      expect(codes).toEqual([201, 201, 201, 'CHALLENGE_REQUIRED', 'CHALLENGE_REQUIRED', 'CLAIM_DENIED']);
      const elsewhere = await test.newShopper({ deviceId: 'dev-ip-other' });
      expect((await claim(id, elsewhere.token, { 'x-forwarded-for': '198.51.100.9' })).statusCode).toBe(201);
    });

    it("queues flagged claims for review, and claws back an abuser's coupons into the budget", async () => {
      const id = await campaign({}, 2);
      const first = await test.newShopper({ deviceId: 'dev-clawback' });
      const second = await test.newShopper({ deviceId: 'dev-clawback' });
      expect((await claim(id, first.token)).statusCode).toBe(201);
      const challenged = (await claim(id, second.token)).json() as ErrorBody;
      const solution = await solve(challenged.error.details?.challenge as ProofOfWork);
      expect((await claim(id, second.token, { 'x-rushcart-challenge': solution })).statusCode).toBe(201);
      const honest = await test.newShopper({ deviceId: 'dev-honest' });
      expect((await claim(id, honest.token)).statusCode).toBe(410);

      const reviews = await inject('GET', '/api/v1/admin/fraud/reviews?status=open', undefined, admin());
      const flagged = (
        reviews.json() as {
          items: { id: string; shopperId: string; campaignId: string; reasons: string[] }[];
        }
      ).items;
      const review = flagged.find((item) => item.shopperId === second.shopperId && item.campaignId === id);
      expect(review?.reasons).toEqual(['DEVICE_SHOPPERS']);

      const clawback = await inject(
        'POST',
        `/api/v1/admin/shoppers/${second.shopperId}/revoke-coupons`,
        undefined,
        admin(),
      );
      expect(clawback.statusCode, clawback.body).toBe(200);
      expect(clawback.json()).toMatchObject({ revoked: [{ campaignId: id }], kept: 0, reviewsResolved: 1 });
      // The coupon is unusable, the budget has it back, and the honest shopper gets it.
      const wallet = await inject('GET', '/api/v1/wallet', undefined, bearer(second.token));
      expect(JSON.stringify(wallet.json())).toContain('"revoked"');
      const view = (await inject('GET', `/api/v1/admin/campaigns/${id}`, undefined, admin())).json() as {
        revoked: number;
        remaining: number;
        budget: { claims: number };
      };
      expect(view).toMatchObject({ revoked: 1, remaining: 1, budget: { claims: 3 } });
      const retry = await inject(
        'POST',
        `/api/v1/campaigns/${id}/claims`,
        {},
        { ...bearer(honest.token), 'idempotency-key': 'after-clawback' },
      );
      expect(retry.statusCode, retry.body).toBe(201);
      // The clawed-back shopper cannot claim again: the revoked coupon still counts as theirs.
      const reclaim = await inject(
        'POST',
        `/api/v1/campaigns/${id}/claims`,
        {},
        { ...bearer(second.token), 'idempotency-key': 'reclaim' },
      );
      expect(reclaim.statusCode).toBe(409);
      const report = await audit();
      expect(report.mismatches).toEqual([]);
      const unknown = await inject(
        'POST',
        '/api/v1/admin/shoppers/shp_nobody/revoke-coupons',
        undefined,
        admin(),
      );
      expect(unknown.statusCode).toBe(404);
    });

    it('refuses the third shopper whose coupon order one card pays for, and leaves their cart and coupon as they were', async () => {
      const settings = (
        (await inject('GET', '/api/v1/admin/fraud/settings', undefined, admin())).json() as {
          settings: Record<string, unknown>;
        }
      ).settings;
      // Off by default (the test provider's published card is everyone's); the merchant turns it on.
      await inject(
        'PUT',
        '/api/v1/admin/fraud/settings',
        { ...settings, cardShoppers: { challenge: 0, deny: 3 } },
        admin(),
      );
      const id = await campaign();
      const { variantId } = await makeVariant(test.app.db, { price: 5000, stock: 50 });
      const card = '4242424242424242';
      const answers: (number | string)[] = [];
      for (let index = 0; index < 3; index += 1) {
        const shopper = await test.newShopper({ deviceId: `dev-card-${index}` });
        const coupon = (await claim(id, shopper.token)).json() as { coupon: { code: string } };
        await inject('POST', '/api/v1/cart/lines', { variantId, quantity: 1 }, bearer(shopper.token));
        await inject('POST', '/api/v1/cart/coupons', { code: coupon.coupon.code }, bearer(shopper.token));
        const order = await inject('POST', '/api/v1/checkout', checkoutBody(card), {
          ...bearer(shopper.token),
          'idempotency-key': `card-${index}`,
        });
        answers.push(order.statusCode === 201 ? 201 : (order.json() as ErrorBody).error.code);
        if (index === 2) {
          expect((order.json() as ErrorBody).error.details?.reasons).toEqual(['CARD_SHOPPERS']);
          const cart = (await inject('GET', '/api/v1/cart', undefined, bearer(shopper.token))).json() as {
            lines: unknown[];
            coupons: { code: string }[];
          };
          expect(cart.lines).toHaveLength(1);
          expect(cart.coupons.map((applied) => applied.code)).toEqual([coupon.coupon.code]);
          // Without the coupon the same card pays.
          await inject(
            'DELETE',
            `/api/v1/cart/coupons/${coupon.coupon.code}`,
            undefined,
            bearer(shopper.token),
          );
          const plain = await inject('POST', '/api/v1/checkout', checkoutBody(card), {
            ...bearer(shopper.token),
            'idempotency-key': 'card-plain',
          });
          expect(plain.statusCode, plain.body).toBe(201);
        }
      }
      expect(answers).toEqual([201, 201, 'COUPON_USE_DENIED']);
      // The fingerprint is the rules' own: the saved card's answer does not show it.
      const guest = await test.newShopper();
      const saved = await inject(
        'POST',
        '/api/v1/payment-methods',
        { type: 'test_card', number: card },
        bearer(guest.token),
      );
      expect(Object.keys(saved.json() as object).sort()).toEqual(['last4', 'token', 'type']);
      await inject('PUT', '/api/v1/admin/fraud/settings', settings, admin());
    });

    it('lets everything through with the rules off, but still holds verified-only campaigns', async () => {
      const settings = (await inject('GET', '/api/v1/admin/fraud/settings', undefined, admin())).json()
        .settings;
      const off = await inject(
        'PUT',
        '/api/v1/admin/fraud/settings',
        { ...settings, enabled: false },
        admin(),
      );
      expect(off.statusCode).toBe(200);
      const bad = await inject(
        'PUT',
        '/api/v1/admin/fraud/settings',
        { ...settings, windowSeconds: 1 },
        admin(),
      );
      expect(bad.statusCode).toBe(400);
      try {
        const id = await campaign();
        for (let index = 0; index < 4; index += 1) {
          const shopper = await test.newShopper({ deviceId: 'dev-off' });
          expect((await claim(id, shopper.token)).statusCode).toBe(201);
        }
        const verifiedOnly = await campaign({ verifiedShoppers: true });
        const guest = await test.newShopper();
        expect((await claim(verifiedOnly, guest.token)).statusCode).toBe(403);
      } finally {
        await inject('PUT', '/api/v1/admin/fraud/settings', settings, admin());
      }
    });
  });
}
