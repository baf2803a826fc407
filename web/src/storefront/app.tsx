import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoxIcon, CartIcon, ChatIcon } from '../shared/icons.js';
import { LanguageSwitch } from '../shared/language-switch.js';
import { linkProps, matchPath, usePath } from '../shared/router.js';
import { BrowsePage } from './browse-page.js';
import { CartDrawer } from './cart-drawer.js';
import { ChatPanel } from './chat-panel.js';
import { CheckoutPage } from './checkout-page.js';
import { OffersPage } from './offers-page.js';
import { OrderPage, OrdersPage } from './orders-page.js';
import { ProductPage } from './product-page.js';
import { QueuePage } from './queue-page.js';
import { cartCount, ShopProvider, useShop } from './shop-state.js';

function Route({ path }: { path: string }) {
  const { t } = useTranslation('common');
  let params = matchPath('/products/:id', path);
  if (params?.id !== undefined) return <ProductPage productId={params.id} />;
  params = matchPath('/orders/:id', path);
  if (params?.id !== undefined) return <OrderPage orderId={params.id} />;
  params = matchPath('/offers/:id/queue', path);
  if (params?.id !== undefined) return <QueuePage campaignId={params.id} />;
  if (path === '/orders') return <OrdersPage />;
  if (path === '/offers') return <OffersPage />;
  if (path === '/checkout') return <CheckoutPage />;
  if (path === '/' || path === '/search') return <BrowsePage />;
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <a {...linkProps('/')}>{t('notFound.back')}</a>
    </section>
  );
}

const TITLES = [
  [/^\/products\//, 'title.product'],
  [/^\/orders\/./, 'title.order'],
  [/^\/orders/, 'title.orders'],
  [/^\/offers\/.*\/queue/, 'title.queue'],
  [/^\/offers/, 'title.offers'],
  [/^\/checkout/, 'title.checkout'],
] as const;

function Shell() {
  const { t } = useTranslation('storefront');
  const path = usePath();
  const { cart, openCart, announcement } = useShop();
  const [view, setView] = useState<'chat' | 'shop'>(path === '/' ? 'chat' : 'shop');
  const count = cartCount(cart);

  useEffect(() => {
    if (path !== '/') setView('shop');
    const title = TITLES.find(([pattern]) => pattern.test(path))?.[1];
    document.title = title === undefined ? 'Rushcart' : `${t(title)} · Rushcart`;
  }, [path, t]);

  const navLink = (to: string, label: string) => (
    <a
      {...linkProps(to)}
      aria-current={path === to || (to !== '/' && path.startsWith(to)) ? 'page' : undefined}
    >
      {label}
    </a>
  );

  return (
    <>
      <a className="skip-link" href="#content">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <a {...linkProps('/')} className="brand">
          <BoxIcon /> <span className="brand__name">Rushcart</span>
        </a>
        <nav aria-label={t('shell.nav')} className="topbar__nav">
          {navLink('/', t('shell.shop'))}
          {navLink('/offers', t('shell.offers'))}
          {navLink('/orders', t('shell.orders'))}
        </nav>
        <LanguageSwitch />
        <button
          type="button"
          className="cart-button"
          onClick={openCart}
          aria-label={t('shell.cart', { count })}
          data-testid="cart-button"
        >
          <CartIcon />
          <span aria-hidden="true" className="cart-button__count">
            {count}
          </span>
        </button>
      </header>
      <fieldset className="view-switch">
        <legend className="visually-hidden">{t('shell.show')}</legend>
        <button type="button" aria-pressed={view === 'chat'} onClick={() => setView('chat')}>
          <ChatIcon /> {t('shell.assistant')}
        </button>
        <button type="button" aria-pressed={view === 'shop'} onClick={() => setView('shop')}>
          <BoxIcon /> {t('shell.shop')}
        </button>
      </fieldset>
      <main className="layout" data-view={view}>
        <aside className="layout__chat" aria-label={t('shell.assistant')}>
          <ChatPanel />
        </aside>
        <div className="layout__content" id="content" tabIndex={-1}>
          <Route path={path} />
        </div>
      </main>
      <CartDrawer />
      <div className="visually-hidden" aria-live="polite" role="status">
        {announcement}
      </div>
    </>
  );
}

/** The storefront: chat beside the product area, with the cart drawer. */
export function StorefrontApp() {
  return (
    <ShopProvider>
      <Shell />
    </ShopProvider>
  );
}
