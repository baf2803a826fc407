/** Order and return statuses in Chinese, by the API's name: the web pages and the assistant's replies say the same. */
export const ORDER_STATUS_ZH = {
  pending: '待支付',
  paid: '已支付',
  fulfilled: '已发货',
  delivered: '已签收',
  cancelled: '已取消',
  return_requested: '退货申请中',
  returned: '已退货',
  refunded: '已退款',
  requested: '已申请',
  received: '已收到退货',
  rejected: '已拒绝',
} as const;

/** Coupon statuses in Chinese, by the API's name. */
export const COUPON_STATUS_ZH = {
  available: '可用',
  reserved: '使用中',
  redeemed: '已使用',
  expired: '已过期',
  revoked: '已收回',
} as const;
