import i18next from 'i18next';
import { currentLanguage } from './i18n.js';
import { formatMoney } from './money.js';
import type { Reward } from './types.js';

/** A reward in words in the language shown: "15% off (up to $20.00)", "$5.00 off", "Free shipping". */
export function describeReward(reward: Reward | undefined): string {
  if (reward === undefined) return '';
  switch (reward.type) {
    case 'percent':
      return reward.cap === undefined
        ? i18next.t('common:reward.percent', { percent: reward.percent })
        : i18next.t('common:reward.percentCapped', { percent: reward.percent, cap: formatMoney(reward.cap) });
    case 'amount':
      return i18next.t('common:reward.amount', { amount: formatMoney(reward.amount) });
    case 'free_shipping':
      return i18next.t('common:reward.freeShipping');
    default:
      return '';
  }
}

/** A timestamp (epoch ms, numeric string or ISO) as date and time in the language shown, or '' when absent. */
export function formatWhen(value: number | string | null | undefined): string {
  if (value === undefined || value === null) return '';
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(currentLanguage());
}
