import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest, describeError, newIdempotencyKey } from '../shared/api.js';
import { describeReward, formatWhen } from '../shared/reward.js';
import type { Cart, Coupon, ShopperCampaign } from '../shared/types.js';
import { challengeOf, type ProofOfWork, solveInWorker } from './proof-of-work.js';
import { sessionToken, shopperRequest } from './session.js';
import { useShop } from './shop-state.js';
import { VerifyEmail } from './verify-email.js';

/** What a shopper is told when an offer is paused or not live, in the language shown. */
export function notLiveMessage(): string {
  return i18next.t('storefront:claim.notLive');
}

/** What one claim attempt ended with, in the shopper's words. */
export type ClaimResult =
  | { kind: 'claimed'; coupon: Coupon }
  | { kind: 'already'; coupon: Coupon | undefined }
  | { kind: 'sold-out' }
  | { kind: 'queue' }
  | { kind: 'verify' }
  | { kind: 'error'; message: string };

/** The items of a list answer, whichever key the endpoint puts them under. */
export function listOf<T>(data: T[] | { items?: T[]; coupons?: T[]; campaigns?: T[] }): T[] {
  if (Array.isArray(data)) return data;
  return data.items ?? data.coupons ?? data.campaigns ?? [];
}

/** Proof-of-work rounds one claim may go through (a second one follows an expired challenge). */
const MAX_CHALLENGES = 2;

/**
 * Sends one claim; automatic retries on 429/503, and the retry after a solved proof-of-work
 * challenge, keep the same Idempotency-Key, so they can never claim twice.
 */
export async function claimOnce(
  campaignId: string,
  ticket: string | undefined,
  onWait: (message: string) => void,
): Promise<ClaimResult> {
  const idempotencyKey = newIdempotencyKey();
  let solution: string | undefined;
  for (let round = 0; ; round += 1) {
    const result = await claimAttempt(campaignId, ticket, idempotencyKey, solution, onWait);
    if (result.kind !== 'challenge' || round >= MAX_CHALLENGES) {
      return result.kind === 'challenge'
        ? { kind: 'error', message: i18next.t('storefront:claim.checkFailed') }
        : result;
    }
    onWait(i18next.t('storefront:claim.checking', { percent: 0 }));
    try {
      solution = await solveInWorker(result.challenge, (share) =>
        onWait(i18next.t('storefront:claim.checking', { percent: Math.min(99, Math.round(share * 100)) })),
      );
    } catch (error) {
      return { kind: 'error', message: describeError(error) };
    }
  }
}

async function claimAttempt(
  campaignId: string,
  ticket: string | undefined,
  idempotencyKey: string,
  solution: string | undefined,
  onWait: (message: string) => void,
): Promise<ClaimResult | { kind: 'challenge'; challenge: ProofOfWork }> {
  const token = await sessionToken();
  try {
    const { data } = await apiRequest<{ coupon: Coupon }>(
      `/api/v1/campaigns/${encodeURIComponent(campaignId)}/claims`,
      {
        method: 'POST',
        token,
        body: {},
        idempotencyKey,
        headers: {
          ...(ticket === undefined ? {} : { 'x-queue-ticket': ticket }),
          ...(solution === undefined ? {} : { 'x-rushcart-challenge': solution }),
        },
        retries: 5,
        onRetry: (waitMs, error) =>
          onWait(
            i18next.t(error.code === 'RATE_LIMITED' ? 'storefront:claim.tooMany' : 'storefront:claim.busy', {
              seconds: Math.ceil(waitMs / 1000),
            }),
          ),
      },
    );
    return { kind: 'claimed', coupon: data.coupon };
  } catch (error) {
    if (!(error instanceof ApiError)) return { kind: 'error', message: describeError(error) };
    switch (error.code) {
      case 'ALREADY_CLAIMED':
        return { kind: 'already', coupon: (error.details.coupon as Coupon | undefined) ?? undefined };
      case 'CAMPAIGN_EXHAUSTED':
        return { kind: 'sold-out' };
      case 'QUEUE_TICKET_REQUIRED':
        return { kind: 'queue' };
      case 'QUEUE_TICKET_INVALID':
        return { kind: 'queue' };
      case 'CAMPAIGN_NOT_LIVE':
        return { kind: 'error', message: notLiveMessage() };
      case 'NOT_ELIGIBLE':
        return {
          kind: 'error',
          message: i18next.t('storefront:claim.notEligible', { reason: error.message }),
        };
      case 'CHALLENGE_REQUIRED':
      case 'CHALLENGE_INVALID': {
        const challenge = challengeOf(error.details);
        return challenge === undefined
          ? { kind: 'error', message: describeError(error) }
          : { kind: 'challenge', challenge };
      }
      case 'VERIFICATION_REQUIRED':
        return { kind: 'verify' };
      case 'CLAIM_DENIED':
        return { kind: 'error', message: i18next.t('storefront:claim.denied', { reason: error.message }) };
      default:
        return { kind: 'error', message: describeError(error) };
    }
  }
}

