import { AppError } from '../../shared/app-error.js';
import type { PaymentInput } from '../commerce-schemas.js';
import type { PaymentMethod, PaymentProvider, PaymentToken } from './payment-provider.js';

/**
 * The saved card a payment names: its token checked against the shopper's saved cards, or the card
 * itself saved first. Every way in (REST, the assistant, MCP, ACP) calls this before it keeps,
 * hashes or shows anything, so a card number goes no further than the provider's `tokenize`.
 * Throws PAYMENT_TOKEN_NOT_FOUND for a token this shopper was never given.
 */
export async function savedCard(
  payments: Pick<PaymentProvider, 'tokenize' | 'findToken'>,
  shopperId: string,
  payment: PaymentInput,
): Promise<PaymentToken> {
  if ('number' in payment) return payments.tokenize(shopperId, payment);
  const found = await payments.findToken(shopperId, payment.token);
  if (found === undefined) throw new AppError('PAYMENT_TOKEN_NOT_FOUND');
  return found;
}

/** The method checkout pays with: the saved card's token. */
export function paymentMethodOf(card: PaymentToken): PaymentMethod {
  return { type: card.type, token: card.token };
}
