/**
 * The stable error codes a client can see, each with its HTTP status and default message.
 * Codes never change meaning once published; add new ones instead.
 */
export const ERROR_CATALOG = {
  // Request shape
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the expected schema.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than this route accepts.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No route matches this method and path.' },
  MALFORMED_URL: { status: 400, message: 'The URL is not valid (bad percent-encoding).' },
  URL_TOO_LONG: { status: 414, message: 'A path parameter is longer than any id this API issues.' },
  // Auth
  UNAUTHENTICATED: { status: 401, message: 'A valid bearer token is required.' },
  ADMIN_KEY_REQUIRED: { status: 401, message: 'A valid admin key is required.' },
  FORBIDDEN: { status: 403, message: 'This shopper may not access that resource.' },
  AGENT_KEY_REQUIRED: {
    status: 401,
    message: 'This store serves registered agents only: send your agent key in X-API-Key.',
  },
  AGENT_KEY_INVALID: { status: 401, message: 'The X-API-Key is not the key of a registered agent.' },
  AGENT_SUSPENDED: { status: 403, message: 'This agent has been suspended by the merchant.' },
  AGENT_NOT_FOUND: { status: 404, message: 'No agent platform has that id.' },
  SIGNATURE_INVALID: {
    status: 401,
    message: "The Signature does not match the request signed with this agent's signing secret.",
  },
  AGENT_BUDGET_EXCEEDED: {
    status: 409,
    message: 'This order would take the agent past the daily budget the merchant set; nothing was charged.',
  },
  // Idempotency (Agentic Commerce Protocol rules)
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: 'This request needs an Idempotency-Key header.' },
  IDEMPOTENCY_CONFLICT: {
    status: 422,
    message: 'This Idempotency-Key was already used with a different request body.',
  },
  IDEMPOTENCY_IN_FLIGHT: {
    status: 409,
    message: 'A request with this Idempotency-Key is still being processed; retry later.',
  },
  // Catalog
  PRODUCT_NOT_FOUND: { status: 404, message: 'No product has that id.' },
  VARIANT_NOT_FOUND: { status: 404, message: 'No product variant has that id.' },
  IMPORT_FAILED: { status: 422, message: 'The catalog file could not be imported.' },
  PRODUCT_ALREADY_EXISTS: { status: 409, message: 'A product with that id already exists.' },
  INVALID_CURSOR: { status: 400, message: 'The cursor is malformed or belongs to another query.' },
  // Cart and checkout
  CART_LINE_NOT_FOUND: { status: 404, message: 'The cart has no line with that id.' },
  CART_EMPTY: { status: 409, message: 'The cart is empty.' },
  INSUFFICIENT_STOCK: { status: 409, message: 'Not enough stock for the requested quantity.' },
  CURRENCY_MISMATCH: { status: 409, message: 'All cart items must share one currency.' },
  CART_LIMIT_REACHED: { status: 409, message: 'The cart holds as many lines or coupons as it may.' },
  CART_CHANGED: { status: 409, message: "The cart's coupons changed while the request ran; retry it." },
  TOTAL_CHANGED: {
    status: 409,
    message: 'The total is not the one that was confirmed; review the new total and confirm it.',
  },
  CONFIRMATION_INVALID: {
    status: 403,
    message: 'The confirmation token is not valid for this shopper and action; ask for a new summary.',
  },
  CONFIRMATION_EXPIRED: {
    status: 409,
    message: 'The confirmation token has expired; ask for a new summary and confirm it.',
  },
  CONFIRMATION_MISMATCH: {
    status: 409,
    message: 'The arguments differ from the ones the shopper confirmed; ask for a new summary.',
  },
  CHECKOUT_EXPIRED: { status: 409, message: 'The checkout took too long and was released; try again.' },
  CHECKOUT_IN_PROGRESS: { status: 409, message: 'Another checkout of this cart is running; retry later.' },
  PAYMENT_DECLINED: { status: 402, message: 'The payment was declined.' },
  PAYMENT_TOKEN_NOT_FOUND: {
    status: 404,
    message: 'This shopper has no saved card with that token; send the card again to get a new one.',
  },
  PAYMENT_FAILED: {
    status: 502,
    message:
      'The payment provider did not answer; retry with the same Idempotency-Key: you are charged at most once.',
  },
  // Orders and returns
  ORDER_NOT_FOUND: { status: 404, message: 'No order of this shopper has that id.' },
  ORDER_LINE_NOT_FOUND: { status: 404, message: 'The order has no line with that id.' },
  RETURN_NOT_FOUND: { status: 404, message: 'The order has no return with that id.' },
  ORDER_NOT_CANCELLABLE: { status: 409, message: 'Only orders that are not yet fulfilled can be cancelled.' },
  ORDER_NOT_RETURNABLE: {
    status: 409,
    message: 'Only delivered orders inside the return window can be returned.',
  },
  INVALID_ORDER_TRANSITION: {
    status: 409,
    message: 'The order cannot move to that status from its current one.',
  },
  // Shopper verification
  EMAIL_INVALID: { status: 400, message: 'That is not an e-mail address we can send a code to.' },
  EMAIL_DISPOSABLE: {
    status: 422,
    message: 'Addresses at disposable mail services cannot be verified; use an address you keep.',
  },
  VERIFICATION_CODE_INVALID: {
    status: 400,
    message: 'The code is wrong or has expired; ask for a new one if needed.',
  },
  VERIFICATION_REQUIRED: {
    status: 403,
    message: 'This campaign is for verified shoppers: verify your e-mail address first.',
  },
  // Fraud defences
  // 403, not 428: in the retry contract 428 means the waiting room's queue, and only that.
  CHALLENGE_REQUIRED: {
    status: 403,
    message: 'Solve the proof-of-work challenge in the details and retry with its solution.',
  },
  CHALLENGE_INVALID: { status: 403, message: 'The challenge solution is wrong, expired, used or not yours.' },
  COUPON_USE_DENIED: {
    status: 403,
    message: "This card has paid for too many shoppers' coupons; pay without the coupon or contact the shop.",
  },
  REVIEW_NOT_FOUND: { status: 404, message: 'No review has that id.' },
  SHOPPER_NOT_FOUND: { status: 404, message: 'No shopper has that id.' },
  // Promotions
  CAMPAIGN_NOT_FOUND: { status: 404, message: 'No campaign has that id.' },
  CAMPAIGN_NOT_LIVE: { status: 409, message: 'The campaign is not live.' },
  CAMPAIGN_EXHAUSTED: { status: 410, message: 'The campaign has no coupons left.' },
  CAMPAIGN_UPDATE_UNSAFE: { status: 409, message: 'That field cannot change while the campaign is live.' },
  ALREADY_CLAIMED: { status: 409, message: 'This shopper already holds the campaign coupon.' },
  NOT_ELIGIBLE: { status: 403, message: 'This shopper is not eligible for the campaign.' },
  CLAIM_DENIED: { status: 403, message: 'The claim was denied.' },
  COUPON_NOT_FOUND: { status: 404, message: 'No coupon with that code is available to this shopper.' },
  COUPON_NOT_APPLICABLE: { status: 409, message: 'The coupon does not apply to this cart.' },
  COUPON_EXPIRED: { status: 409, message: 'The coupon has expired.' },
  COUPON_ALREADY_USED: { status: 409, message: 'The coupon has already been redeemed.' },
  COUPON_NOT_COMBINABLE: {
    status: 409,
    message: 'The coupon cannot be combined with the coupons already applied.',
  },
  DISCOUNT_BUDGET_EXHAUSTED: { status: 409, message: "The campaign's discount budget is spent." },
  // Admission
  QUEUE_TICKET_REQUIRED: { status: 428, message: 'The waiting room is engaged; join the queue first.' },
  QUEUE_TICKET_INVALID: { status: 403, message: 'The queue ticket is invalid, expired or not yours.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; retry after the indicated time.' },
  OVERLOADED: { status: 503, message: 'The service is at capacity; retry after the indicated time.' },
  // Assistant
  CONVERSATION_NOT_FOUND: { status: 404, message: 'No conversation of this shopper has that id.' },
  CONVERSATION_NOT_TAKEN_OVER: {
    status: 409,
    message: 'A person must take the conversation over before replying.',
  },
  // Operations
  NOT_READY: { status: 503, message: 'The service is not ready.' },
  INTERNAL: { status: 500, message: 'An unexpected error occurred.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A stable error code from the catalog. */
export type ErrorCode = keyof typeof ERROR_CATALOG;

/**
 * True for a code that refuses what the request asked (a 4xx: the same request gets the same
 * answer), false for a failure on our side that a retry may get past.
 */
export function isRefusal(code: ErrorCode): boolean {
  return ERROR_CATALOG[code].status < 500;
}
