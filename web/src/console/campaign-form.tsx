import { cloneElement, useEffect, useId, useState } from 'react';
import { ApiError, describeError, type ValidationIssue, validationIssues } from '../shared/api.js';
import { formatMoney, parseMajorUnits } from '../shared/money.js';
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
        form: `${Object.keys(found).length} field${Object.keys(found).length === 1 ? ' needs' : 's need'} attention.`,
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
            ? `The server refused the campaign: ${error.message}${error.code === 'VALIDATION_FAILED' ? '' : ` (${error.code})`}`
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
        <a {...linkProps('/console')}>← Campaigns</a>
      </p>
      <h1 id={`${id}-heading`}>
        {campaignId === undefined ? 'New campaign' : `Edit ${original?.name ?? 'campaign'}`}
      </h1>
      {original !== undefined && original.status !== 'draft' ? (
        <p className="notice notice--info">
          This campaign has gone live: only its name, description, a later end and a larger budget can change.
          The server says which changes it refuses.
        </p>
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
        {field('name', 'Name', text('name', { maxLength: 200 }))}
        {field(
          'description',
          'Description (shown to shoppers)',
          <textarea
            value={draft.description}
            onChange={(event) => set('description', event.target.value)}
            maxLength={4000}
          />,
        )}
        <fieldset>
          <legend>Reward</legend>
          {field(
            'rewardType',
            'Type',
            <select
              value={draft.rewardType}
              onChange={(event) => set('rewardType', event.target.value as Reward['type'])}
            >
              <option value="percent">Percent off</option>
              <option value="amount">Fixed amount off</option>
              <option value="free_shipping">Free shipping</option>
            </select>,
          )}
          {draft.rewardType === 'percent' ? (
            <div className="form-grid">
              {field('percent', 'Percent off', text('percent', { inputMode: 'numeric' }))}
              {field(
                'cap',
                'Cap (optional)',
                text('cap', { inputMode: 'decimal' }),
                'Most a single coupon can take off.',
              )}
            </div>
          ) : null}
          {draft.rewardType === 'amount'
            ? field('amount', 'Amount off', text('amount', { inputMode: 'decimal' }))
            : null}
          {field('currency', 'Currency', text('currency', { maxLength: 3, autoCapitalize: 'characters' }))}
        </fieldset>
        <fieldset>
          <legend>Budget</legend>
          <div className="form-grid">
            {field(
              'claims',
              'Coupons (count budget)',
              text('claims', { inputMode: 'numeric' }),
              'Never more coupons than this are issued.',
            )}
            {field(
              'discountBudget',
              'Money budget (optional)',
              text('discountBudget', { inputMode: 'decimal' }),
              'Discounts redeemed never exceed this.',
            )}
            {field(
              'perShopperLimit',
              'Coupons per shopper',
              text('perShopperLimit', { inputMode: 'numeric' }),
            )}
            {field(
              'hoursValid',
              'Coupon valid for (hours, optional)',
              text('hoursValid', { inputMode: 'numeric' }),
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>Schedule and status</legend>
          <div className="form-grid">
            {field(
              'startsAt',
              'Starts (optional)',
              <input
                type="datetime-local"
                value={draft.startsAt}
                onChange={(event) => set('startsAt', event.target.value)}
              />,
            )}
            {field(
              'endsAt',
              'Ends (optional)',
              <input
                type="datetime-local"
                value={draft.endsAt}
                onChange={(event) => set('endsAt', event.target.value)}
              />,
            )}
            {field(
              'status',
              'Status',
              <select
                value={draft.status}
                onChange={(event) => set('status', event.target.value as 'draft' | 'live')}
              >
                <option value="live">Live</option>
                <option value="draft">Draft</option>
              </select>,
            )}
            {field(
              'code',
              'Public code (optional)',
              text('code', { autoCapitalize: 'characters' }),
              'With a code, shoppers apply it at the cart instead of claiming; the coupon budget caps redemptions.',
            )}
          </div>
        </fieldset>
        <p className="small muted">
          Preview:{' '}
          {draft.rewardType === 'percent'
            ? `${draft.percent}% off`
            : draft.rewardType === 'amount'
              ? `${formatMoney({ amount: parseMajorUnits(draft.amount, draft.currency.toUpperCase()) ?? 0, currency: /^[A-Z]{3}$/.test(draft.currency.toUpperCase()) ? draft.currency.toUpperCase() : 'USD' })} off`
              : 'Free shipping'}
          {', '}
          {draft.claims} coupons, {draft.perShopperLimit} per shopper.
        </p>
        <button type="submit" className="primary" disabled={busy}>
          {campaignId === undefined ? 'Create campaign' : 'Save changes'}
        </button>
      </form>
    </section>
  );
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
