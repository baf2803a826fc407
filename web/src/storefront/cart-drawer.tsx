import i18next from 'i18next';
import { useEffect, useId, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { describeError } from '../shared/api.js';
import { CloseIcon } from '../shared/icons.js';
import { formatMoney } from '../shared/money.js';
import { navigate } from '../shared/router.js';
import type { AppliedCoupon, Cart, CartLine } from '../shared/types.js';
import { shopperRequest } from './session.js';
import { useShop } from './shop-state.js';

/** A coupon entry as either the bare code or an object with its discount. */
export function couponOf(entry: AppliedCoupon | string): AppliedCoupon {
  return typeof entry === 'string' ? { code: entry } : entry;
}

/** A cart line's display title. */
export function lineTitle(line: { title?: string; productTitle?: string; variantId?: string }): string {
  return line.productTitle ?? line.title ?? line.variantId ?? i18next.t('storefront:cart.item');
}

function optionsText(options: Readonly<Record<string, string>> | undefined): string {
  return options === undefined ? '' : Object.values(options).join(' / ');
}

/** The cart totals block, shared by the drawer and checkout. */
export function CartTotals({ cart }: { cart: Cart }) {
  const { t } = useTranslation('storefront');
  return (
    <dl className="totals">
      <div>
        <dt>{t('cart.subtotal')}</dt>
        <dd>{formatMoney(cart.subtotal)}</dd>
      </div>
      {cart.discount !== undefined && cart.discount.amount > 0 ? (
        <div className="totals__discount">
          <dt>{t('cart.discount')}</dt>
          <dd>−{formatMoney(cart.discount)}</dd>
        </div>
      ) : null}
      {cart.shipping === undefined ? null : (
        <div>
          <dt>{t('cart.shipping')}</dt>
          <dd>{cart.shipping.amount === 0 ? t('cart.free') : formatMoney(cart.shipping)}</dd>
        </div>
      )}
      {cart.tax === undefined ? null : (
        <div>
          <dt>{t('cart.tax')}</dt>
          <dd>{formatMoney(cart.tax)}</dd>
        </div>
      )}
      <div className="totals__total">
        <dt>{t('cart.total')}</dt>
        <dd>{formatMoney(cart.total)}</dd>
      </div>
    </dl>
  );
}

function LineRow({ line }: { line: CartLine }) {
  const { t } = useTranslation('storefront');
  const { setCart, announce } = useShop();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const title = lineTitle(line);

  const change = async (quantity: number) => {
    setBusy(true);
    setError(undefined);
    try {
      const path = `/api/v1/cart/lines/${encodeURIComponent(line.id)}`;
      const { data } =
        quantity <= 0
          ? await shopperRequest<Cart>(path, { method: 'DELETE' })
          : await shopperRequest<Cart>(path, { method: 'PATCH', body: { quantity } });
      setCart(data);
      announce(quantity <= 0 ? t('cart.removed', { title }) : t('cart.quantityNow', { title, quantity }));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="cart-line">
      <div className="cart-line__main">
        <p className="cart-line__title">{title}</p>
        <p className="small muted">{optionsText(line.options)}</p>
        <div className="row">
          <button
            type="button"
            className="icon-button"
            onClick={() => void change(line.quantity - 1)}
            disabled={busy}
            aria-label={t('cart.fewer', { title })}
          >
            −
          </button>
          <span>
            <span className="visually-hidden">{t('cart.quantity')} </span>
            {line.quantity}
          </span>
          <button
            type="button"
            className="icon-button"
            onClick={() => void change(line.quantity + 1)}
            disabled={busy}
            aria-label={t('cart.more', { title })}
          >
            +
          </button>
          <button
            type="button"
            className="link"
            onClick={() => void change(0)}
            disabled={busy}
            aria-label={t('cart.removeLine', { title })}
          >
            {t('cart.remove')}
          </button>
        </div>
        {error === undefined ? null : (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <span className="price">{formatMoney(line.lineTotal ?? line.total ?? line.unitPrice)}</span>
    </li>
  );
}

/** The coupon form and the applied coupons with their remove buttons. */
export function CouponBox({ cart }: { cart: Cart }) {
  const { t } = useTranslation('storefront');
  const { setCart, announce } = useShop();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const coupons = (cart.coupons ?? []).map(couponOf);

  const apply = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = code.trim();
    if (trimmed === '') {
      setError(t('cart.couponFirst'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await shopperRequest<Cart>('/api/v1/cart/coupons', {
        method: 'POST',
        body: { code: trimmed },
      });
      setCart(data);
      setCode('');
      announce(t('cart.couponApplied', { code: trimmed }));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (couponCode: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await shopperRequest<Cart>(`/api/v1/cart/coupons/${encodeURIComponent(couponCode)}`, {
        method: 'DELETE',
      });
      setCart(data);
      announce(t('cart.couponRemoved', { code: couponCode }));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="coupon-box">
      <form onSubmit={apply} className="field">
        <label htmlFor={`${id}-code`}>{t('cart.couponCode')}</label>
        <div className="row nowrap">
          <input
            id={`${id}-code`}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            autoComplete="off"
            aria-invalid={error !== undefined}
            aria-describedby={`${id}-error`}
          />
          <button type="submit" disabled={busy}>
            {t('cart.apply')}
          </button>
        </div>
        <p id={`${id}-error`} className="field-error" role={error === undefined ? undefined : 'alert'}>
          {error ?? ''}
        </p>
      </form>
      {(cart.couponProblems ?? []).map((problem) => (
        <p key={problem.code} className="notice notice--warning small">
          <Trans
            t={t}
            i18nKey="cart.couponProblem"
            values={{ code: problem.code, reason: problem.message }}
            components={{ code: <code /> }}
          />
        </p>
      ))}
      {coupons.length === 0 ? null : (
        <ul className="plain-list" aria-label={t('cart.appliedCoupons')}>
          {coupons.map((coupon) => (
            <li key={coupon.code} className="spread">
              <span>
                <span className="badge">{coupon.code}</span>{' '}
                {coupon.discount === undefined ? '' : `−${formatMoney(coupon.discount)}`}
              </span>
              <button
                type="button"
                className="link"
                onClick={() => void remove(coupon.code)}
                disabled={busy}
                aria-label={t('cart.removeCoupon', { code: coupon.code })}
              >
                {t('cart.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The cart as a side drawer (a modal dialog): lines, coupons, totals and the way to checkout. */
export function CartDrawer() {
  const { t } = useTranslation('storefront');
  const { cart, cartError, cartOpen, closeCart, refreshCart } = useShop();
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (cartOpen && !element.open) {
      element.showModal();
      void refreshCart();
    } else if (!cartOpen && element.open) element.close();
  }, [cartOpen, refreshCart]);

  return (
    <dialog
      ref={dialog}
      className="drawer"
      aria-labelledby={headingId}
      onClose={closeCart}
      data-testid="cart-drawer"
    >
      <div className="drawer__header spread">
        <h2 id={headingId}>{t('cart.heading')}</h2>
        <button type="button" className="icon-button" onClick={closeCart} aria-label={t('cart.close')}>
          <CloseIcon />
        </button>
      </div>
      {cartError === undefined ? null : <p className="notice notice--error">{cartError}</p>}
      {cart === undefined || cart.lines.length === 0 ? (
        <p>{t('cart.empty')}</p>
      ) : (
        <div className="stack">
          <ul className="plain-list cart-lines">
            {cart.lines.map((line) => (
              <LineRow key={line.id} line={line} />
            ))}
          </ul>
          <CouponBox cart={cart} />
          <CartTotals cart={cart} />
          <button
            type="button"
            className="primary wide"
            onClick={() => {
              closeCart();
              navigate('/checkout');
            }}
          >
            {t('cart.checkout')}
          </button>
        </div>
      )}
    </dialog>
  );
}
