import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import '../shared/base.css';
import '../storefront/storefront.css';
import './widget.css';
import { startI18n } from '../shared/i18n.js';
import { CloseIcon } from '../shared/icons.js';
import { LanguageSwitch } from '../shared/language-switch.js';
import { CartDrawer } from '../storefront/cart-drawer.js';
import { ChatPanel } from '../storefront/chat-panel.js';
import { storefrontMessages } from '../storefront/locales/messages.js';
import { cartCount, ShopProvider, useShop } from '../storefront/shop-state.js';

// The frame speaks the language the loader passes as ?lang= (the host page's), else the browser's.
startI18n(storefrontMessages);

function closePanel() {
  if (window.parent !== window) window.parent.postMessage('rushcart:close', '*');
}

function WidgetShell() {
  const { t } = useTranslation('storefront');
  const { cart, openCart } = useShop();
  const count = cartCount(cart);

  useEffect(() => {
    // In-app links (product pages, checkout) open the full storefront in a new tab instead of inside the small panel.
    const onClick = (event: MouseEvent) => {
      const anchor = (event.target as Element | null)?.closest?.('a[href^="/"]');
      if (anchor === null || anchor === undefined) return;
      event.preventDefault();
      event.stopPropagation();
      window.open(
        new URL(anchor.getAttribute('href') ?? '/', window.location.origin).href,
        '_blank',
        'noopener',
      );
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && document.querySelector('dialog[open]') === null) closePanel();
    };
    document.addEventListener('click', onClick, true);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <div className="widget">
      <div className="widget__bar">
        <a href="/" className="brand" target="_blank" rel="noopener">
          Rushcart
        </a>
        <LanguageSwitch />
        <button type="button" onClick={openCart} aria-label={t('shell.cart', { count })}>
          {t('widget.cart', { count })}
        </button>
        <button type="button" className="icon-button" onClick={closePanel} aria-label={t('widget.close')}>
          <CloseIcon />
        </button>
      </div>
      <ChatPanel compact />
      <CartDrawer />
    </div>
  );
}

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <ShopProvider>
        <WidgetShell />
      </ShopProvider>
    </StrictMode>,
  );
}
