import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../shared/api.js';
import { adoptSession, shopperRequest } from './session.js';

/**
 * The e-mail check a verified-shoppers offer asks for: the address, then the six digits mailed to
 * it. On success the session becomes the mailbox's shopper and `onVerified` retries the claim.
 */
export function VerifyEmail({ onVerified }: { onVerified: () => void }) {
  const { t } = useTranslation('storefront');
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(undefined);
    try {
      await shopperRequest('/api/v1/sessions/email-codes', { method: 'POST', body: { email } });
      setSent(true);
      setMessage(t('verify.sent', { email }));
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const check = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(undefined);
    try {
      const { data } = await shopperRequest<{ token: string; shopper: { id: string } }>(
        '/api/v1/sessions/email-verification',
        { method: 'POST', body: { email, code } },
      );
      adoptSession({ token: data.token, shopperId: data.shopper.id });
      onVerified();
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="notice notice--info" data-testid="verify-email">
      <p>{t('verify.why')}</p>
      {sent ? (
        <form className="stack" onSubmit={(event) => void check(event)}>
          <label>
            {t('verify.code')}
            <input
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              required
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t('verify.confirm')}
          </button>
        </form>
      ) : (
        <form className="stack" onSubmit={(event) => void send(event)}>
          <label>
            {t('verify.email')}
            <input
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t('verify.send')}
          </button>
        </form>
      )}
      {message === undefined ? null : (
        <p className="small" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
