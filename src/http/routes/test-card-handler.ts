import type { FastifyRequest } from 'fastify';
import { Admission } from '../../admission/index.js';
import type { ZodServer } from '../server.js';

/**
 * The documents of the test provider's card handler, as agent protocols link to them: what it is,
 * its test cards, and the JSON Schemas of its config and instrument. ACP and UCP each serve them
 * under their own base, with their own description of the handler on top.
 */
export function serveTestCardHandler(
  server: ZodServer,
  path: string,
  originOf: (request: FastifyRequest) => string,
  describe: (origin: string) => Record<string, unknown>,
): void {
  const open = { config: { admission: Admission.browse }, schema: { hide: true } };
  server.get(path, open, async (request) => ({
    ...describe(originOf(request)),
    instrument: {
      type: 'card',
      credential: { type: 'test_card', token: '<a saved card token tok_..., or a test card number>' },
    },
    cards: {
      '4242424242424242': 'captured',
      '4000000000000002': 'declined (a payment error in messages[], nothing charged)',
      '4000000000000259': 'the provider fails after a delay (502, nothing charged)',
    },
    saved_cards:
      'POST /api/v1/payment-methods saves a card and answers its token; a number sent here is saved the same way and never stored',
  }));
  server.get(`${path}/config.json`, open, async () => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { test_cards_documented_at: { type: 'string', format: 'uri' } },
  }));
  server.get(`${path}/instrument.json`, open, async () => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['type', 'credential'],
    properties: {
      type: { const: 'card' },
      credential: {
        type: 'object',
        required: ['type', 'token'],
        properties: {
          type: { const: 'test_card' },
          token: { type: 'string', pattern: '^(?:\\d{12,19}|tok_[A-Za-z0-9_-]{24})$' },
        },
      },
    },
  }));
}
