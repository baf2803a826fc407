import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest, describeError, newIdempotencyKey } from '../shared/api.js';
import { describeReward, formatWhen } from '../shared/reward.js';
import type { Cart, Coupon, ShopperCampaign } from '../shared/types.js';
import { sessionToken, shopperRequest } from './session.js';
import { useShop } from './shop-state.js';

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
  | { kind: 'error'; message: string };

/** The items of a list answer, whichever key the endpoint puts them under. */
export function listOf<T>(data: T[] | { items?: T[]; coupons?: T[]; campaigns?: T[] }): T[] {
  if (Array.isArray(data)) return data;
  return data.items ?? data.coupons ?? data.campaigns ?? [];
}

/** Sends one claim; automatic retries on 429/503 keep the same Idempotency-Key, so they can never claim twice. */
export async function claimOnce(
  campaignId: string,
  ticket: string | undefined,
  onWait: (message: string) => void,
): Promise<ClaimResult> {
  const token = await sessionToken();
  try {
    const { data } = await apiRequest<{ coupon: Coupon }>(
      `/api/v1/campaigns/${encodeURIComponent(campaignId)}/claims`,
      {
        method: 'POST',
        token,
        body: {},
        idempotencyKey: newIdempotencyKey(),
        headers: ticket === undefined ? {} : { 'x-queue-ticket': ticket },
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
export function ClaimMessage({ result, others }: { result: ClaimResult; others: ShopperCampaign[] }) {
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
