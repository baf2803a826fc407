import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest, describeError } from '../shared/api.js';
import { LanguageSwitch } from '../shared/language-switch.js';
import { signIn } from './admin-session.js';

/** Sign-in with the admin key the server printed on first start. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation('console');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (key.trim() === '') {
      setError(t('signIn.enterKey'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await apiRequest('/api/v1/admin/campaigns', { token: key.trim(), retries: 1 });
      signIn(key.trim());
      onSignedIn();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'ROUTE_NOT_FOUND') {
        // The campaigns API is not there to check the key against; accept it and let each screen say what is missing.
        signIn(key.trim());
        onSignedIn();
      } else if (caught instanceof ApiError && caught.code === 'ADMIN_KEY_REQUIRED') {
        setError(t('signIn.wrongKey'));
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="card" onSubmit={submit}>
        <div className="spread">
          <h1>{t('signIn.heading')}</h1>
          <LanguageSwitch />
        </div>
        <div className="field">
          <label htmlFor={`${id}-key`}>{t('signIn.key')}</label>
          <input
            id={`${id}-key`}
            type="password"
            autoComplete="current-password"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-invalid={error !== undefined}
            aria-describedby={`${id}-hint ${id}-error`}
          />
          <p id={`${id}-hint`} className="hint">
            {t('signIn.hint')}
          </p>
          <p id={`${id}-error`} className="field-error" role={error === undefined ? undefined : 'alert'}>
            {error ?? ''}
          </p>
        </div>
        <button type="submit" className="primary wide" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
