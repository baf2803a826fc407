import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoxIcon } from '../shared/icons.js';
import { LanguageSwitch } from '../shared/language-switch.js';
import { linkProps, matchPath, navigate, usePath } from '../shared/router.js';
import { adminKey, signOut } from './admin-session.js';
import { AgentsPage } from './agents-page.js';
import { CampaignForm } from './campaign-form.js';
import { CampaignsPage } from './campaigns-page.js';
import { CatalogPage } from './catalog-page.js';
import { ConversationsPage } from './conversations-page.js';
import { DashboardPage } from './dashboard-page.js';
import { FraudPage } from './fraud-page.js';
import { OrdersAdminPage } from './orders-admin-page.js';
import { SettingsPage } from './settings-page.js';
import { SignIn } from './sign-in.js';

function Route({ path }: { path: string }) {
  const { t } = useTranslation('console');
  if (path === '/console/campaigns/new') return <CampaignForm />;
  let params = matchPath('/console/campaigns/:id/edit', path);
  if (params?.id !== undefined) return <CampaignForm key={params.id} campaignId={params.id} />;
  params = matchPath('/console/campaigns/:id/dashboard', path);
  if (params?.id !== undefined) return <DashboardPage key={params.id} campaignId={params.id} />;
  if (path === '/console/catalog') return <CatalogPage />;
  if (path === '/console/orders') return <OrdersAdminPage />;
  if (path === '/console/agents') return <AgentsPage />;
  if (path === '/console/fraud') return <FraudPage />;
  if (path === '/console/conversations') return <ConversationsPage />;
  if (path === '/console/settings') return <SettingsPage />;
  if (path === '/console' || path === '/console/' || path === '/console/campaigns') return <CampaignsPage />;
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <a {...linkProps('/console')}>{t('nav.campaigns')}</a>
    </section>
  );
}

const NAV = [
  ['/console', 'nav.campaigns'],
  ['/console/catalog', 'nav.catalog'],
  ['/console/orders', 'nav.orders'],
  ['/console/agents', 'nav.agents'],
  ['/console/fraud', 'nav.fraud'],
  ['/console/conversations', 'nav.conversations'],
  ['/console/settings', 'nav.settings'],
] as const;

/** The merchant console: admin-key sign-in, then campaigns, catalog, orders, conversations and settings. */
export function ConsoleApp() {
  const { t } = useTranslation('console');
  const path = usePath();
  const [signedIn, setSignedIn] = useState(() => adminKey() !== undefined);

  useEffect(() => {
    const onSignedOut = () => setSignedIn(false);
    window.addEventListener('rushcart:signed-out', onSignedOut);
    return () => window.removeEventListener('rushcart:signed-out', onSignedOut);
  }, []);

  useEffect(() => {
    const section = NAV.find(([to]) => to !== '/console' && path.startsWith(to))?.[1] ?? 'nav.campaigns';
    document.title = t('app.title', { section: t(section) });
  }, [path, t]);

  if (!signedIn) return <SignIn onSignedIn={() => setSignedIn(true)} />;

  const current = (to: string) =>
    to === '/console' ? path === '/console' || path.startsWith('/console/campaigns') : path.startsWith(to);
  return (
    <div className="console">
      <a className="skip-link" href="#console-main">
        {t('app.skip')}
      </a>
      <header className="console__bar">
        <a {...linkProps('/console')} className="brand">
          <BoxIcon /> {t('app.brand')}
        </a>
        <nav aria-label={t('nav.label')}>
          {NAV.map(([to, label]) => (
            <a key={to} {...linkProps(to)} aria-current={current(to) ? 'page' : undefined}>
              {t(label)}
            </a>
          ))}
        </nav>
        <div className="row">
          <a href="/" target="_blank" rel="noopener">
            {t('app.storefront')}
          </a>
          <LanguageSwitch />
          <button
            type="button"
            onClick={() => {
              signOut();
              navigate('/console');
            }}
          >
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="console-main" className="console__main" tabIndex={-1}>
        <Route path={path} />
      </main>
    </div>
  );
}
