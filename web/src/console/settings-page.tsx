import { useEffect, useState } from 'react';
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
      <h1 id="settings-heading">Settings</h1>
      {route === null ? <NotAvailable what="Model and policy settings" route={SETTINGS_ROUTES[0]} /> : null}
      {error === undefined ? null : <p className="notice notice--error">{error}</p>}
      {settings === undefined ? null : (
        <div className="card" data-testid="settings">
          <Value value={settings} />
        </div>
      )}
      <div className="card small">
        <h2>Configuration</h2>
        <p>
          The model and its policy are set by environment when the server starts:{' '}
          <code>RUSHCART_LLM_BASE_URL</code>, <code>RUSHCART_LLM_MODEL</code>,{' '}
          <code>RUSHCART_LLM_API_KEY</code>, <code>RUSHCART_MODEL_POLICY</code>. Without them the
          deterministic <code>local</code> model answers, with no network.
        </p>
      </div>
    </section>
  );
}
