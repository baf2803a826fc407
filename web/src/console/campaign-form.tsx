import { cloneElement, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError, type ValidationIssue, validationIssues } from '../shared/api.js';
import { parseMajorUnits } from '../shared/money.js';
import { describeReward } from '../shared/reward.js';
import { linkProps, navigate } from '../shared/router.js';
import type { AdminCampaign, Reward } from '../shared/types.js';
import { adminRequest } from './admin-session.js';
import {
  buildCampaignBody,
  type CampaignDraft,
  draftFrom,
  emptyDraft,
  fieldOfIssue,
  type Problems,
} from './campaign-draft.js';

/** Create or edit a campaign; client checks first, then the API's own issues shown next to their fields. */
export function CampaignForm({ campaignId }: { campaignId?: string }) {
  const { t } = useTranslation('console');
  const [draft, setDraft] = useState<CampaignDraft>(emptyDraft);
  const [original, setOriginal] = useState<AdminCampaign>();
  const [problems, setProblems] = useState<Problems>({});
  const [serverIssues, setServerIssues] = useState<ValidationIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const id = useId();

  useEffect(() => {
    if (campaignId === undefined) return;
    adminRequest<AdminCampaign>(`/api/v1/admin/campaigns/${encodeURIComponent(campaignId)}`).then(
      ({ data }) => {
        setOriginal(data);
        setDraft(draftFrom(data));
      },
      (error: unknown) => setLoadError(describeError(error)),
    );
  }, [campaignId]);

  const set = <K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) =>
    setDraft((previous) => ({ ...previous, [key]: value }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const { body, problems: found } = buildCampaignBody(draft);
    setServerIssues([]);
    if (body === undefined) {
      setProblems({
        ...found,
        form: t('form.attention', { count: Object.keys(found).length }),
      });
      document.getElementById(`${id}-summary`)?.focus();
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      if (campaignId === undefined) {
        const { data } = await adminRequest<AdminCampaign | { campaign: AdminCampaign }>(
          '/api/v1/admin/campaigns',
          { method: 'POST', body },
        );
        const created = 'campaign' in data ? data.campaign : data;
        navigate(`/console/campaigns/${encodeURIComponent(created.id)}/dashboard`);
      } else {
        // A live campaign may only change some fields; send what changed, and let the API say what it refuses.
        const changed =
          original === undefined ? body : diffBody(buildCampaignBody(draftFrom(original)).body ?? {}, body);
        await adminRequest(`/api/v1/admin/campaigns/${encodeURIComponent(campaignId)}`, {
          method: 'PATCH',
          body: changed,
        });
        navigate('/console');
      }
    } catch (error) {
      const issues = validationIssues(error);
      const fieldProblems: Problems = {};
      for (const issue of issues) {
        const field = fieldOfIssue(issue);
        if (field !== undefined && fieldProblems[field] === undefined) fieldProblems[field] = issue.message;
      }
      setServerIssues(issues);
      setProblems({
        ...fieldProblems,
        form:
          error instanceof ApiError
            ? error.code === 'VALIDATION_FAILED'
              ? t('form.refused', { message: describeError(error) })
              : t('form.refusedCode', { message: describeError(error), code: error.code })
            : describeError(error),
      });
      document.getElementById(`${id}-summary`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (loadError !== undefined) return <p className="notice notice--error">{loadError}</p>;

  const field = (
    key: keyof CampaignDraft,
    label: string,
    input: React.ReactElement<Record<string, unknown>>,
    hint?: string,
  ) => {
    const problem = problems[key];
    const describedBy =
      [hint ? `${id}-${key}-hint` : '', problem ? `${id}-${key}-error` : ''].filter(Boolean).join(' ') ||
      undefined;
    return (
      <div className="field">
        <label htmlFor={`${id}-${key}`}>{label}</label>
        {cloneElement(input, {
          id: `${id}-${key}`,
          'aria-invalid': problem !== undefined,
          'aria-describedby': describedBy,
        })}
        {hint ? (
          <p id={`${id}-${key}-hint`} className="hint">
            {hint}
          </p>
        ) : null}
        {problem ? (
          <p id={`${id}-${key}-error`} className="field-error">
            {problem}
          </p>
        ) : null}
      </div>
    );
  };
  const text = (key: keyof CampaignDraft, extra: Record<string, unknown> = {}) => (
    <input
      value={String(draft[key])}
      onChange={(event) => set(key, event.target.value as never)}
      {...extra}
    />
  );

  return (
    <section aria-labelledby={`${id}-heading`}>
      <p>
        <a {...linkProps('/console')}>{t('form.back')}</a>
      </p>
      <h1 id={`${id}-heading`}>
        {campaignId === undefined
          ? t('form.newHeading')
          : t('form.editHeading', { name: original?.name ?? t('form.campaign') })}
      </h1>
      {original !== undefined && original.status !== 'draft' ? (
        <p className="notice notice--info">{t('form.liveNote')}</p>
      ) : null}
      <form onSubmit={submit} noValidate className="card campaign-form">
        <div id={`${id}-summary`} tabIndex={-1} aria-live="assertive">
          {problems.form === undefined ? null : (
            <div className="notice notice--error" data-testid="form-errors">
              <p>{problems.form}</p>
              {serverIssues.length > 0 ? (
                <ul>
                  {serverIssues.map((issue) => (
                    <li key={`${issue.path}:${issue.message}`}>
                      <code>{issue.path}</code>: {issue.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          )}
        </div>
        {field('name', t('form.name'), text('name', { maxLength: 200 }))}
        {field(
          'description',
          t('form.description'),
          <textarea
            value={draft.description}
            onChange={(event) => set('description', event.target.value)}
            maxLength={4000}
          />,
        )}
        <fieldset>
          <legend>{t('form.reward')}</legend>
          {field(
            'rewardType',
            t('form.type'),
            <select
              value={draft.rewardType}
              onChange={(event) => set('rewardType', event.target.value as Reward['type'])}
            >
              <option value="percent">{t('form.percentOff')}</option>
              <option value="amount">{t('form.amountOff')}</option>
              <option value="free_shipping">{t('form.freeShipping')}</option>
            </select>,
          )}
          {draft.rewardType === 'percent' ? (
            <div className="form-grid">
              {field('percent', t('form.percentOff'), text('percent', { inputMode: 'numeric' }))}
              {field('cap', t('form.cap'), text('cap', { inputMode: 'decimal' }), t('form.capHint'))}
            </div>
          ) : null}
          {draft.rewardType === 'amount'
            ? field('amount', t('form.amount'), text('amount', { inputMode: 'decimal' }))
            : null}
          {field(
            'currency',
            t('form.currency'),
            text('currency', { maxLength: 3, autoCapitalize: 'characters' }),
          )}
        </fieldset>
        <fieldset>
          <legend>{t('form.budget')}</legend>
          <div className="form-grid">
            {field(
              'claims',
              t('form.claims'),
              text('claims', { inputMode: 'numeric' }),
              t('form.claimsHint'),
            )}
            {field(
              'discountBudget',
              t('form.discountBudget'),
              text('discountBudget', { inputMode: 'decimal' }),
              t('form.discountBudgetHint'),
            )}
            {field(
              'perShopperLimit',
              t('form.perShopper'),
              text('perShopperLimit', { inputMode: 'numeric' }),
            )}
            {field('hoursValid', t('form.hoursValid'), text('hoursValid', { inputMode: 'numeric' }))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('form.schedule')}</legend>
          <div className="form-grid">
            {field(
              'startsAt',
              t('form.startsAt'),
              <input
                type="datetime-local"
                value={draft.startsAt}
                onChange={(event) => set('startsAt', event.target.value)}
              />,
            )}
            {field(
              'endsAt',
              t('form.endsAt'),
              <input
                type="datetime-local"
                value={draft.endsAt}
                onChange={(event) => set('endsAt', event.target.value)}
              />,
            )}
            {field(
              'status',
              t('form.status'),
              <select
                value={draft.status}
                onChange={(event) => set('status', event.target.value as 'draft' | 'live')}
              >
                <option value="live">{t('form.live')}</option>
                <option value="draft">{t('form.draft')}</option>
              </select>,
            )}
            {field(
              'code',
              t('form.code'),
              text('code', { autoCapitalize: 'characters' }),
              t('form.codeHint'),
            )}
          </div>
        </fieldset>
        <p className="small muted">
          {t('form.preview')} {describeReward(previewReward(draft))}
          {', '}
          {t('form.previewCounts', { claims: draft.claims, perShopper: draft.perShopperLimit })}
        </p>
        <button type="submit" className="primary" disabled={busy}>
          {campaignId === undefined ? t('form.create') : t('form.save')}
        </button>
      </form>
    </section>
  );
}

/** The reward the form describes so far, for the preview line. */
function previewReward(draft: CampaignDraft): Reward {
  const upper = draft.currency.toUpperCase();
  const currency = /^[A-Z]{3}$/.test(upper) ? upper : 'USD';
  if (draft.rewardType === 'percent') return { type: 'percent', percent: Number(draft.percent) || 0 };
  if (draft.rewardType === 'amount')
    return { type: 'amount', amount: { amount: parseMajorUnits(draft.amount, currency) ?? 0, currency } };
  return { type: 'free_shipping' };
}

function diffBody(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) changed[key] = value;
  }
  for (const key of ['startsAt', 'endsAt', 'code']) {
    if (key in before && !(key in after)) changed[key] = null;
  }
  return changed;
}
