import i18next from 'i18next';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AddressField, addressLayout, phoneFits, postalCodeFits } from '../shared/address.js';
import { ApiError, apiRequest, describeError, newIdempotencyKey } from '../shared/api.js';
import { currentLanguage } from '../shared/i18n.js';
import { linkProps, navigate } from '../shared/router.js';
import type { Order } from '../shared/types.js';
import { CartTotals, CouponBox, lineTitle } from './cart-drawer.js';
import { sessionToken } from './session.js';
import { useShop } from './shop-state.js';

/** The built-in test provider's documented cards. */
export const TEST_CARDS = [
  { number: '4242424242424242', outcome: 'succeeds' },
  { number: '4000000000000002', outcome: 'declined' },
  { number: '4000000000000259', outcome: 'fails' },
] as const;

type Address = Record<AddressField | 'country', string>;

function missingFields(address: Address, card: string): Record<string, string> {
  const t = i18next.getFixedT(null, 'storefront');
  const problems: Record<string, string> = {};
  const { regionRequired, phoneRequired } = addressLayout(address.country);
  if (address.name.trim() === '') problems.name = t('checkout.missing.name');
  if (address.phone.trim() === '') {
    if (phoneRequired) problems.phone = t('checkout.missing.phone');
  } else if (!phoneFits(address.country, address.phone)) problems.phone = t('checkout.missing.phoneShape');
  if (regionRequired && address.region.trim() === '') problems.region = t('checkout.missing.region');
  if (address.city.trim() === '') problems.city = t('checkout.missing.city');
  if (address.line1.trim() === '') problems.line1 = t('checkout.missing.line1');
  if (address.postalCode.trim() === '') problems.postalCode = t('checkout.missing.postalCode');
  else if (!postalCodeFits(address.country, address.postalCode))
    problems.postalCode = t('checkout.missing.postalCodeShape', {
      country: address.country.trim().toUpperCase(),
    });
  if (!/^[A-Za-z]{2}$/.test(address.country.trim())) problems.country = t('checkout.missing.country');
  if (!/^\d{12,19}$/.test(card.replace(/\s/g, ''))) problems.card = t('checkout.missing.card');
  return problems;
}

const AUTOCOMPLETE: Record<AddressField, string> = {
  name: 'name',
  phone: 'tel',
  line1: 'address-line1',
  city: 'address-level2',
  region: 'address-level1',
  postalCode: 'postal-code',
};

