import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { describeError } from '../shared/api.js';
import { adminRequest, NotAvailable, useFirstAvailableRoute } from './admin-session.js';

const SETTINGS_ROUTES = [
  'GET /api/v1/admin/settings',
  'GET /api/v1/admin/assistant/model',
  'GET /api/v1/admin/model',
] as const;

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">none</span>;
  if (typeof value === 'boolean')
    return (
      <span className={`badge ${value ? 'badge--success' : 'badge--muted'}`}>{value ? 'yes' : 'no'}</span>
    );
  if (Array.isArray(value))
    return (
      <span>
        {value
          .map((entry) => (typeof entry === 'object' ? JSON.stringify(entry) : String(entry)))
          .join(', ') || '—'}
      </span>
    );
  if (typeof value === 'object') {
    return (
      <dl className="facts">
        {Object.entries(value as Record<string, unknown>).map(([key, inner]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>
              <Value value={inner} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span>{String(value)}</span>;
}

/** Settings: the active model, the model policy and its decision, as the server reports them. */
export function SettingsPage() {
  const { t } = useTranslation('console');
  const route = useFirstAvailableRoute(SETTINGS_ROUTES);
  const [settings, setSettings] = useState<Record<string, unknown>>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (route === undefined || route === null) return;
    adminRequest<Record<string, unknown>>(route.slice('GET '.length)).then(
      ({ data }) => setSettings(data),
      (caught: unknown) => setError(describeError(caught)),
    );
  }, [route]);

  return (
    <section aria-labelledby="settings-heading" className="stack">
      <h1 id="settings-heading">{t('settings.heading')}</h1>
      {route === null ? <NotAvailable what={t('settings.what')} route={SETTINGS_ROUTES[0]} /> : null}
      {error === undefined ? null : <p className="notice notice--error">{error}</p>}
      {settings === undefined ? null : (
        <div className="card" data-testid="settings">
          <Value value={settings} />
        </div>
      )}
      <div className="card small">
        <h2>{t('settings.configuration')}</h2>
        <p>
          <Trans
            t={t}
            i18nKey="settings.how"
            components={{ c1: <code />, c2: <code />, c3: <code />, c4: <code />, c5: <code /> }}
          />
        </p>
      </div>
    </section>
  );
}
