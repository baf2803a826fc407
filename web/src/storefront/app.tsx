import { useEffect, useState } from 'react';
import { BoxIcon, CartIcon, ChatIcon } from '../shared/icons.js';
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
      <h1>Page not found</h1>
      <a {...linkProps('/')}>Go to the shop</a>
    </section>
  );
}

const TITLES: [RegExp, string][] = [
  [/^\/products\//, 'Product'],
  [/^\/orders\/./, 'Order'],
  [/^\/orders/, 'Orders'],
  [/^\/offers\/.*\/queue/, 'Waiting room'],
  [/^\/offers/, 'Offers'],
  [/^\/checkout/, 'Checkout'],
];

function Shell() {
  const path = usePath();
  const { cart, openCart, announcement } = useShop();
  const [view, setView] = useState<'chat' | 'shop'>(path === '/' ? 'chat' : 'shop');
  const count = cartCount(cart);

  useEffect(() => {
    if (path !== '/') setView('shop');
    const title = TITLES.find(([pattern]) => pattern.test(path))?.[1];
    document.title = title === undefined ? 'Rushcart' : `${title} · Rushcart`;
  }, [path]);

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
        Skip to content
      </a>
      <header className="topbar">
        <a {...linkProps('/')} className="brand">
          <BoxIcon /> <span className="brand__name">Rushcart</span>
        </a>
        <nav aria-label="Main" className="topbar__nav">
          {navLink('/', 'Shop')}
          {navLink('/offers', 'Offers')}
          {navLink('/orders', 'Orders')}
        </nav>
        <button
          type="button"
          className="cart-button"
          onClick={openCart}
          aria-label={`Cart, ${count} item${count === 1 ? '' : 's'}`}
          data-testid="cart-button"
        >
          <CartIcon />
          <span aria-hidden="true" className="cart-button__count">
            {count}
          </span>
        </button>
      </header>
      <fieldset className="view-switch">
        <legend className="visually-hidden">Show</legend>
        <button type="button" aria-pressed={view === 'chat'} onClick={() => setView('chat')}>
          <ChatIcon /> Assistant
        </button>
        <button type="button" aria-pressed={view === 'shop'} onClick={() => setView('shop')}>
          <BoxIcon /> Shop
        </button>
      </fieldset>
      <main className="layout" data-view={view}>
        <aside className="layout__chat" aria-label="Assistant">
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
