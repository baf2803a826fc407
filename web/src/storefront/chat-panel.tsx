import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../shared/api.js';
import { withEmphasis } from '../shared/emphasis.js';
import { SendIcon } from '../shared/icons.js';
import type { AssistantCard, AssistantReply, PendingConfirmation } from '../shared/types.js';
import { AssistantCardView, ConfirmationCard } from './assistant-cards.js';
import { sendAssistantMessage } from './assistant-stream.js';
import { sessionToken, shopperRequest } from './session.js';
import { useShop } from './shop-state.js';

const CONVERSATION_KEY = 'rushcart.conversation';

/** One message in the chat. */
interface ChatMessage {
  readonly id: string;
  readonly role: 'shopper' | 'assistant' | 'agent';
  text: string;
  cards: AssistantCard[];
  error?: string;
  streaming?: boolean;
}

let nextId = 0;
function messageId(): string {
  nextId += 1;
  return `m${nextId}`;
}

const SUGGESTIONS = ['shoes', 'offers', 'order'] as const;

/** The assistant chat: streamed replies, product and comparison cards, confirmations, and a badge when the model is degraded. */
export function ChatPanel({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation('storefront');
  const { refreshCart } = useShop();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  const [model, setModel] = useState<AssistantReply['model']>();
  const [unavailable, setUnavailable] = useState<string>();
  const conversationId = useRef<string | undefined>(
    window.localStorage.getItem(CONVERSATION_KEY) ?? undefined,
  );
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  // Restore the previous conversation after a reload, when the server still has it.
  useEffect(() => {
    const existing = conversationId.current;
    if (existing === undefined) return;
    shopperRequest<{
      messages?: { role: string; text?: string; content?: string; cards?: AssistantCard[] }[];
    }>(`/api/v1/assistant/conversations/${encodeURIComponent(existing)}`).then(
      ({ data }) => {
        const restored = (data.messages ?? [])
          .filter((message) => message.role !== 'system' && message.role !== 'tool')
          .map<ChatMessage>((message) => ({
            id: messageId(),
            role:
              message.role === 'user' || message.role === 'shopper'
                ? 'shopper'
                : message.role === 'agent' || message.role === 'human'
                  ? 'agent'
                  : 'assistant',
            text: message.text ?? message.content ?? '',
            cards: message.cards ?? [],
          }));
        setMessages(restored);
      },
      () => {
        conversationId.current = undefined;
        window.localStorage.removeItem(CONVERSATION_KEY);
      },
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls to the end whenever the messages change
  useEffect(() => {
    const log = logRef.current;
    if (log !== null) log.scrollTop = log.scrollHeight;
  }, [messages]);

  const updateAssistant = useCallback(
    (assistantId: string, change: (message: ChatMessage) => ChatMessage) => {
      setMessages((previous) =>
        previous.map((message) => (message.id === assistantId ? change(message) : message)),
      );
    },
    [],
  );

  const send = useCallback(
    async (text: string) => {
      const trimmed = text.trim();
      if (trimmed === '' || busy) return;
      const assistantId = messageId();
      setMessages((previous) => [
        ...previous,
        { id: messageId(), role: 'shopper', text: trimmed, cards: [] },
        { id: assistantId, role: 'assistant', text: '', cards: [], streaming: true },
      ]);
      setDraft('');
      setBusy(true);
      setStatus(t('chat.typing'));
      setPending(null);
      try {
        const token = await sessionToken();
        const body =
          conversationId.current === undefined
            ? { text: trimmed }
            : { conversationId: conversationId.current, text: trimmed };
        await sendAssistantMessage(token, body, {
          onText: (value) => updateAssistant(assistantId, (message) => ({ ...message, text: value })),
          onCard: (card) =>
            updateAssistant(assistantId, (message) => ({ ...message, cards: [...message.cards, card] })),
          onConfirmation: setPending,
          onModel: setModel,
          onConversation: (value) => {
            conversationId.current = value;
            window.localStorage.setItem(CONVERSATION_KEY, value);
          },
          onStatus: setStatus,
        });
        // The assistant may have changed the cart (add, coupon, checkout).
        void refreshCart();
      } catch (error) {
        const message =
          error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND'
            ? t('chat.unavailable')
            : describeError(error);
        if (error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND') setUnavailable(message);
        updateAssistant(assistantId, (entry) => ({ ...entry, error: message }));
      } finally {
        updateAssistant(assistantId, (entry) => ({ ...entry, streaming: false }));
        setBusy(false);
        setStatus(undefined);
        inputRef.current?.focus();
      }
    },
    [busy, refreshCart, updateAssistant, t],
  );

  const startOver = () => {
    conversationId.current = undefined;
    window.localStorage.removeItem(CONVERSATION_KEY);
    setMessages([]);
    setPending(null);
  };

  return (
    <section
      className={`chat${compact ? ' chat--compact' : ''}`}
      aria-labelledby={`${id}-heading`}
      data-testid="chat"
    >
      <div className="chat__header spread">
        <h2 id={`${id}-heading`}>{t('chat.heading')}</h2>
        <div className="row">
          {model?.degraded ? (
            <span
              className="badge badge--warning"
              title={model.reason ?? t('chat.degradedWhy')}
              data-testid="degraded-badge"
            >
              {t('chat.degraded')}
            </span>
          ) : null}
          {messages.length > 0 ? (
            <button type="button" className="link" onClick={startOver}>
              {t('chat.newChat')}
            </button>
          ) : null}
        </div>
      </div>
      {model?.degraded ? <p className="visually-hidden">{t('chat.degradedNote')}</p> : null}
      <div
        className="chat__log"
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard to scroll it
        tabIndex={0}
        aria-label={t('chat.log')}
      >
        {messages.length === 0 ? (
          <div className="chat__empty">
            <p>{t('chat.intro')}</p>
            <ul className="plain-list row">
              {SUGGESTIONS.map((suggestion) => (
                <li key={suggestion}>
                  <button
                    type="button"
                    className="chip"
                    onClick={() => void send(t(`chat.suggestions.${suggestion}`))}
                    disabled={busy || unavailable !== undefined}
                  >
                    {t(`chat.suggestions.${suggestion}`)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {messages.map((message) => (
          <div
            key={message.id}
            className={`bubble bubble--${message.role}`}
            data-testid={`message-${message.role}`}
          >
            <span className="visually-hidden">
              {message.role === 'shopper'
                ? t('chat.youSaid')
                : message.role === 'agent'
                  ? t('chat.staffSaid')
                  : t('chat.assistantSaid')}
            </span>
            {message.role === 'agent' ? <span className="badge">{t('chat.staff')}</span> : null}
            {message.text === '' && message.streaming ? (
              <span className="typing">
                <span className="visually-hidden">{t('chat.typingShort')}</span>…
              </span>
            ) : (
              <p className="bubble__text">{withEmphasis(message.text)}</p>
            )}
            {message.cards.length > 0 ? (
              <div className="bubble__cards">
                {message.cards.map((card, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cards are append-only within a message
                  <AssistantCardView key={index} card={card} />
                ))}
              </div>
            ) : null}
            {message.error === undefined ? null : <p className="notice notice--error">{message.error}</p>}
          </div>
        ))}
        {pending === null ? null : (
          <ConfirmationCard
            confirmation={pending}
            busy={busy}
            // The answer goes in the shopper's language, so the reply comes back in it.
            onAnswer={(yes) => void send(yes ? t('chat.yes') : t('chat.no'))}
          />
        )}
      </div>
      <p className="chat__status small muted" aria-live="polite">
        {status ?? ''}
      </p>
      <form
        className="chat__form"
        onSubmit={(event) => {
          event.preventDefault();
          void send(draft);
        }}
      >
        <label htmlFor={`${id}-input`} className="visually-hidden">
          {t('chat.messageLabel')}
        </label>
        <textarea
          id={`${id}-input`}
          ref={inputRef}
          rows={1}
          value={draft}
          placeholder={unavailable ?? t('chat.placeholder')}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void send(draft);
            }
          }}
          maxLength={2000}
        />
        <button
          type="submit"
          className="primary icon-button"
          disabled={busy || draft.trim() === ''}
          aria-label={t('chat.send')}
        >
          <SendIcon />
        </button>
      </form>
    </section>
  );
}
