import { formatMoney } from '../../shared/money.js';

/** A reward in words, e.g. "10% off, up to $20.00". */
export function describeReward(reward: {
  type: string;
  percent?: number;
  cap?: { amount: number; currency: string } | undefined;
  amount?: { amount: number; currency: string };
}): string {
  if (reward.type === 'percent') {
    return `${reward.percent}% off${reward.cap === undefined ? '' : `, up to ${formatMoney(reward.cap)}`}`;
  }
  if (reward.type === 'amount' && reward.amount !== undefined) return `${formatMoney(reward.amount)} off`;
  return 'free shipping';
}
