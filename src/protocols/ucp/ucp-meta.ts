/**
 * The UCP version this server speaks: the newest the vendored draft's schemas name (see
 * `spec/README.md`; the draft itself carries no version of its own).
 */
export const UCP_VERSION = '2026-04-08';

/** The one payment handler: the built-in test provider's cards (docs/payments.md). */
export const TEST_CARD_HANDLER_ID = 'test_card';
export const TEST_CARD_HANDLER = 'dev.rushcart.test_card';

/** The capabilities this server implements, by their reverse-domain names. */
export const CAPABILITIES = {
  checkout: 'dev.ucp.shopping.checkout',
  cart: 'dev.ucp.shopping.cart',
  discount: 'dev.ucp.shopping.discount',
  fulfillment: 'dev.ucp.shopping.fulfillment',
  order: 'dev.ucp.shopping.order',
  search: 'dev.ucp.shopping.catalog.search',
  lookup: 'dev.ucp.shopping.catalog.lookup',
} as const;

/** The `ucp` member of an answer: the version and the capabilities in play. */
export function ucpMember(
  kind: 'checkout' | 'cart' | 'order' | 'search' | 'lookup',
): Record<string, unknown> {
  const version = { version: UCP_VERSION };
  const discount = { ...version, extends: [CAPABILITIES.checkout, CAPABILITIES.cart] };
  switch (kind) {
    case 'checkout':
      return {
        ...version,
        status: 'success',
        capabilities: {
          [CAPABILITIES.checkout]: [version],
          [CAPABILITIES.discount]: [discount],
          [CAPABILITIES.fulfillment]: [{ ...version, extends: CAPABILITIES.checkout }],
        },
        payment_handlers: { [TEST_CARD_HANDLER]: [{ id: TEST_CARD_HANDLER_ID, ...version }] },
      };
    case 'cart':
      return {
        ...version,
        status: 'success',
        capabilities: { [CAPABILITIES.cart]: [version], [CAPABILITIES.discount]: [discount] },
      };
    case 'order':
      return { ...version, status: 'success', capabilities: { [CAPABILITIES.order]: [version] } };
    case 'search':
      return { ...version, status: 'success', capabilities: { [CAPABILITIES.search]: [version] } };
    case 'lookup':
      return { ...version, status: 'success', capabilities: { [CAPABILITIES.lookup]: [version] } };
  }
}
