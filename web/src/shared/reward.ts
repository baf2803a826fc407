import { formatMoney } from './money.js';
import type { Reward } from './types.js';

/** A reward in words: "15% off (up to $20.00)", "$5.00 off", "Free shipping". */
export function describeReward(reward: Reward | undefined): string {
  if (reward === undefined) return '';
  switch (reward.type) {
    case 'percent':
      return `${reward.percent}% off${reward.cap === undefined ? '' : ` (up to ${formatMoney(reward.cap)})`}`;
    case 'amount':
      return `${formatMoney(reward.amount)} off`;
    case 'free_shipping':
      return 'Free shipping';
    default:
      return '';
  }
}

/** A timestamp (epoch ms, numeric string or ISO) as local date and time, or '' when absent. */
export function formatWhen(value: number | string | null | undefined): string {
  if (value === undefined || value === null) return '';
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}
