import { COUPON_STATUS_ZH, ORDER_STATUS_ZH } from '../../../../src/shared/status-zh.js';
import type { commonEn } from './common-en.js';
import type { Translation } from './translation.js';

const { redeemed, reserved, expired, revoked } = COUPON_STATUS_ZH;

/** Strings every web app shares, in Simplified Chinese. */
export const commonZhCn: Translation<typeof commonEn> = {
  language: { label: '语言' },
  reward: {
    percent: '立减 {{percent}}%',
    percentCapped: '立减 {{percent}}%（最多减 {{cap}}）',
    amount: '立减 {{amount}}',
    freeShipping: '免运费',
  },
  orderStatus: ORDER_STATUS_ZH,
  couponStatus: { redeemed, reserved, expired, revoked },
  notFound: { title: '页面不存在', back: '返回商店' },
};
