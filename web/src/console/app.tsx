import { useEffect, useState } from 'react';
import { BoxIcon } from '../shared/icons.js';
import { linkProps, matchPath, navigate, usePath } from '../shared/router.js';
import { adminKey, signOut } from './admin-session.js';
import { CampaignForm } from './campaign-form.js';
import { CampaignsPage } from './campaigns-page.js';
import { CatalogPage } from './catalog-page.js';
import { ConversationsPage } from './conversations-page.js';
import { DashboardPage } from './dashboard-page.js';
import { OrdersAdminPage } from './orders-admin-page.js';
import { SettingsPage } from './settings-page.js';
import { SignIn } from './sign-in.js';

function Route({ path }: { path: string }) {
  if (path === '/console/campaigns/new') return <CampaignForm />;
  let params = matchPath('/console/campaigns/:id/edit', path);
  if (params?.id !== undefined) return <CampaignForm key={params.id} campaignId={params.id} />;
  params = matchPath('/console/campaigns/:id/dashboard', path);
  if (params?.id !== undefined) return <DashboardPage key={params.id} campaignId={params.id} />;
  if (path === '/console/catalog') return <CatalogPage />;
  if (path === '/console/orders') return <OrdersAdminPage />;
  if (path === '/console/conversations') return <ConversationsPage />;
  if (path === '/console/settings') return <SettingsPage />;
  if (path === '/console' || path === '/console/' || path === '/console/campaigns') return <CampaignsPage />;
  return (
    <section>
      <h1>Page not found</h1>
      <a {...linkProps('/console')}>Campaigns</a>
    </section>
  );
}

const NAV = [
  ['/console', 'Campaigns'],
  ['/console/catalog', 'Catalog'],
  ['/console/orders', 'Orders'],
  ['/console/conversations', 'Conversations'],
  ['/console/settings', 'Settings'],
] as const;

/** The merchant console: admin-key sign-in, then campaigns, catalog, orders, conversations and settings. */
export function ConsoleApp() {
  const path = usePath();
  const [signedIn, setSignedIn] = useState(() => adminKey() !== undefined);

  useEffect(() => {
    const onSignedOut = () => setSignedIn(false);
    window.addEventListener('rushcart:signed-out', onSignedOut);
    return () => window.removeEventListener('rushcart:signed-out', onSignedOut);
  }, []);

  useEffect(() => {
    const section = NAV.find(([to]) => to !== '/console' && path.startsWith(to))?.[1] ?? 'Campaigns';
    document.title = `${section} · Rushcart console`;
  }, [path]);

  if (!signedIn) return <SignIn onSignedIn={() => setSignedIn(true)} />;

  const current = (to: string) =>
    to === '/console' ? path === '/console' || path.startsWith('/console/campaigns') : path.startsWith(to);
  return (
    <div className="console">
      <a className="skip-link" href="#console-main">
        Skip to content
      </a>
      <header className="console__bar">
        <a {...linkProps('/console')} className="brand">
          <BoxIcon /> Rushcart console
        </a>
        <nav aria-label="Console">
          {NAV.map(([to, label]) => (
            <a key={to} {...linkProps(to)} aria-current={current(to) ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <div className="row">
          <a href="/" target="_blank" rel="noopener">
            Storefront
          </a>
          <button
            type="button"
            onClick={() => {
              signOut();
              navigate('/console');
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="console-main" className="console__main" tabIndex={-1}>
        <Route path={path} />
      </main>
    </div>
  );
}
