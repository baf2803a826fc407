import type { ErrorCode } from '../../shared/error-catalog.js';
import { discountReason } from '../acp/acp-view.js';
import type { SessionProblem } from '../sessions/session-core.js';
import { ADDRESS_FIELDS } from './ucp-address.js';
import { UCP_VERSION } from './ucp-meta.js';

/** A message in an answer's `messages[]`: business outcomes travel here, in a 2xx answer. */
export type UcpMessage =
  | { type: 'info'; code?: string; content: string; path?: string }
  | { type: 'warning'; code: string; content: string; path?: string }
  | {
      type: 'error';
      code: string;
      content: string;
      severity: 'recoverable' | 'requires_buyer_input' | 'requires_buyer_review' | 'unrecoverable';
      path?: string;
    };

/** A refusal answered with UCP's error response and an HTTP status. */
export class UcpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** UCP's error response for a refusal. */
export function errorBody(error: UcpError): Record<string, unknown> {
  return {
    ucp: { version: UCP_VERSION, status: 'error' },
    messages: [
      {
        type: 'error',
        code: error.code,
        content: error.message,
        // A client error is fixed by changing the request; the rest are not the agent's to fix.
        severity: error.status < 500 && error.status !== 404 ? 'recoverable' : 'unrecoverable',
        ...(error.path === undefined ? {} : { path: error.path }),
      },
    ],
  };
}

const DESTINATION_PATH = '$.fulfillment.methods[0].destinations[0]';

/** What stands between the session and payment, as error messages. */
export function problemMessages(problems: readonly SessionProblem[]): UcpMessage[] {
  return problems.map(problemMessage);
}

function problemMessage(problem: SessionProblem): UcpMessage {
  switch (problem.kind) {
    case 'mixed_currencies':
      return recoverable(
        'invalid',
        'These items are priced in different currencies and cannot be bought together.',
        '$.line_items',
      );
    case 'short':
      return problem.stock === 0
        ? recoverable('out_of_stock', `${problem.title} is out of stock.`, `$.line_items[${problem.index}]`)
        : recoverable(
            'quantity_exceeded',
            `Only ${problem.stock} of ${problem.title} are in stock.`,
            `$.line_items[${problem.index}].quantity`,
          );
    case 'address_missing':
      return recoverable('missing', 'A shipping address is needed.', '$.fulfillment.methods[0].destinations');
    case 'address_invalid': {
      const field = ADDRESS_FIELDS[problem.field] ?? problem.field;
      return recoverable(
        problem.field === 'country' ? 'address_undeliverable' : 'invalid',
        `The shipping address's ${field}: ${problem.message}.`,
        `${DESTINATION_PATH}.${field}`,
      );
    }
  }
}

function recoverable(code: string, content: string, path: string): UcpMessage {
  return { type: 'error', code, content, severity: 'recoverable', path };
}

/** A refusal of the checkout at complete, in `messages[]` words. */
export function refusalMessage(code: ErrorCode, content: string): UcpMessage {
  if (
    code.startsWith('COUPON') ||
    code.startsWith('DISCOUNT') ||
    code === 'CAMPAIGN_EXHAUSTED' ||
    code === 'NOT_ELIGIBLE'
  )
    return {
      type: 'error',
      code: discountReason(code, content),
      content,
      severity: 'recoverable',
      path: '$.discounts.codes',
    };
  const mapped: Partial<Record<ErrorCode, string>> = {
    PAYMENT_DECLINED: 'payment_failed',
    INSUFFICIENT_STOCK: 'out_of_stock',
    VARIANT_NOT_FOUND: 'item_unavailable',
    TOTAL_CHANGED: 'total_changed',
    CURRENCY_MISMATCH: 'invalid',
  };
  return { type: 'error', code: mapped[code] ?? code.toLowerCase(), content, severity: 'recoverable' };
}
