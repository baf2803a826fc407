import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiRequest, describeError, newIdempotencyKey } from '../shared/api.js';
import { describeReward, formatWhen } from '../shared/reward.js';
import { linkProps, navigate } from '../shared/router.js';
import type { Cart, Coupon, QueueTicket, ShopperCampaign } from '../shared/types.js';
import { sessionToken, shopperRequest } from './session.js';
import { useShop } from './shop-state.js';

const NOT_LIVE_MESSAGE = 'This offer is paused or not live right now. Check back soon.';

/** What one claim attempt ended with, in the shopper's words. */
type ClaimResult =
  | { kind: 'claimed'; coupon: Coupon }
  | { kind: 'already'; coupon: Coupon | undefined }
  | { kind: 'sold-out' }
  | { kind: 'queue' }
  | { kind: 'error'; message: string };

function listOf<T>(data: T[] | { items?: T[]; coupons?: T[]; campaigns?: T[] }): T[] {
  if (Array.isArray(data)) return data;
  return data.items ?? data.coupons ?? data.campaigns ?? [];
}

/** Sends one claim; automatic retries on 429/503 keep the same Idempotency-Key, so they can never claim twice. */
async function claimOnce(
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
            `${error.code === 'RATE_LIMITED' ? 'Too many tries' : 'The offer is very busy'}; trying again in ${Math.ceil(waitMs / 1000)} s…`,
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
        return { kind: 'error', message: NOT_LIVE_MESSAGE };
      case 'NOT_ELIGIBLE':
        return { kind: 'error', message: `You are not eligible for this offer: ${error.message}` };
      case 'CLAIM_DENIED':
        return { kind: 'error', message: `The claim was refused: ${error.message}` };
      default:
        return { kind: 'error', message: error.message };
    }
  }
}

