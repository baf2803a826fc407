import i18next from 'i18next';

/** An order or return status in words; one we have no words for is shown as the server names it. */
export function orderStatusText(status: string): string {
  const key = `common:orderStatus.${status}`;
  return i18next.exists(key) ? i18next.t(key as 'common:orderStatus.paid') : status.replace(/_/g, ' ');
}

/** A coupon's status in words ("redeemed", "已使用"); one we have no words for is shown as the server names it. */
export function couponStatusText(status: string): string {
  const key = `common:couponStatus.${status}`;
  return i18next.exists(key) ? i18next.t(key as 'common:couponStatus.redeemed') : status;
}
