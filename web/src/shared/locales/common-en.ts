/** Strings every web app shares, in English (the source the other languages translate). */
export const commonEn = {
  language: { label: 'Language' },
  reward: {
    percent: '{{percent}}% off',
    percentCapped: '{{percent}}% off (up to {{cap}})',
    amount: '{{amount}} off',
    freeShipping: 'Free shipping',
  },
  orderStatus: {
    pending: 'pending',
    paid: 'paid',
    fulfilled: 'shipped',
    delivered: 'delivered',
    cancelled: 'cancelled',
    return_requested: 'return requested',
    returned: 'returned',
    refunded: 'refunded',
    requested: 'requested',
    received: 'received',
    rejected: 'rejected',
  },
  couponStatus: {
    redeemed: 'redeemed',
    reserved: 'reserved',
    expired: 'expired',
    revoked: 'revoked',
  },
  notFound: { title: 'Page not found', back: 'Go to the shop' },
} as const;
