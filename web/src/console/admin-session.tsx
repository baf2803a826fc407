import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import {
  ApiError,
  type ApiResponse,
  apiRequest,
  loadDocumentedRoutes,
  type RequestOptions,
} from '../shared/api.js';

const KEY = 'rushcart.adminKey';

/** The admin key for this browser tab (sessionStorage: gone when the tab closes). */
export function adminKey(): string | undefined {
  return window.sessionStorage.getItem(KEY) ?? undefined;
}

/** Keeps the admin key for this tab. */
export function signIn(key: string): void {
  window.sessionStorage.setItem(KEY, key);
}

/** Forgets the admin key and tells the console to show the sign-in form. */
export function signOut(): void {
  window.sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('rushcart:signed-out'));
}

/** An admin API call; a rejected key signs the console out. */
export async function adminRequest<T>(
  path: string,
  options: Omit<RequestOptions, 'token'> = {},
): Promise<ApiResponse<T>> {
  try {
    return await apiRequest<T>(path, { ...options, token: adminKey() });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'ADMIN_KEY_REQUIRED') signOut();
    throw error;
  }
}

/** Whether the server documents `METHOD /path` (OpenAPI form, e.g. `GET /api/v1/admin/orders`); undefined while loading. */
export function useRouteAvailable(route: string): boolean | undefined {
  const [available, setAvailable] = useState<boolean>();
  useEffect(() => {
    let live = true;
    void loadDocumentedRoutes().then((routes) => {
      if (live) setAvailable(routes.has(route));
    });
    return () => {
      live = false;
    };
  }, [route]);
  return available;
}

/** Finds the first documented route among candidates (the console adapts to the path a backend chose). */
export function useFirstAvailableRoute(routes: readonly string[]): string | null | undefined {
  const [found, setFound] = useState<string | null>();
  const key = routes.join('|');
  useEffect(() => {
    let live = true;
    void loadDocumentedRoutes().then((documented) => {
      if (live) setFound(key.split('|').find((route) => documented.has(route)) ?? null);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return found;
}

/** The honest "not on this server yet" state for a screen whose API route is missing. */
export function NotAvailable({ what, route }: { what: string; route: string }) {
  const { t } = useTranslation('console');
  return (
    <div className="notice notice--warning" role="status" data-testid="not-available">
      <p>
        <strong>{t('notAvailable.title', { what })}</strong>
      </p>
      <p className="small">
        <Trans
          t={t}
          i18nKey="notAvailable.detail"
          values={{ route }}
          // biome-ignore lint/a11y/useAnchorContent: Trans puts the translated link text inside the anchor
          components={{ code: <code />, link: <a href="/openapi.json" /> }}
        />
      </p>
    </div>
  );
}