/** Checkout: address, test card, totals; one Idempotency-Key per attempt so a retry never pays twice. */
export function CheckoutPage() {
  const { t } = useTranslation('storefront');
  const { cart, refreshCart, announce } = useShop();
  const [address, setAddress] = useState<Address>(() => ({
    name: '',
    line1: '',
    city: '',
    region: '',
    postalCode: '',
    phone: '',
    // A shopper reading Chinese most likely ships inside China; the field stays editable.
    country: currentLanguage() === 'zh-CN' ? 'CN' : 'US',
  }));
  const [card, setCard] = useState('4242424242424242');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The key of the current attempt; kept after a 5xx or a network error so "Pay" again retries the same attempt.
  const attemptKey = useRef<string | undefined>(undefined);
  const id = useId();
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void refreshCart();
  }, [refreshCart]);

  const update = (field: keyof Address, value: string) => {
    attemptKey.current = undefined;
    setAddress({ ...address, [field]: value });
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const found = missingFields(address, card);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setError(t('checkout.attention'));
      errorRef.current?.focus();
      return;
    }
    attemptKey.current ??= newIdempotencyKey();
    setBusy(true);
    setError(undefined);
    setStatus(t('checkout.contacting'));
    try {
      const token = await sessionToken();
      // The card is saved first and the order paid with its token (docs/payments.md); the same
      // card always gets the same token, so a retry of the key is the same request.
      const { data: saved } = await apiRequest<{ token: string }>('/api/v1/payment-methods', {
        method: 'POST',
        token,
        body: { type: 'test_card', number: card.replace(/\s/g, '') },
      });
      const { data } = await apiRequest<Order>('/api/v1/checkout', {
        method: 'POST',
        token,
        idempotencyKey: attemptKey.current,
        body: {
          payment: { type: 'test_card', token: saved.token },
          shippingAddress: {
            name: address.name.trim(),
            line1: address.line1.trim(),
            city: address.city.trim(),
            ...(address.region.trim() === '' ? {} : { region: address.region.trim() }),
            ...(address.phone.trim() === '' ? {} : { phone: address.phone.trim() }),
            postalCode: address.postalCode.trim(),
            country: address.country.trim().toUpperCase(),
          },
        },
        onRetry: (waitMs) => setStatus(t('checkout.busy', { seconds: Math.ceil(waitMs / 1000) })),
      });
      attemptKey.current = undefined;
      announce(t('checkout.placed'));
      await refreshCart();
      navigate(`/orders/${encodeURIComponent(data.id)}?placed=1`);
    } catch (caught) {
      // A definite answer (4xx) ends the attempt; a 5xx or network failure may be retried with the same key.
      if (caught instanceof ApiError && caught.status < 500) attemptKey.current = undefined;
      if (caught instanceof ApiError && caught.code === 'PAYMENT_DECLINED') setError(t('checkout.declined'));
      else if (caught instanceof ApiError && caught.code === 'PAYMENT_FAILED') setError(t('checkout.failed'));
      else setError(describeError(caught));
      setStatus(undefined);
      errorRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (cart !== undefined && cart.lines.length === 0 && !busy) {
    return (
      <section>
        <h1>{t('checkout.heading')}</h1>
        <p>{t('checkout.empty')}</p>
        <a {...linkProps('/')}>{t('checkout.findSomething')}</a>
      </section>
    );
  }

  const layout = addressLayout(address.country);
  const fieldLabel = (name: AddressField) =>
    name === 'region' && !layout.regionRequired
      ? t('checkout.field.regionOptional')
      : name === 'phone' && !layout.phoneRequired
        ? t('checkout.field.phoneOptional')
        : t(`checkout.field.${name}`);
  const field = (name: keyof Address, label: string, autoComplete: string) => (
    <div className="field" key={name}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        name={name}
        autoComplete={autoComplete}
        value={address[name]}
        onChange={(event) => update(name, event.target.value)}
        aria-invalid={problems[name] !== undefined}
        aria-describedby={problems[name] === undefined ? undefined : `${id}-${name}-error`}
      />
      {problems[name] === undefined ? null : (
        <p id={`${id}-${name}-error`} className="field-error">
          {problems[name]}
        </p>
      )}
    </div>
  );

  return (
    <section className="checkout" aria-labelledby={`${id}-heading`}>
      <h1 id={`${id}-heading`}>{t('checkout.heading')}</h1>
      <div className="checkout__layout">
        <form onSubmit={submit} noValidate className="card">
          <fieldset>
            <legend>{t('checkout.shippingAddress')}</legend>
            {layout.fields.map((name) => field(name, fieldLabel(name), AUTOCOMPLETE[name]))}
            {field('country', t('checkout.field.country'), 'country')}
          </fieldset>
          <fieldset>
            <legend>{t('checkout.payment')}</legend>
            <div className="field">
              <label htmlFor={`${id}-card`}>{t('checkout.cardNumber')}</label>
              <input
                id={`${id}-card`}
                inputMode="numeric"
                autoComplete="off"
                value={card}
                onChange={(event) => {
                  attemptKey.current = undefined;
                  setCard(event.target.value);
                }}
                aria-invalid={problems.card !== undefined}
                aria-describedby={`${id}-cards`}
              />
              {problems.card === undefined ? null : <p className="field-error">{problems.card}</p>}
            </div>
            <div id={`${id}-cards`} className="small">
              <p>{t('checkout.testCards')}</p>
              <ul>
                {TEST_CARDS.map((testCard) => (
                  <li key={testCard.number}>
                    <button type="button" className="link" onClick={() => setCard(testCard.number)}>
                      <code>{testCard.number}</code>
                    </button>{' '}
                    {t(`checkout.cardOutcome.${testCard.outcome}`)}
                  </li>
                ))}
              </ul>
            </div>
          </fieldset>
          <div ref={errorRef} tabIndex={-1} aria-live="assertive">
            {error === undefined ? null : <p className="notice notice--error">{error}</p>}
          </div>
          <p aria-live="polite" className="muted">
            {status ?? ''}
          </p>
          <button type="submit" className="primary wide" disabled={busy}>
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {t('checkout.pay')}
          </button>
        </form>
        <aside className="card" aria-label={t('checkout.summary')}>
          <h2>{t('checkout.summaryHeading')}</h2>
          {cart === undefined ? (
            <p>{t('checkout.loadingCart')}</p>
          ) : (
            <>
              <ul className="plain-list">
                {cart.lines.map((line) => (
                  <li key={line.id} className="spread">
                    <span>
                      {line.quantity} × {lineTitle(line)}
                    </span>
                  </li>
                ))}
              </ul>
              <CouponBox cart={cart} />
              <CartTotals cart={cart} />
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
