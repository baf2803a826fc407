import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, apiRequest, describeError, newIdempotencyKey } from '../shared/api.js';
import { linkProps, navigate } from '../shared/router.js';
import type { Order } from '../shared/types.js';
import { CartTotals, CouponBox, lineTitle } from './cart-drawer.js';
import { sessionToken } from './session.js';
import { useShop } from './shop-state.js';

/** The built-in test provider's documented cards. */
export const TEST_CARDS = [
  { number: '4242424242424242', outcome: 'payment succeeds' },
  { number: '4000000000000002', outcome: 'payment is declined' },
  { number: '4000000000000259', outcome: 'the provider fails after a short delay (nothing is charged)' },
] as const;

interface Address {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

function missingFields(address: Address, card: string): Record<string, string> {
  const problems: Record<string, string> = {};
  if (address.name.trim() === '') problems.name = 'Enter the name for delivery.';
  if (address.line1.trim() === '') problems.line1 = 'Enter the street address.';
  if (address.city.trim() === '') problems.city = 'Enter the city.';
  if (address.postalCode.trim() === '') problems.postalCode = 'Enter the postal code.';
  if (!/^[A-Za-z]{2}$/.test(address.country.trim()))
    problems.country = 'Use a two-letter country code such as US or DE.';
  if (!/^\d{12,19}$/.test(card.replace(/\s/g, '')))
    problems.card = 'A card number is 12 to 19 digits; use one of the test cards below.';
  return problems;
}

/** Checkout: address, test card, totals; one Idempotency-Key per attempt so a retry never pays twice. */
export function CheckoutPage() {
  const { cart, refreshCart, announce } = useShop();
  const [address, setAddress] = useState<Address>({
    name: '',
    line1: '',
    city: '',
    postalCode: '',
    country: 'US',
  });
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
      setError('Some fields need attention.');
      errorRef.current?.focus();
      return;
    }
    attemptKey.current ??= newIdempotencyKey();
    setBusy(true);
    setError(undefined);
    setStatus('Contacting the payment provider…');
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
            postalCode: address.postalCode.trim(),
            country: address.country.trim().toUpperCase(),
          },
        },
        onRetry: (waitMs) => setStatus(`The shop is busy; trying again in ${Math.ceil(waitMs / 1000)} s…`),
      });
      attemptKey.current = undefined;
      announce('Order placed.');
      await refreshCart();
      navigate(`/orders/${encodeURIComponent(data.id)}?placed=1`);
    } catch (caught) {
      // A definite answer (4xx) ends the attempt; a 5xx or network failure may be retried with the same key.
      if (caught instanceof ApiError && caught.status < 500) attemptKey.current = undefined;
      if (caught instanceof ApiError && caught.code === 'PAYMENT_DECLINED')
        setError('Your card was declined. Nothing was charged. Try another card.');
      else if (caught instanceof ApiError && caught.code === 'PAYMENT_FAILED')
        setError(
          'The payment provider did not answer. You are charged at most once: press Pay again to retry safely.',
        );
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
        <h1>Checkout</h1>
        <p>Your cart is empty.</p>
        <a {...linkProps('/')}>Find something to buy</a>
      </section>
    );
  }

  const field = (name: keyof Address, label: string, autoComplete: string) => (
    <div className="field">
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
      <h1 id={`${id}-heading`}>Checkout</h1>
      <div className="checkout__layout">
        <form onSubmit={submit} noValidate className="card">
          <fieldset>
            <legend>Shipping address</legend>
            {field('name', 'Full name', 'name')}
            {field('line1', 'Street address', 'address-line1')}
            {field('city', 'City', 'address-level2')}
            {field('postalCode', 'Postal code', 'postal-code')}
            {field('country', 'Country (two letters)', 'country')}
          </fieldset>
          <fieldset>
            <legend>Payment (test mode)</legend>
            <div className="field">
              <label htmlFor={`${id}-card`}>Card number</label>
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
              <p>No real money moves. Test cards:</p>
              <ul>
                {TEST_CARDS.map((testCard) => (
                  <li key={testCard.number}>
                    <button type="button" className="link" onClick={() => setCard(testCard.number)}>
                      <code>{testCard.number}</code>
                    </button>{' '}
                    {testCard.outcome}
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
            Pay {cart?.total === undefined ? '' : `now`}
          </button>
        </form>
        <aside className="card" aria-label="Order summary">
          <h2>Summary</h2>
          {cart === undefined ? (
            <p>Loading cart…</p>
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
