import { useEffect, useId, useRef, useState } from 'react';
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
  return line.productTitle ?? line.title ?? line.variantId ?? 'Item';
}

function optionsText(options: Readonly<Record<string, string>> | undefined): string {
  return options === undefined ? '' : Object.values(options).join(' / ');
}

/** The cart totals block, shared by the drawer and checkout. */
export function CartTotals({ cart }: { cart: Cart }) {
  return (
    <dl className="totals">
      <div>
        <dt>Subtotal</dt>
        <dd>{formatMoney(cart.subtotal)}</dd>
      </div>
      {cart.discount !== undefined && cart.discount.amount > 0 ? (
        <div className="totals__discount">
          <dt>Discount</dt>
          <dd>−{formatMoney(cart.discount)}</dd>
        </div>
      ) : null}
      {cart.shipping === undefined ? null : (
        <div>
          <dt>Shipping</dt>
          <dd>{cart.shipping.amount === 0 ? 'Free' : formatMoney(cart.shipping)}</dd>
        </div>
      )}
      {cart.tax === undefined ? null : (
        <div>
          <dt>Tax</dt>
          <dd>{formatMoney(cart.tax)}</dd>
        </div>
      )}
      <div className="totals__total">
        <dt>Total</dt>
        <dd>{formatMoney(cart.total)}</dd>
      </div>
    </dl>
  );
}

function LineRow({ line }: { line: CartLine }) {
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
      announce(quantity <= 0 ? `${title} removed from cart.` : `${title}: quantity ${quantity}.`);
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
            aria-label={`One fewer ${title}`}
          >
            −
          </button>
          <span>
            <span className="visually-hidden">Quantity </span>
            {line.quantity}
          </span>
          <button
            type="button"
            className="icon-button"
            onClick={() => void change(line.quantity + 1)}
            disabled={busy}
            aria-label={`One more ${title}`}
          >
            +
          </button>
          <button type="button" className="link" onClick={() => void change(0)} disabled={busy}>
            Remove<span className="visually-hidden"> {title}</span>
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
      setError('Type a coupon code first.');
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
      announce(`Coupon ${trimmed} applied.`);
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
      announce(`Coupon ${couponCode} removed.`);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="coupon-box">
      <form onSubmit={apply} className="field">
        <label htmlFor={`${id}-code`}>Coupon code</label>
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
            Apply
          </button>
        </div>
        <p id={`${id}-error`} className="field-error" role={error === undefined ? undefined : 'alert'}>
          {error ?? ''}
        </p>
      </form>
      {(cart.couponProblems ?? []).map((problem) => (
        <p key={problem.code} className="notice notice--warning small">
          Coupon <code>{problem.code}</code> no longer applies: {problem.message}
        </p>
      ))}
      {coupons.length === 0 ? null : (
        <ul className="plain-list" aria-label="Applied coupons">
          {coupons.map((coupon) => (
            <li key={coupon.code} className="spread">
              <span>
                <span className="badge">{coupon.code}</span>{' '}
                {coupon.discount === undefined ? '' : `−${formatMoney(coupon.discount)}`}
              </span>
              <button type="button" className="link" onClick={() => void remove(coupon.code)} disabled={busy}>
                Remove<span className="visually-hidden"> coupon {coupon.code}</span>
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
        <h2 id={headingId}>Your cart</h2>
        <button type="button" className="icon-button" onClick={closeCart} aria-label="Close cart">
          <CloseIcon />
        </button>
      </div>
      {cartError === undefined ? null : <p className="notice notice--error">{cartError}</p>}
      {cart === undefined || cart.lines.length === 0 ? (
        <p>Your cart is empty.</p>
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
            Checkout
          </button>
        </div>
      )}
    </dialog>
  );
}
