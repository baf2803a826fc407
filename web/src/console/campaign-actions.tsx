import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../shared/api.js';
import type { AdminCampaign } from '../shared/types.js';
import { adminRequest, useFirstAvailableRoute } from './admin-session.js';

/** Where a backend may expose forcing the waiting room; the console uses whichever the server documents. */
const WAITING_ROOM_ROUTES = [
  'PUT /api/v1/admin/campaigns/{id}/waiting-room',
  'POST /api/v1/admin/campaigns/{id}/waiting-room',
  'PATCH /api/v1/admin/campaigns/{id}/waiting-room',
] as const;

/** The kill switch (pause/resume) and the waiting-room override for one campaign. */
export function CampaignActions({
  campaign,
  onChanged,
}: {
  campaign: AdminCampaign;
  onChanged: (message: string) => void;
}) {
  const { t } = useTranslation('console');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const waitingRoute = useFirstAvailableRoute(WAITING_ROOM_ROUTES);
  const paused = campaign.status === 'paused';
  const path = `/api/v1/admin/campaigns/${encodeURIComponent(campaign.id)}`;

  const act = async (run: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      onChanged(message);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  const setWaitingRoom = (mode: 'on' | 'off' | 'auto') => {
    if (waitingRoute === undefined || waitingRoute === null) return;
    const [method] = waitingRoute.split(' ') as ['PUT' | 'POST' | 'PATCH'];
    void act(
      () => adminRequest(`${path}/waiting-room`, { method, body: { mode } }),
      t(mode === 'on' ? 'actions.forcedOn' : mode === 'off' ? 'actions.forcedOff' : 'actions.automatic', {
        name: campaign.name,
      }),
    );
  };

  const canToggle =
    campaign.status === 'live' ||
    campaign.status === 'paused' ||
    campaign.status === 'scheduled' ||
    campaign.status === 'exhausted';
  return (
    <div className="campaign-actions">
      <div className="row">
        {canToggle ? (
          paused ? (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() =>
                void act(
                  () => adminRequest(`${path}/resume`, { method: 'POST', body: {} }),
                  t('actions.resumed', { name: campaign.name }),
                )
              }
            >
              {t('actions.resume')}
              <span className="visually-hidden"> {campaign.name}</span>
            </button>
          ) : (
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() =>
                void act(
                  () => adminRequest(`${path}/pause`, { method: 'POST', body: {} }),
                  t('actions.paused', { name: campaign.name }),
                )
              }
            >
              {t('actions.pause')}
              <span className="visually-hidden"> {campaign.name}</span>
            </button>
          )
        ) : null}
        {waitingRoute === null ? (
          <span className="small muted">{t('actions.noWaitingRoom')}</span>
        ) : waitingRoute === undefined ? null : (
          <fieldset className="inline-group">
            <legend className="visually-hidden">
              {t('actions.waitingRoomFor', { name: campaign.name })}
            </legend>
            <button type="button" disabled={busy} onClick={() => setWaitingRoom('on')}>
              {t('actions.force')}
            </button>
            <button type="button" disabled={busy} onClick={() => setWaitingRoom('auto')}>
              {t('actions.auto')}
            </button>
            <button type="button" disabled={busy} onClick={() => setWaitingRoom('off')}>
              {t('actions.off')}
            </button>
          </fieldset>
        )}
      </div>
      {error === undefined ? null : (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
