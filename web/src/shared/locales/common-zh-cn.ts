import type { commonEn } from './common-en.js';
import type { Translation } from './translation.js';

/** Strings every web app shares, in Simplified Chinese. */
export const commonZhCn: Translation<typeof commonEn> = {
  language: { label: '语言' },
  reward: {
    percent: '立减 {{percent}}%',
    percentCapped: '立减 {{percent}}%（最多减 {{cap}}）',
    amount: '立减 {{amount}}',
    freeShipping: '免运费',
  },
  orderStatus: {
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
  },
  couponStatus: {
    redeemed: '已使用',
    reserved: '使用中',
    expired: '已过期',
    revoked: '已收回',
  },
  notFound: { title: '页面不存在', back: '返回商店' },
};