/** A claimed coupon's code with a button that applies it to the cart. */
export function CouponCode({ coupon }: { coupon: Coupon }) {
  const { t } = useTranslation('storefront');
  const { setCart, announce } = useShop();
  const [message, setMessage] = useState<string>();
  const apply = async () => {
    try {
      const { data } = await shopperRequest<Cart>('/api/v1/cart/coupons', {
        method: 'POST',
        body: { code: coupon.code },
      });
      setCart(data);
      setMessage(t('claim.appliedShort'));
      announce(t('claim.applied', { code: coupon.code }));
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  return (
    <div className="coupon-code">
      <span>
        {t('claim.code')} <code data-testid="coupon-code">{coupon.code}</code> {describeReward(coupon.reward)}
        {coupon.expiresAt ? (
          <span className="small muted">
            {' '}
            · {t('claim.validUntil', { when: formatWhen(coupon.expiresAt) })}
          </span>
        ) : null}
      </span>
      <button type="button" onClick={() => void apply()}>
        {t('claim.applyToCart')}
      </button>
      {message === undefined ? null : (
        <span className="small" role="status">
          {message}
        </span>
      )}
    </div>
  );
}

/** Whether the shopper can still claim the campaign now. */
export function isClaimable(campaign: ShopperCampaign): boolean {
  return (
    (campaign.status ?? 'live') === 'live' && campaign.remaining !== 0 && !campaign.claimed && !campaign.code
  );
}

/** What a claim attempt came to, with the coupon or what else is on offer. */
export function ClaimMessage({
  result,
  others,
  onRetry,
}: {
  result: ClaimResult;
  others: ShopperCampaign[];
  /** Claims again (after the shopper verified their e-mail). */
  onRetry?: () => void;
}) {
  const { t } = useTranslation('storefront');
  switch (result.kind) {
    case 'claimed':
      return (
        <div className="notice notice--success" data-testid="claim-success">
          <p>{t('claim.gotIt')}</p>
          <CouponCode coupon={result.coupon} />
        </div>
      );
    case 'already':
      return (
        <div className="notice notice--info">
          <p>{t('claim.already')}</p>
          {result.coupon === undefined ? null : <CouponCode coupon={result.coupon} />}
        </div>
      );
    case 'sold-out':
      return <SoldOut others={others} />;
    case 'verify':
      return <VerifyEmail onVerified={() => onRetry?.()} />;
    case 'error':
      return <p className="notice notice--error">{result.message}</p>;
    default:
      return null;
  }
}

/** The honest sold-out answer with what else is still on offer. */
function SoldOut({ others }: { others: ShopperCampaign[] }) {
  const { t } = useTranslation('storefront');
  return (
    <div className="notice notice--warning" data-testid="sold-out">
      <p>{t('claim.soldOut')}</p>
      {others.length === 0 ? (
        <p>{t('claim.noOthers')}</p>
      ) : (
        <>
          <p>{t('claim.stillOnOffer')}</p>
          <ul>
            {others.map((campaign) => (
              <li key={campaign.id}>
                {campaign.name}: {describeReward(campaign.reward)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
