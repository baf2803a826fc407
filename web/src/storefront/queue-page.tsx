import i18next from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../shared/api.js';
import { linkProps } from '../shared/router.js';
import type { QueueTicket, ShopperCampaign } from '../shared/types.js';
import {
  ClaimMessage,
  type ClaimResult,
  claimOnce,
  isClaimable,
  listOf,
  notLiveMessage,
} from './claim-flow.js';
import { shopperRequest } from './session.js';

/** The waiting room: joins the queue, shows position and ETA as they change, then claims with the ticket when admitted. */
export function QueuePage({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation('storefront');
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
        setResult({ kind: 'error', message: notLiveMessage() });
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
          setResult({ kind: 'error', message: notLiveMessage() });
        else setError(describeError(caught));
      }
    }, delay);
    return () => window.clearTimeout(timer);
  }, [ticket, base, join, result]);

  const claim = useCallback(
    async (admitted: QueueTicket) => {
      setClaiming(true);
      const outcome = await claimOnce(campaignId, admitted.ticket, setWaitMessage);
      setWaitMessage(undefined);
      setClaiming(false);
      if (outcome.kind === 'queue') {
        // The ticket expired or was used: queue again rather than fail.
        await join();
        return;
      }
      setResult(outcome);
    },
    [campaignId, join],
  );

  // The shopper asked for the coupon when they joined: claim it as soon as their turn comes,
  // once per ticket. The button stays for a claim that could not be sent (it then has focus).
  const claimedWith = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (ticket === undefined || !ticket.admitted || result !== undefined) return;
    if (claimedWith.current === ticket.ticket) {
      claimButton.current?.focus();
      return;
    }
    claimedWith.current = ticket.ticket;
    void claim(ticket);
  }, [ticket, result, claim]);

  return (
    <section aria-labelledby="queue-heading" className="stack queue" data-testid="queue-page">
      <p>
        <a {...linkProps('/offers')}>{t('queue.allOffers')}</a>
      </p>
      <h1 id="queue-heading">
        {campaign === undefined ? t('queue.heading') : t('queue.headingFor', { name: campaign.name })}
      </h1>
      <p>{t('queue.intro')}</p>
      {error === undefined ? null : (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
          <button type="button" onClick={() => void join()}>
            {t('queue.tryAgain')}
          </button>
        </div>
      )}
      {ticket === undefined || result !== undefined ? null : ticket.admitted ? (
        <div className="card queue__admitted" role="status">
          <h2>{t('queue.yourTurn')}</h2>
          <p>{claiming ? t('queue.claiming') : t('queue.claimNow')}</p>
          <button
            ref={claimButton}
            type="button"
            className="primary"
            onClick={() => void claim(ticket)}
            disabled={claiming}
          >
            {claiming ? <span className="spinner" aria-hidden="true" /> : null}
            {t('offers.claim')}
          </button>
          {waitMessage === undefined ? null : <p className="small">{waitMessage}</p>}
        </div>
      ) : (
        <div className="card queue__position" role="status" aria-live="polite">
          <p className="queue__big" data-testid="queue-position">
            {t('queue.position', { position: ticket.position.toLocaleString(i18next.language) })}
          </p>
          <p>
            {t('queue.eta', { eta: formatEta(ticket.etaSeconds) })}{' '}
            <span className="spinner" aria-hidden="true" />
          </p>
        </div>
      )}
      {result === undefined ? null : (
        <ClaimMessage
          result={result}
          others={others}
          onRetry={() => {
            // Verified now: a fresh place in the queue for the verified shopper, then the claim.
            setResult(undefined);
            void join();
          }}
        />
      )}
      {result?.kind === 'claimed' || result?.kind === 'already' ? (
        <p>
          <a {...linkProps('/offers')}>{t('queue.wallet')}</a>
        </p>
      ) : null}
    </section>
  );
}

/** An ETA in words: "less than a minute", "3 minutes". */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60)
    return seconds <= 5
      ? i18next.t('storefront:queue.fewSeconds')
      : i18next.t('storefront:queue.seconds', { count: Math.ceil(seconds) });
  return i18next.t('storefront:queue.minutes', { count: Math.ceil(seconds / 60) });
}
