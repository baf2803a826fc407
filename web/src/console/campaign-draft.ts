import i18next from 'i18next';
import type { ValidationIssue } from '../shared/api.js';
import { parseMajorUnits, toMajorUnits } from '../shared/money.js';
import type { AdminCampaign, Reward } from '../shared/types.js';

/** The form's fields, all as typed text so that mistakes can be explained rather than silently coerced. */
export interface CampaignDraft {
  name: string;
  description: string;
  rewardType: Reward['type'];
  percent: string;
  cap: string;
  amount: string;
  currency: string;
  claims: string;
  discountBudget: string;
  perShopperLimit: string;
  startsAt: string;
  endsAt: string;
  status: 'draft' | 'live';
  code: string;
  hoursValid: string;
}

/** An empty form with sensible defaults. */
export function emptyDraft(): CampaignDraft {
  return {
    name: '',
    description: '',
    rewardType: 'percent',
    percent: '10',
    cap: '',
    amount: '',
    currency: 'USD',
    claims: '1000',
    discountBudget: '',
    perShopperLimit: '1',
    startsAt: '',
    endsAt: '',
    status: 'live',
    code: '',
    hoursValid: '',
  };
}

function toLocalInput(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

/** The form filled from an existing campaign. */
export function draftFrom(campaign: AdminCampaign): CampaignDraft {
  const reward = campaign.reward;
  const currency =
    (reward.type === 'amount'
      ? reward.amount.currency
      : reward.type === 'percent'
        ? reward.cap?.currency
        : undefined) ??
    campaign.budget.discount?.currency ??
    'USD';
  const validity = campaign.validity as { hoursAfterClaim?: number } | undefined;
  return {
    name: campaign.name,
    description: campaign.description ?? '',
    rewardType: reward.type,
    percent: reward.type === 'percent' ? String(reward.percent) : '10',
    cap:
      reward.type === 'percent' && reward.cap !== undefined ? toMajorUnits(reward.cap.amount, currency) : '',
    amount: reward.type === 'amount' ? toMajorUnits(reward.amount.amount, currency) : '',
    currency,
    claims: String(campaign.budget.claims),
    discountBudget: campaign.budget.discount ? toMajorUnits(campaign.budget.discount.amount, currency) : '',
    perShopperLimit: String(campaign.perShopperLimit),
    startsAt: toLocalInput(campaign.startsAt),
    endsAt: toLocalInput(campaign.endsAt),
    status: campaign.status === 'draft' ? 'draft' : 'live',
    code: campaign.code ?? '',
    hoursValid: validity?.hoursAfterClaim === undefined ? '' : String(validity.hoursAfterClaim),
  };
}

/** What is wrong with a draft, by field (or the whole form). */
export type Problems = Partial<Record<keyof CampaignDraft | 'form', string>>;

function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/** Checks the form and builds the request body; each problem names the field and says what is wrong. */
export function buildCampaignBody(draft: CampaignDraft): {
  body?: Record<string, unknown>;
  problems: Problems;
} {
  const t = i18next.getFixedT(null, 'console');
  const problems: Problems = {};
  const currency = draft.currency.trim().toUpperCase();
  if (draft.name.trim() === '') problems.name = t('draft.name');
  if (!/^[A-Z]{3}$/.test(currency)) problems.currency = t('draft.currency');
  const claims = wholeNumber(draft.claims, 1, 1_000_000_000);
  if (claims === undefined) problems.claims = t('draft.claims');
  const perShopper = wholeNumber(draft.perShopperLimit, 1, 100);
  if (perShopper === undefined) problems.perShopperLimit = t('draft.perShopper');
  let reward: Record<string, unknown> = { type: draft.rewardType };
  if (draft.rewardType === 'percent') {
    const percent = wholeNumber(draft.percent, 1, 100);
    if (percent === undefined) problems.percent = t('draft.percent');
    reward = { type: 'percent', percent };
    if (draft.cap.trim() !== '') {
      const cap = parseMajorUnits(draft.cap, currency);
      if (cap === undefined || cap <= 0) problems.cap = t('draft.cap');
      else reward.cap = { amount: cap, currency };
    }
  } else if (draft.rewardType === 'amount') {
    const amount = parseMajorUnits(draft.amount, currency);
    if (amount === undefined || amount <= 0) problems.amount = t('draft.amount');
    reward = { type: 'amount', amount: { amount, currency } };
  }
  const budget: Record<string, unknown> = { claims };
  if (draft.discountBudget.trim() !== '') {
    const discount = parseMajorUnits(draft.discountBudget, currency);
    if (discount === undefined || discount <= 0) problems.discountBudget = t('draft.discountBudget');
    else budget.discount = { amount: discount, currency };
  }
  const startsAt = draft.startsAt === '' ? undefined : new Date(draft.startsAt);
  const endsAt = draft.endsAt === '' ? undefined : new Date(draft.endsAt);
  if (startsAt !== undefined && Number.isNaN(startsAt.getTime())) problems.startsAt = t('draft.startsAt');
  if (endsAt !== undefined && Number.isNaN(endsAt.getTime())) problems.endsAt = t('draft.endsAt');
  if (startsAt !== undefined && endsAt !== undefined && endsAt <= startsAt)
    problems.endsAt = t('draft.endsAfter');
  const code = draft.code.trim().toUpperCase();
  if (code !== '' && !/^[A-Z0-9][A-Z0-9-]{2,39}$/.test(code)) problems.code = t('draft.code');
  let validity: Record<string, unknown> | undefined;
  if (draft.hoursValid.trim() !== '') {
    const hours = wholeNumber(draft.hoursValid, 1, 24 * 366);
    if (hours === undefined) problems.hoursValid = t('draft.hoursValid');
    else validity = { hoursAfterClaim: hours };
  }
  if (Object.keys(problems).length > 0) return { problems };
  const body: Record<string, unknown> = {
    name: draft.name.trim(),
    description: draft.description.trim(),
    budget,
    perShopperLimit: perShopper,
    reward,
    status: draft.status,
  };
  if (startsAt !== undefined) body.startsAt = startsAt.toISOString();
  if (endsAt !== undefined) body.endsAt = endsAt.toISOString();
  if (code !== '') body.code = code;
  if (validity !== undefined) body.validity = validity;
  return { body, problems };
}

/** Maps a server issue path (such as `body/budget/claims`) to the form field it concerns. */
export function fieldOfIssue(issue: ValidationIssue): keyof CampaignDraft | undefined {
  const path = issue.path.replace(/^body[/.]?/, '').replace(/\//g, '.');
  const map: [RegExp, keyof CampaignDraft][] = [
    [/^name/, 'name'],
    [/^description/, 'description'],
    [/^budget\.claims/, 'claims'],
    [/^budget\.discount/, 'discountBudget'],
    [/^perShopperLimit/, 'perShopperLimit'],
    [/^reward\.percent/, 'percent'],
    [/^reward\.cap/, 'cap'],
    [/^reward\.amount/, 'amount'],
    [/^reward/, 'rewardType'],
    [/^startsAt/, 'startsAt'],
    [/^endsAt/, 'endsAt'],
    [/^code/, 'code'],
    [/^validity/, 'hoursValid'],
    [/^status/, 'status'],
  ];
  return map.find(([pattern]) => pattern.test(path))?.[1];
}
