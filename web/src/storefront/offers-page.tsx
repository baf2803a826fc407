import { useCallback, useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../shared/api.js';
import { describeReward } from '../shared/reward.js';
import { navigate } from '../shared/router.js';
import { couponStatusText } from '../shared/status-text.js';
import type { Coupon, ShopperCampaign } from '../shared/types.js';
import { ClaimMessage, type ClaimResult, CouponCode, claimOnce, isClaimable, listOf } from './claim-flow.js';
import { shopperRequest } from './session.js';

/** The campaigns on offer, claim buttons and the shopper's wallet. */
export function OffersPage() {
  const { t, i18n } = useTranslation('storefront');
  const [campaigns, setCampaigns] = useState<ShopperCampaign[]>();
  const [wallet, setWallet] = useState<Coupon[]>();
  const [error, setError] = useState<string>();
  const [walletError, setWalletError] = useState<string>();
  const [results, setResults] = useState<Record<string, ClaimResult>>({});
  // Names of campaigns the shopper tried, so an answer stays on screen if the offer leaves the list (paused, ended).
  const [tried, setTried] = useState<Record<string, string>>({});
  const [waiting, setWaiting] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    try {
      const { data } = await shopperRequest<ShopperCampaign[] | { items: ShopperCampaign[] }>(
        '/api/v1/campaigns',
      );
      setCampaigns(listOf(data));
      setError(undefined);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.code === 'ROUTE_NOT_FOUND'
          ? t('offers.unavailable')
          : describeError(caught),
      );
    }
    try {
      const { data } = await shopperRequest<Coupon[] | { items: Coupon[] }>('/api/v1/wallet');
      setWallet(listOf(data));
      setWalletError(undefined);
    } catch (caught) {
      setWalletError(
        caught instanceof ApiError && caught.code === 'ROUTE_NOT_FOUND'
          ? t('offers.walletUnavailable')
          : describeError(caught),
      );
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const claim = async (campaign: ShopperCampaign) => {
    setWaiting({ ...waiting, [campaign.id]: t('offers.claiming') });
    const result = await claimOnce(campaign.id, undefined, (message) =>
      setWaiting((previous) => ({ ...previous, [campaign.id]: message })),
    );
    setWaiting((previous) => {
      const { [campaign.id]: _done, ...rest } = previous;
      return rest;
    });
    if (result.kind === 'queue') {
      navigate(`/offers/${encodeURIComponent(campaign.id)}/queue`);
      return;
    }
    setResults((previous) => ({ ...previous, [campaign.id]: result }));
    setTried((previous) => ({ ...previous, [campaign.id]: campaign.name }));
    await load();
  };

  const others = (exceptId: string) =>
    (campaigns ?? []).filter((campaign) => campaign.id !== exceptId && isClaimable(campaign));

  return (
    <section aria-labelledby="offers-heading" className="stack">
      <h1 id="offers-heading">{t('offers.heading')}</h1>
      {error === undefined ? null : (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {campaigns === undefined && error === undefined ? <p>{t('offers.loading')}</p> : null}
      {Object.entries(tried)
        .filter(([id]) => campaigns !== undefined && !campaigns.some((campaign) => campaign.id === id))
        .map(([id, name]) => {
          const result = results[id];
          return result === undefined ? null : (
            <div key={id} className="card" data-testid="offer-gone" aria-live="polite">
              <h2>{name}</h2>
              <ClaimMessage result={result} others={others(id)} />
            </div>
          );
        })}
      {campaigns !== undefined && campaigns.length === 0 ? <p>{t('offers.none')}</p> : null}
      <ul className="plain-list offer-grid">
        {(campaigns ?? []).map((campaign) => {
          const result = results[campaign.id];
          const status = campaign.status ?? 'live';
          const claimed =
            campaign.claimed === true || (typeof campaign.claimed === 'number' && campaign.claimed > 0);
          return (
            <li key={campaign.id} className="card offer" data-testid="offer" data-campaign-id={campaign.id}>
              <div className="spread">
                <h2>{campaign.name}</h2>
                {status === 'live' ? null : (
                  <span className="badge badge--warning" data-testid="offer-status">
                    {status === 'paused' ? t('offers.paused') : status}
                  </span>
                )}
              </div>
              <p className="offer__reward">{describeReward(campaign.reward)}</p>
              {campaign.description ? <p className="small muted">{campaign.description}</p> : null}
              {campaign.code ? (
                <p>
                  <Trans
                    t={t}
                    i18nKey="offers.publicCode"
                    values={{ code: campaign.code }}
                    components={{ code: <code /> }}
                  />
                </p>
              ) : (
                <>
                  {campaign.verifiedShoppersOnly === true ? (
                    <p className="small muted" data-testid="offer-verified-only">
                      {t('offers.verifiedOnly')}
                    </p>
                  ) : null}
                  <p className="small" data-testid="offer-remaining">
                    {campaign.remaining === undefined
                      ? ''
                      : campaign.remaining === 0
                        ? t('offers.allClaimed')
                        : campaign.budget?.claims === undefined
                          ? t('offers.left', { remaining: campaign.remaining.toLocaleString(i18n.language) })
                          : t('offers.leftOf', {
                              remaining: campaign.remaining.toLocaleString(i18n.language),
                              total: campaign.budget.claims.toLocaleString(i18n.language),
                            })}
                  </p>
                  {campaign.remaining !== undefined && campaign.budget?.claims ? (
                    <meter
                      min={0}
                      max={campaign.budget.claims}
                      value={campaign.remaining}
                      aria-label={t('offers.meter', { name: campaign.name })}
                    />
                  ) : null}
                  <button
                    type="button"
                    className="primary"
                    onClick={() => void claim(campaign)}
                    disabled={
                      claimed ||
                      waiting[campaign.id] !== undefined ||
                      status !== 'live' ||
                      campaign.remaining === 0
                    }
                  >
                    {claimed
                      ? t('offers.claimed')
                      : status === 'paused'
                        ? t('offers.paused')
                        : t('offers.claim')}
                  </button>
                </>
              )}
              <div aria-live="polite">
                {waiting[campaign.id] === undefined ? null : <p className="small">{waiting[campaign.id]}</p>}
                {result === undefined ? null : (
                  <ClaimMessage
                    result={result}
                    others={others(campaign.id)}
                    onRetry={() => void claim(campaign)}
                  />
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <section aria-labelledby="wallet-heading" className="card">
        <h2 id="wallet-heading">{t('offers.wallet')}</h2>
        {walletError === undefined ? null : <p className="notice notice--error">{walletError}</p>}
        {wallet !== undefined && wallet.length === 0 ? <p>{t('offers.walletEmpty')}</p> : null}
        <ul className="plain-list stack" data-testid="wallet">
          {(wallet ?? []).map((coupon) => (
            <li key={coupon.code}>
              <CouponCode coupon={coupon} />
              {coupon.status !== undefined && coupon.status !== 'active' && coupon.status !== 'available' ? (
                <span className="badge badge--muted">{couponStatusText(coupon.status)}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
