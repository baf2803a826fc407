import { useState } from 'react';
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
      mode === 'on'
        ? `${campaign.name}: waiting room forced on.`
        : mode === 'off'
          ? `${campaign.name}: waiting room forced off.`
          : `${campaign.name}: waiting room automatic.`,
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
                  `${campaign.name} resumed.`,
                )
              }
            >
              Resume<span className="visually-hidden"> {campaign.name}</span>
            </button>
          ) : (
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() =>
                void act(
                  () => adminRequest(`${path}/pause`, { method: 'POST', body: {} }),
                  `${campaign.name} paused.`,
                )
              }
            >
              Pause<span className="visually-hidden"> {campaign.name}</span>
            </button>
          )
        ) : null}
        {waitingRoute === null ? (
          <span className="small muted">Waiting-room override: not available on this server yet.</span>
        ) : waitingRoute === undefined ? null : (
          <fieldset className="inline-group">
            <legend className="visually-hidden">Waiting room for {campaign.name}</legend>
            <button type="button" disabled={busy} onClick={() => setWaitingRoom('on')}>
              Force waiting room
            </button>
            <button type="button" disabled={busy} onClick={() => setWaitingRoom('auto')}>
              Automatic
            </button>
            <button type="button" disabled={busy} onClick={() => setWaitingRoom('off')}>
              Off
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
