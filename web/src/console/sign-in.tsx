import { useId, useState } from 'react';
import { ApiError, apiRequest, describeError } from '../shared/api.js';
import { signIn } from './admin-session.js';

/** Sign-in with the admin key the server printed on first start. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (key.trim() === '') {
      setError('Enter the admin key.');
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
        setError(
          'That admin key is not right. It was printed when the server first started, and is stored in the data directory as admin-key.',
        );
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="card" onSubmit={submit}>
        <h1>Rushcart console</h1>
        <div className="field">
          <label htmlFor={`${id}-key`}>Admin key</label>
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
            Printed once when the server first started (or set with RUSHCART_ADMIN_KEY). Kept only for this
            browser tab.
          </p>
          <p id={`${id}-error`} className="field-error" role={error === undefined ? undefined : 'alert'}>
            {error ?? ''}
          </p>
        </div>
        <button type="submit" className="primary wide" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
