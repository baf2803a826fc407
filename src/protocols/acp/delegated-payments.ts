import type { CheckoutService } from '../../commerce/index.js';
import { type IdempotencyStore, runIdempotent } from '../../shared/idempotency.js';
import { newId } from '../../shared/ids.js';
import type { Money } from '../../shared/money.js';
import type { AcpSchemas } from './acp-schemas.js';
import { AcpError } from './session-input.js';

/** A shared payment token: a saved card an agent may spend once, within its allowance. */
export interface DelegatedToken {
  readonly id: string;
  readonly shopperId: string;
  /** The saved card behind it (`tok_...`). */
  readonly cardToken: string;
  readonly maxAmount: Money;
  readonly checkoutSessionId: string;
  readonly merchantId: string;
  readonly expiresAt: number;
  readonly metadata: Readonly<Record<string, string>>;
  readonly createdAt: number;
}

/** Where delegated tokens are kept. */
export interface DelegatedTokenStore {
  insert(token: DelegatedToken): Promise<void>;
  find(id: string): Promise<DelegatedToken | undefined>;
}

/** The fields of a delegate_payment request this server reads (the schema checked the rest). */
interface DelegateRequest {
  readonly payment_method: {
    readonly card_number_type: 'fpan' | 'network_token';
    readonly number: string;
    readonly exp_month?: string;
    readonly exp_year?: string;
    readonly cvc?: string;
  };
  readonly allowance: {
    readonly max_amount: number;
    readonly currency: string;
    readonly checkout_session_id: string;
    readonly merchant_id: string;
    readonly expires_at: string;
  };
  readonly metadata: Record<string, string>;
}

/** A delegate_payment answer and whether it replays an earlier one. */
export interface DelegateOutcome {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly replayed: boolean;
}

const invalidCard = (message: string, param: string) =>
  new AcpError(400, 'invalid_request', 'invalid_card', message, param);

/**
 * ACP's delegated payment, as the test provider's vault offers it: the agent hands over the card
 * once and gets a `vt_` token bound to one checkout session, a currency, a maximum amount and an
 * expiry. The card is saved with the provider first, so the number goes no further than its
 * tokenizer: the idempotency record hashes the saved card's token, and the vault token keeps it.
 * A complete pays with the token only within its allowance.
 */
export function createDelegatedPayments(deps: {
  readonly store: DelegatedTokenStore;
  readonly checkout: Pick<CheckoutService, 'saveCard'>;
  readonly idempotency: IdempotencyStore;
  readonly schemas: AcpSchemas;
  readonly now?: () => number;
}) {
  const now = deps.now ?? Date.now;

  return {
    /** Vaults the card under an allowance; throws AcpError for a request the schema or the card refuses. */
    async delegate(shopperId: string, body: unknown, key: string | undefined): Promise<DelegateOutcome> {
      const problem = deps.schemas.check('DelegatePaymentRequest', body ?? {});
      if (problem !== undefined) throw invalidCard(`${problem.param} ${problem.message}`, problem.param);
      const request = body as DelegateRequest;
      const card = request.payment_method;
      if (card.card_number_type !== 'fpan')
        throw invalidCard(
          'This provider takes card numbers (fpan) only.',
          '$.payment_method.card_number_type',
        );
      if (!/^\d{12,19}$/.test(card.number))
        throw invalidCard('The card number is 12 to 19 digits.', '$.payment_method.number');
      const at = now();
      if (card.exp_year !== undefined && card.exp_month !== undefined) {
        const month = Number(card.exp_month);
        const year = Number(card.exp_year.length === 2 ? `20${card.exp_year}` : card.exp_year);
        const endOfMonth = Date.UTC(year, month, 1);
        if (!(month >= 1 && month <= 12) || Number.isNaN(endOfMonth) || endOfMonth <= at)
          throw invalidCard(
            'The card has expired or its expiry is not a month and year.',
            '$.payment_method.exp_year',
          );
      }
      const allowance = request.allowance;
      const expiresAt = Date.parse(allowance.expires_at);
      if (!(expiresAt > at))
        throw invalidCard('The allowance has already expired.', '$.allowance.expires_at');
      if (allowance.max_amount < 0)
        throw invalidCard('The allowance is a non-negative amount.', '$.allowance.max_amount');
      const saved = await deps.checkout.saveCard(shopperId, { type: 'test_card', number: card.number });
      // What the key's record hashes: the request with the saved card's token in place of the card.
      const { number: _number, cvc: _cvc, ...rest } = card;
      const hashed = { ...request, payment_method: { ...rest, token: saved.token } };
      const result = await runIdempotent(
        deps.idempotency,
        { scope: `${shopperId}:ACP POST /agentic_commerce/delegate_payment`, key, body: hashed },
        async () => {
          const token: DelegatedToken = {
            id: newId('vt'),
            shopperId,
            cardToken: saved.token,
            maxAmount: { amount: allowance.max_amount, currency: allowance.currency.toUpperCase() },
            checkoutSessionId: allowance.checkout_session_id,
            merchantId: allowance.merchant_id,
            expiresAt,
            metadata: request.metadata,
            createdAt: at,
          };
          await deps.store.insert(token);
          return {
            status: 201,
            body: { id: token.id, created: new Date(at).toISOString(), metadata: token.metadata },
          };
        },
      );
      return { ...result.value, replayed: result.replayed };
    },

    /**
     * The saved card and the most a complete of `sessionId` may charge with the token; refuses a
     * token of another shopper or session, or one past its expiry.
     */
    async resolve(
      shopperId: string,
      tokenId: string,
      sessionId: string,
    ): Promise<{ cardToken: string; maxAmount: Money }> {
      const param = '$.payment_data.instrument.credential.token';
      const token = tokenId.startsWith('vt_') ? await deps.store.find(tokenId) : undefined;
      if (token === undefined || token.shopperId !== shopperId)
        throw new AcpError(
          400,
          'invalid_request',
          'invalid',
          'No delegated payment token has that id.',
          param,
        );
      if (token.checkoutSessionId !== sessionId)
        throw new AcpError(
          400,
          'invalid_request',
          'invalid',
          'This token was delegated for another checkout session.',
          param,
        );
      if (token.expiresAt <= now())
        throw new AcpError(400, 'invalid_request', 'invalid', 'This token’s allowance has expired.', param);
      return { cardToken: token.cardToken, maxAmount: token.maxAmount };
    },
  };
}

/** Delegated payment of one deployment. */
export type DelegatedPayments = ReturnType<typeof createDelegatedPayments>;
