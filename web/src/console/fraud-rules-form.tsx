import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../shared/api.js';
import { adminRequest } from './admin-session.js';

/** A rule's two thresholds (0 turns a step off). */
interface Thresholds {
  challenge: number;
  deny: number;
}

/** The merchant's fraud rules, as `GET /api/v1/admin/fraud/settings` answers them. */
export interface RiskSettings {
  enabled: boolean;
  windowSeconds: number;
  shopperClaims: Thresholds;
  deviceShoppers: Thresholds;
  ipShoppers: Thresholds;
  emailShoppers: Thresholds;
  domainShoppers: Thresholds;
  cardShoppers: Thresholds;
  minAccountAgeSeconds: number;
  disposableEmail: 'allow' | 'challenge' | 'deny';
  challengeWhenCrowded: boolean;
  difficulty: { base: number; max: number };
}

const RULES = [
  'shopperClaims',
  'deviceShoppers',
  'ipShoppers',
  'emailShoppers',
  'domainShoppers',
  'cardShoppers',
] as const;

/** The rules' thresholds, edited in place and saved whole. */
export function FraudRulesForm({
  initial,
  onSaved,
}: {
  initial: RiskSettings;
  onSaved: (settings: RiskSettings) => void;
}) {
  const { t } = useTranslation('console');
  const id = useId();
  const [settings, setSettings] = useState(initial);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const number = (value: string) => Math.max(0, Math.floor(Number(value) || 0));
  const setRule = (rule: (typeof RULES)[number], step: keyof Thresholds, value: string) =>
    setSettings({ ...settings, [rule]: { ...settings[rule], [step]: number(value) } });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { data } = await adminRequest<{ settings: RiskSettings }>('/api/v1/admin/fraud/settings', {
        method: 'PUT',
        body: settings,
      });
      setSettings(data.settings);
      onSaved(data.settings);
      setMessage(t('fraud.saved'));
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={(event) => void save(event)} data-testid="fraud-rules">
      <h2>{t('fraud.rules')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.enabled}
          onChange={(event) => setSettings({ ...settings, enabled: event.target.checked })}
        />{' '}
        {t('fraud.enabled')}
      </label>
      <div className="field narrow">
        <label htmlFor={`${id}-window`}>{t('fraud.window')}</label>
        <input
          id={`${id}-window`}
          type="number"
          min={10}
          value={settings.windowSeconds}
          onChange={(event) => setSettings({ ...settings, windowSeconds: number(event.target.value) })}
        />
      </div>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('fraud.rules')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fraud.rule')}</th>
              <th scope="col">{t('fraud.challengeAt')}</th>
              <th scope="col">{t('fraud.denyAt')}</th>
            </tr>
          </thead>
          <tbody>
            {RULES.map((rule) => (
              <tr key={rule}>
                <th scope="row">{t(`fraud.rule_${rule}`)}</th>
                {(['challenge', 'deny'] as const).map((step) => (
                  <td key={step}>
                    <input
                      aria-label={`${t(`fraud.rule_${rule}`)}: ${t(step === 'challenge' ? 'fraud.challengeAt' : 'fraud.denyAt')}`}
                      type="number"
                      min={0}
                      value={settings[rule][step]}
                      onChange={(event) => setRule(rule, step, event.target.value)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">{t('fraud.zeroOff')}</p>
      <div className="row">
        <div className="field narrow">
          <label htmlFor={`${id}-age`}>{t('fraud.minAge')}</label>
          <input
            id={`${id}-age`}
            type="number"
            min={0}
            value={settings.minAccountAgeSeconds}
            onChange={(event) =>
              setSettings({ ...settings, minAccountAgeSeconds: number(event.target.value) })
            }
          />
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-disposable`}>{t('fraud.disposable')}</label>
          <select
            id={`${id}-disposable`}
            value={settings.disposableEmail}
            onChange={(event) =>
              setSettings({
                ...settings,
                disposableEmail: event.target.value as RiskSettings['disposableEmail'],
              })
            }
          >
            {(['allow', 'challenge', 'deny'] as const).map((choice) => (
              <option key={choice} value={choice}>
                {t(`fraud.outcome_${choice}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.challengeWhenCrowded}
          onChange={(event) => setSettings({ ...settings, challengeWhenCrowded: event.target.checked })}
        />{' '}
        {t('fraud.crowded')}
      </label>
      <div className="row">
        {(['base', 'max'] as const).map((bound) => (
          <div className="field narrow" key={bound}>
            <label htmlFor={`${id}-${bound}`}>{t(`fraud.difficulty_${bound}`)}</label>
            <input
              id={`${id}-${bound}`}
              type="number"
              min={1000}
              value={settings.difficulty[bound]}
              onChange={(event) =>
                setSettings({
                  ...settings,
                  difficulty: { ...settings.difficulty, [bound]: number(event.target.value) },
                })
              }
            />
          </div>
        ))}
      </div>
      <div>
        <button type="submit" disabled={busy}>
          {t('fraud.save')}
        </button>
      </div>
      {message === undefined ? null : (
        <p className="small" role="status">
          {message}
        </p>
      )}
    </form>
  );
}
