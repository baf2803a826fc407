import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import type { RouteModule } from '../server.js';

const Email = z.string().min(3).max(254).describe('the address to verify (mail goes here)');
const CodeBody = z.object({ email: Email }).strict();
const VerifyBody = z
  .object({ email: Email, code: z.string().regex(/^\s*\d{6}\s*$/, 'the six digits from the mail') })
  .strict();

/**
 * E-mail verification: a guest asks for a one-time code, then trades it for a token of the
 * verified shopper that owns the mailbox (itself, or the shopper who verified it before: one
 * shopper per mailbox, so a campaign for verified shoppers gives one coupon per person's mailbox).
 */
export const verificationRoutes: RouteModule = (server, context) => {
  server.post(
    '/api/v1/sessions/email-codes',
    {
      config: { admission: Admission.session },
      preHandler: context.requireShopper,
      bodyLimit: 1024,
      schema: {
        tags: ['sessions'],
        summary: 'Mail a one-time code to verify an e-mail address (disposable domains refused)',
        security: [{ bearer: [] }],
        body: CodeBody,
        response: { 202: z.object({ sentTo: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request, reply) => {
      const { expiresAt } = await context.verification.sendCode(
        request.shopperId,
        request.body.email,
        request.ip,
      );
      return reply
        .status(202)
        .send({ sentTo: request.body.email.trim(), expiresAt: new Date(expiresAt).toISOString() });
    },
  );

  server.post(
    '/api/v1/sessions/email-verification',
    {
      config: { admission: Admission.session },
      preHandler: context.requireShopper,
      bodyLimit: 1024,
      schema: {
        tags: ['sessions'],
        summary: "Trade the mailed code for the verified shopper's token",
        security: [{ bearer: [] }],
        body: VerifyBody,
        response: {
          200: z.object({
            token: z.string(),
            shopper: z.object({ id: z.string(), email: z.string(), verified: z.literal(true) }),
            signedIn: z
              .boolean()
              .describe(
                'true when the address belonged to another shopper: the token is theirs, this guest is left',
              ),
          }),
        },
      },
    },
    async (request) => {
      const verified = await context.verification.verify(
        request.shopperId,
        request.body.email,
        request.body.code,
      );
      const token = await context.tokens.sign({ shopperId: verified.shopperId });
      return {
        token,
        shopper: { id: verified.shopperId, email: verified.email, verified: true as const },
        signedIn: verified.signedIn,
      };
    },
  );
};
