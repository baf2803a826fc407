import { ApiError, type ApiResponse, apiRequest, type RequestOptions } from '../shared/api.js';

const STORAGE_KEY = 'rushcart.session';

/** The guest session kept in localStorage: a shopper token that survives reloads. */
export interface Session {
  readonly token: string;
  readonly shopperId: string;
}

let current: Session | undefined;
let creating: Promise<Session> | undefined;

function stored(): Session | undefined {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (raw === null) return undefined;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.token === 'string' && typeof parsed.shopperId === 'string'
      ? { token: parsed.token, shopperId: parsed.shopperId }
      : undefined;
  } catch {
    return undefined;
  }
}

function deviceId(): string {
  const key = 'rushcart.device';
  let id = window.localStorage.getItem(key);
  if (id === null) {
    id = `dev_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    window.localStorage.setItem(key, id);
  }
  return id;
}

async function createSession(): Promise<Session> {
  const { data } = await apiRequest<{ token: string; shopper: { id: string } }>('/api/v1/sessions', {
    method: 'POST',
    body: { deviceId: deviceId() },
  });
  const session = { token: data.token, shopperId: data.shopper.id };
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  current = session;
  return session;
}

/** The shopper session, created on first use (a guest without e-mail). */
export function ensureSession(): Promise<Session> {
  current ??= stored();
  if (current !== undefined) return Promise.resolve(current);
  creating ??= createSession().finally(() => {
    creating = undefined;
  });
  return creating;
}

/** Makes `session` the shopper from now on (a verified e-mail's shopper, after the one-time code). */
export function adoptSession(session: Session): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  current = session;
}

/** Drops the stored session (the server no longer knows the token), so the next call starts a new guest. */
export function forgetSession(): void {
  current = undefined;
  window.localStorage.removeItem(STORAGE_KEY);
}

/** An API call as the shopper; a rejected token (server data reset) starts a fresh guest session once. */
export async function shopperRequest<T>(
  path: string,
  options: Omit<RequestOptions, 'token'> = {},
): Promise<ApiResponse<T>> {
  const session = await ensureSession();
  try {
    return await apiRequest<T>(path, { ...options, token: session.token });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') throw error;
    forgetSession();
    const fresh = await ensureSession();
    return apiRequest<T>(path, { ...options, token: fresh.token });
  }
}

/** The bearer token for calls that stream (the assistant). */
export async function sessionToken(): Promise<string> {
  return (await ensureSession()).token;
}