function CouponCode({ coupon }: { coupon: Coupon }) {
  const { setCart, announce } = useShop();
  const [message, setMessage] = useState<string>();
  const apply = async () => {
    try {
      const { data } = await shopperRequest<Cart>('/api/v1/cart/coupons', {
        method: 'POST',
        body: { code: coupon.code },
      });
      setCart(data);
      setMessage('Applied to your cart.');
      announce(`Coupon ${coupon.code} applied to your cart.`);
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  return (
    <div className="coupon-code">
      <span>
        Code <code data-testid="coupon-code">{coupon.code}</code> {describeReward(coupon.reward)}
        {coupon.expiresAt ? (
          <span className="small muted"> · valid until {formatWhen(coupon.expiresAt)}</span>
        ) : null}
      </span>
      <button type="button" onClick={() => void apply()}>
        Apply to cart
      </button>
      {message === undefined ? null : (
        <span className="small" role="status">
          {message}
        </span>
      )}
    </div>
  );
}

/** The campaigns on offer, claim buttons and the shopper's wallet. */
export function OffersPage() {
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
          ? 'Offers are not available on this server yet.'
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
          ? 'The wallet is not available on this server yet.'
          : describeError(caught),
      );
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const claim = async (campaign: ShopperCampaign) => {
    setWaiting({ ...waiting, [campaign.id]: 'Claiming…' });
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
      <h1 id="offers-heading">Offers</h1>
      {error === undefined ? null : (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {campaigns === undefined && error === undefined ? <p>Loading offers…</p> : null}
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
      {campaigns !== undefined && campaigns.length === 0 ? <p>No offers are running right now.</p> : null}
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
                    {status === 'paused' ? 'Paused' : status}
                  </span>
                )}
              </div>
              <p className="offer__reward">{describeReward(campaign.reward)}</p>
              {campaign.description ? <p className="small muted">{campaign.description}</p> : null}
              {campaign.code ? (
                <p>
                  Public code <code>{campaign.code}</code>: apply it in your cart.
                </p>
              ) : (
                <>
                  <p className="small" data-testid="offer-remaining">
                    {campaign.remaining === undefined
                      ? ''
                      : campaign.remaining === 0
                        ? 'All coupons are claimed.'
                        : `${campaign.remaining.toLocaleString()}${campaign.budget?.claims === undefined ? '' : ` of ${campaign.budget.claims.toLocaleString()}`} left`}
                  </p>
                  {campaign.remaining !== undefined && campaign.budget?.claims ? (
                    <meter
                      min={0}
                      max={campaign.budget.claims}
                      value={campaign.remaining}
                      aria-label={`${campaign.name}: coupons left`}
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
                    {claimed ? 'Claimed' : status === 'paused' ? 'Paused' : 'Claim coupon'}
                  </button>
                </>
              )}
              <div aria-live="polite">
                {waiting[campaign.id] === undefined ? null : <p className="small">{waiting[campaign.id]}</p>}
                {result === undefined ? null : <ClaimMessage result={result} others={others(campaign.id)} />}
              </div>
            </li>
          );
        })}
      </ul>
      <section aria-labelledby="wallet-heading" className="card">
        <h2 id="wallet-heading">Your wallet</h2>
        {walletError === undefined ? null : <p className="notice notice--error">{walletError}</p>}
        {wallet !== undefined && wallet.length === 0 ? <p>No coupons yet. Claim one above.</p> : null}
        <ul className="plain-list stack" data-testid="wallet">
          {(wallet ?? []).map((coupon) => (
            <li key={coupon.code}>
              <CouponCode coupon={coupon} />
              {coupon.status !== undefined && coupon.status !== 'active' && coupon.status !== 'available' ? (
                <span className="badge badge--muted">{coupon.status}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

function isClaimable(campaign: ShopperCampaign): boolean {
  return (
    (campaign.status ?? 'live') === 'live' && campaign.remaining !== 0 && !campaign.claimed && !campaign.code
  );
}

function ClaimMessage({ result, others }: { result: ClaimResult; others: ShopperCampaign[] }) {
  switch (result.kind) {
    case 'claimed':
      return (
        <div className="notice notice--success" data-testid="claim-success">
          <p>You got it!</p>
          <CouponCode coupon={result.coupon} />
        </div>
      );
    case 'already':
      return (
        <div className="notice notice--info">
          <p>You already hold this offer's coupon.</p>
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
  return (
    <div className="notice notice--warning" data-testid="sold-out">
      <p>Sorry, this offer is sold out: every coupon has been claimed. No more will be issued.</p>
      {others.length === 0 ? (
        <p>No other offers are open right now.</p>
      ) : (
        <>
          <p>Still on offer:</p>
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

/** The waiting room: joins the queue, shows position and ETA as they change, then lets the shopper claim with the ticket. */
export function QueuePage({ campaignId }: { campaignId: string }) {
  const [ticket, setTicket] = useState<QueueTicket>();
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<ClaimResult>();
  const [waitMessage, setWaitMessage] = useState<string>();
  const [claiming, setClaiming] = useState(false);
  const [campaign, setCampaign] = useState<ShopperCampaign>();
  const [others, setOthers] = useState<ShopperCampaign[]>([]);
  const claimButton = useRef<HTMLButtonElement>(null);
  const base = `/api/v1/campaigns/${encodeURIComponent(campaignId)}/queue`;

  const join = useCallback(async () => {
    setError(undefined);
    setResult(undefined);
    try {
      const { data } = await shopperRequest<QueueTicket>(base, { method: 'POST', body: {}, retries: 6 });
      setTicket(data);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'CAMPAIGN_EXHAUSTED') setResult({ kind: 'sold-out' });
      else if (caught instanceof ApiError && caught.code === 'CAMPAIGN_NOT_LIVE')
        setResult({ kind: 'error', message: NOT_LIVE_MESSAGE });
      else setError(describeError(caught));
    }
  }, [base]);

  useEffect(() => {
    void join();
    shopperRequest<ShopperCampaign[] | { items: ShopperCampaign[] }>('/api/v1/campaigns').then(
      ({ data }) => {
        const list = listOf(data);
        setCampaign(list.find((entry) => entry.id === campaignId));
        setOthers(list.filter((entry) => entry.id !== campaignId && isClaimable(entry)));
      },
      () => undefined,
    );
  }, [join, campaignId]);

  // Poll the ticket until admitted; the interval follows the ETA so a long queue is not hammered.
  useEffect(() => {
    if (ticket === undefined || ticket.admitted || result !== undefined) return;
    // The server's pollAfterMs is already jittered; without it, follow the ETA so a long queue is not hammered.
    const delay =
      ticket.pollAfterMs !== undefined && ticket.pollAfterMs > 0
        ? ticket.pollAfterMs
        : Math.min(5000, Math.max(1000, (ticket.etaSeconds * 1000) / 4)) * (0.8 + 0.4 * Math.random());
    const timer = window.setTimeout(async () => {
      try {
        const { data } = await shopperRequest<QueueTicket>(`${base}/${encodeURIComponent(ticket.ticket)}`, {
          retries: 6,
        });
        setTicket({ ...data, ticket: data.ticket ?? ticket.ticket });
      } catch (caught) {
        if (caught instanceof ApiError && caught.code === 'QUEUE_TICKET_INVALID') void join();
        else if (caught instanceof ApiError && caught.code === 'CAMPAIGN_EXHAUSTED')
          setResult({ kind: 'sold-out' });
        else if (caught instanceof ApiError && caught.code === 'CAMPAIGN_NOT_LIVE')
          setResult({ kind: 'error', message: NOT_LIVE_MESSAGE });
        else setError(describeError(caught));
      }
    }, delay);
    return () => window.clearTimeout(timer);
  }, [ticket, base, join, result]);

  useEffect(() => {
    if (ticket?.admitted) claimButton.current?.focus();
  }, [ticket?.admitted]);

  const claim = async () => {
    if (ticket === undefined) return;
    setClaiming(true);
    const outcome = await claimOnce(campaignId, ticket.ticket, setWaitMessage);
    setWaitMessage(undefined);
    setClaiming(false);
    if (outcome.kind === 'queue') {
      // The ticket expired or was used: queue again rather than fail.
      await join();
      return;
    }
    setResult(outcome);
  };

  return (
    <section aria-labelledby="queue-heading" className="stack queue" data-testid="queue-page">
      <p>
        <a {...linkProps('/offers')}>← All offers</a>
      </p>
      <h1 id="queue-heading">Waiting room{campaign === undefined ? '' : `: ${campaign.name}`}</h1>
      <p>
        Lots of people want this offer right now. You have a place in line, first come first served. Keep this
        page open; it updates by itself.
      </p>
      {error === undefined ? null : (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
          <button type="button" onClick={() => void join()}>
            Try again
          </button>
        </div>
      )}
      {ticket === undefined || result !== undefined ? null : ticket.admitted ? (
        <div className="card queue__admitted" role="status">
          <h2>It is your turn</h2>
          <p>Claim your coupon now.</p>
          <button
            ref={claimButton}
            type="button"
            className="primary"
            onClick={() => void claim()}
            disabled={claiming}
          >
            {claiming ? <span className="spinner" aria-hidden="true" /> : null}
            Claim coupon
          </button>
          {waitMessage === undefined ? null : <p className="small">{waitMessage}</p>}
        </div>
      ) : (
        <div className="card queue__position" role="status" aria-live="polite">
          <p className="queue__big" data-testid="queue-position">
            Position {ticket.position.toLocaleString()}
          </p>
          <p>
            About {formatEta(ticket.etaSeconds)} to go. <span className="spinner" aria-hidden="true" />
          </p>
        </div>
      )}
      {result === undefined ? null : <ClaimMessage result={result} others={others} />}
      {result?.kind === 'claimed' || result?.kind === 'already' ? (
        <p>
          <a {...linkProps('/offers')}>See your wallet</a>
        </p>
      ) : null}
    </section>
  );
}

/** An ETA in words: "less than a minute", "3 minutes". */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60)
    return seconds <= 5 ? 'a few seconds' : `${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
