import { useCallback, useEffect, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { describeError } from '../shared/api.js';
import { withEmphasis } from '../shared/emphasis.js';
import { formatWhen } from '../shared/reward.js';
import { adminRequest, NotAvailable, useRouteAvailable } from './admin-session.js';

interface ConversationSummary {
  id: string;
  shopperId?: string;
  status?: string;
  takenOver?: boolean;
  mode?: string;
  updatedAt?: string | number;
  lastMessage?: string;
  handoffRequested?: boolean;
  messageCount?: number;
}

interface ConversationMessage {
  role: string;
  text?: string;
  content?: string;
  at?: string | number;
  createdAt?: string | number;
}

interface Conversation extends ConversationSummary {
  messages?: ConversationMessage[];
}

function isTakenOver(conversation: ConversationSummary): boolean {
  return (
    conversation.takenOver === true ||
    conversation.status === 'human' ||
    conversation.mode === 'human' ||
    conversation.status === 'taken_over'
  );
}

/** Conversations with shoppers: read them, take one over from the assistant, and reply as a person. */
export function ConversationsPage() {
  const { t, i18n } = useTranslation('console');
  const listAvailable = useRouteAvailable('GET /api/v1/admin/conversations');
  const takeoverAvailable = useRouteAvailable('POST /api/v1/admin/conversations/{id}/takeover');
  const replyAvailable = useRouteAvailable('POST /api/v1/admin/conversations/{id}/reply');
  const releaseAvailable = useRouteAvailable('POST /api/v1/admin/conversations/{id}/release');
  const [conversations, setConversations] = useState<ConversationSummary[]>();
  const [selected, setSelected] = useState<Conversation>();
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  const load = useCallback(async () => {
    try {
      const { data } = await adminRequest<ConversationSummary[] | { items: ConversationSummary[] }>(
        '/api/v1/admin/conversations',
      );
      setConversations(Array.isArray(data) ? data : data.items);
    } catch (caught) {
      setError(describeError(caught));
    }
  }, []);

  const open = useCallback(async (conversationId: string) => {
    try {
      const { data } = await adminRequest<Conversation>(
        `/api/v1/admin/conversations/${encodeURIComponent(conversationId)}`,
      );
      setSelected(data);
    } catch (caught) {
      setError(describeError(caught));
    }
  }, []);

  useEffect(() => {
    if (listAvailable !== true) return;
    void load();
    const timer = window.setInterval(() => void load(), 5000);
    return () => window.clearInterval(timer);
  }, [listAvailable, load]);

  useEffect(() => {
    if (selected === undefined) return;
    const timer = window.setInterval(() => void open(selected.id), 3000);
    return () => window.clearInterval(timer);
  }, [selected, open]);

  if (listAvailable === false)
    return <NotAvailable what={t('conversations.what')} route="GET /api/v1/admin/conversations" />;

  const post = async (path: string, body: unknown) => {
    if (selected === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await adminRequest(`/api/v1/admin/conversations/${encodeURIComponent(selected.id)}${path}`, {
        method: 'POST',
        body,
      });
      await open(selected.id);
      void load();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="conversations-heading" className="stack">
      <h1 id="conversations-heading">{t('conversations.heading')}</h1>
      {error === undefined ? null : <p className="notice notice--error">{error}</p>}
      <div className="split">
        <ul className="plain-list conversation-list" aria-label={t('conversations.heading')}>
          {conversations === undefined ? <li>{t('conversations.loading')}</li> : null}
          {conversations?.length === 0 ? <li>{t('conversations.none')}</li> : null}
          {(conversations ?? []).map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                className={`conversation-item${selected?.id === conversation.id ? ' is-selected' : ''}`}
                onClick={() => void open(conversation.id)}
                aria-current={selected?.id === conversation.id}
              >
                <span>
                  <code>{conversation.id}</code>{' '}
                  {isTakenOver(conversation) ? (
                    <span className="badge badge--warning">{t('conversations.staff')}</span>
                  ) : null}
                  {conversation.handoffRequested && !isTakenOver(conversation) ? (
                    <span className="badge badge--danger">{t('conversations.asksPerson')}</span>
                  ) : null}
                </span>
                <span className="small muted">
                  {conversation.lastMessage ?? formatWhen(conversation.updatedAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <div>
          {selected === undefined ? (
            <p className="muted">{t('conversations.pick')}</p>
          ) : (
            <div className="card stack">
              <div className="spread">
                <h2>
                  <Trans
                    t={t}
                    i18nKey="conversations.title"
                    values={{ id: selected.id }}
                    components={{ code: <code /> }}
                  />
                </h2>
                {isTakenOver(selected) ? (
                  releaseAvailable ? (
                    <button type="button" disabled={busy} onClick={() => void post('/release', {})}>
                      {t('conversations.handBack')}
                    </button>
                  ) : null
                ) : takeoverAvailable ? (
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() => void post('/takeover', {})}
                  >
                    {t('conversations.takeOver')}
                  </button>
                ) : (
                  <span className="small muted">{t('conversations.noTakeover')}</span>
                )}
              </div>
              <ol className="plain-list stack transcript">
                {(selected.messages ?? [])
                  .map((message, position) => ({ ...message, position }))
                  .map((message) => (
                    <li
                      key={message.position}
                      className={`bubble bubble--${message.role === 'user' || message.role === 'shopper' ? 'shopper' : message.role === 'agent' || message.role === 'human' ? 'agent' : 'assistant'}`}
                    >
                      <span className="small">
                        {i18n.exists(`console:conversations.role.${message.role}`)
                          ? t(`conversations.role.${message.role}` as 'conversations.role.shopper')
                          : message.role}
                      </span>
                      <p className="bubble__text">{withEmphasis(message.text ?? message.content ?? '')}</p>
                    </li>
                  ))}
              </ol>
              {isTakenOver(selected) && replyAvailable ? (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (reply.trim() === '') return;
                    void post('/reply', { text: reply.trim() }).then(() => setReply(''));
                  }}
                >
                  <label htmlFor={`${id}-reply`}>{t('conversations.reply')}</label>
                  <div className="row nowrap">
                    <textarea
                      id={`${id}-reply`}
                      value={reply}
                      onChange={(event) => setReply(event.target.value)}
                      maxLength={2000}
                    />
                    <button type="submit" className="primary" disabled={busy}>
                      {t('conversations.send')}
                    </button>
                  </div>
                </form>
              ) : null}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
