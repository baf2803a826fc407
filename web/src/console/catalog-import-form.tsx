import i18next from 'i18next';
import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, describeError, toApiError, validationIssues } from '../shared/api.js';
import { adminKey, NotAvailable, useRouteAvailable } from './admin-session.js';

interface ImportProblem {
  row: number;
  path?: string;
  message: string;
}

/** Uploads a file with XMLHttpRequest, which (unlike fetch) reports upload progress. */
function uploadWithProgress(
  url: string,
  file: File,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('authorization', `Bearer ${adminKey() ?? ''}`);
    request.setRequestHeader('content-type', contentType);
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const response = new Response(request.responseText, {
        status: request.status,
        headers: {
          'content-type': 'application/json',
          'retry-after': request.getResponseHeader('retry-after') ?? '',
        },
      });
      if (request.status >= 200 && request.status < 300) {
        resolve(request.responseText === '' ? {} : JSON.parse(request.responseText));
      } else {
        void toApiError(response).then(reject);
      }
    };
    request.onerror = () => reject(new Error(i18next.t('console:import.unreachable')));
    request.send(file);
  });
}

/** Uploads a catalog file (our JSON or a Shopify CSV) with progress, and lists the rows it refused. */
export function ImportForm() {
  const { t } = useTranslation('console');
  const [file, setFile] = useState<File>();
  const [currency, setCurrency] = useState('USD');
  const [progress, setProgress] = useState<number>();
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'importing' | 'done' | 'failed'>('idle');
  const [result, setResult] = useState<Record<string, unknown>>();
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const available = useRouteAvailable('POST /api/v1/admin/catalog/import');
  const id = useId();

  if (available === false)
    return <NotAvailable what={t('import.what')} route="POST /api/v1/admin/catalog/import" />;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (file === undefined) {
      setError(t('import.chooseFile'));
      return;
    }
    const isCsv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    setPhase('uploading');
    setProgress(0);
    setError(undefined);
    setProblems([]);
    setResult(undefined);
    try {
      const answer = await uploadWithProgress(
        isCsv
          ? `/api/v1/admin/catalog/import?currency=${encodeURIComponent(currency)}`
          : '/api/v1/admin/catalog/import',
        file,
        isCsv ? 'text/csv' : 'application/json',
        (fraction) => {
          setProgress(fraction);
          if (fraction >= 1) setPhase('importing');
        },
      );
      setResult(typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {});
      setPhase('done');
    } catch (caught) {
      setPhase('failed');
      setError(
        caught instanceof ApiError ? `${describeError(caught)} (${caught.code})` : describeError(caught),
      );
      if (caught instanceof ApiError && Array.isArray(caught.details.problems))
        setProblems(caught.details.problems as ImportProblem[]);
      else
        setProblems(
          validationIssues(caught).map((issue) => ({ row: 0, path: issue.path, message: issue.message })),
        );
    }
  };

  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('import.heading')}</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('import.file')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          onChange={(event) => setFile(event.target.files?.[0])}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="hint">
          <Trans t={t} i18nKey="import.fileHint" components={{ code: <code /> }} />
        </p>
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-currency`}>{t('import.currency')}</label>
        <input
          id={`${id}-currency`}
          value={currency}
          maxLength={3}
          onChange={(event) => setCurrency(event.target.value.toUpperCase())}
          aria-describedby={`${id}-currency-hint`}
        />
        <p id={`${id}-currency-hint`} className="hint">
          {t('import.currencyHint')}
        </p>
      </div>
      <button type="submit" className="primary" disabled={phase === 'uploading' || phase === 'importing'}>
        {t('import.submit')}
      </button>
      <div aria-live="polite" className="import-status">
        {phase === 'uploading' || phase === 'importing' ? (
          <>
            <label htmlFor={`${id}-progress`}>
              {phase === 'uploading' ? t('import.uploading') : t('import.importing')}
            </label>
            <progress
              id={`${id}-progress`}
              max={1}
              value={phase === 'uploading' ? (progress ?? 0) : undefined}
            />
          </>
        ) : null}
        {phase === 'done' && result !== undefined ? (
          <div className="notice notice--success" data-testid="import-result">
            <p>{t('import.done')}</p>
            <dl className="facts">
              {Object.entries(result)
                .filter(([, value]) => typeof value !== 'object')
                .map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{String(value)}</dd>
                  </div>
                ))}
            </dl>
          </div>
        ) : null}
        {error === undefined ? null : (
          <div className="notice notice--error" role="alert">
            <p>{error}</p>
            {problems.length > 0 ? (
              <ul>
                {problems.map((problem) => (
                  <li key={`${problem.row}:${problem.path ?? ''}:${problem.message}`}>
                    {problem.row > 0 ? t('import.row', { row: problem.row }) : t('import.fileWide')}
                    {problem.path ? ` (${problem.path})` : ''}: {problem.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
      </div>
    </form>
  );
}
