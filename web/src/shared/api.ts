import { errorMessage } from './i18n.js';

/** A failed API call: the HTTP status and the stable error code from the server's catalog. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** One validation issue as the server reports it in `error.details.issues`. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** The validation issues inside an error, if it carries any. */
export function validationIssues(error: unknown): ValidationIssue[] {
  if (!(error instanceof ApiError)) return [];
  const issues = error.details.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const record = issue as Record<string, unknown>;
    const path = Array.isArray(record.path) ? record.path.join('.') : String(record.path ?? '');
    return [{ path, message: String(record.message ?? 'invalid') }];
  });
}

/** A short human sentence for any error a call can throw, in the language shown when its code is translated. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return errorMessage(error.code, error.message);
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A fresh Idempotency-Key; one per user attempt, reused for automatic retries of that attempt. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts; a plain-http LAN host still has getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** How long to wait before retrying: the server's Retry-After plus up to 50% random jitter, so a crowd does not return in lockstep. */
export function retryDelayMs(
  retryAfterSeconds: number | undefined,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = retryAfterSeconds ?? Math.min(8, 0.5 * 2 ** attempt);
  return Math.round(base * 1000 * (1 + 0.5 * random()));
}

/** Options of one API call. */
export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  /** A raw body (file upload) sent as is with its content type. */
  readonly rawBody?: { readonly data: BodyInit; readonly contentType: string };
  readonly token?: string | undefined;
  readonly idempotencyKey?: string;
  readonly headers?: Record<string, string>;
  /** Automatic retries on 429, 503 and 409 IDEMPOTENCY_IN_FLIGHT, obeying Retry-After. */
  readonly retries?: number;
  readonly signal?: AbortSignal;
  /** Told before each automatic retry, so the screen can say why it waits. */
  readonly onRetry?: (waitMs: number, error: ApiError) => void;
}

/** A successful answer: the parsed body, status and headers. */
export interface ApiResponse<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Headers;
}

const RETRYABLE = new Set([429, 503]);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

/** Turns a non-2xx response into an ApiError carrying the catalog code. */
export async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let code = `HTTP_${response.status}`;
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  let details: Record<string, unknown> = {};
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
    };
    if (body.error !== undefined) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      details = body.error.details ?? {};
    }
  } catch {
    // Not JSON (a proxy page, an empty body): keep the status line.
  }
  return new ApiError(response.status, code, message, details, retryAfter);
}

/** Sends one API call with JSON in and out; retries overload answers after Retry-After with jitter. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt += 1) {
    const response = await rawRequest(path, options);
    if (response.ok) {
      const text = await response.text();
      const data = (text === '' ? undefined : JSON.parse(text)) as T;
      return { data, status: response.status, headers: response.headers };
    }
    const error = await toApiError(response);
    const retryable = RETRYABLE.has(error.status) || error.code === 'IDEMPOTENCY_IN_FLIGHT';
    if (!retryable || attempt >= retries) throw error;
    const waitMs = retryDelayMs(error.retryAfterSeconds, attempt);
    options.onRetry?.(waitMs, error);
    await sleep(waitMs, options.signal);
  }
}

/** Sends one call and returns the raw response (for streams); no retries. */
export function rawRequest(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody.data;
    headers['content-type'] = options.rawBody.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  return fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
}

/** The API paths this server documents in /openapi.json, so screens can say honestly what is not there yet. */
let documentedPaths: Promise<Set<string>> | undefined;

/** Loads (once) the set of `METHOD path` pairs in the server's OpenAPI document. */
export function loadDocumentedRoutes(): Promise<Set<string>> {
  documentedPaths ??= fetch('/openapi.json')
    .then((response) =>
      response.ok ? (response.json() as Promise<{ paths?: Record<string, Record<string, unknown>> }>) : {},
    )
    .then((document) => {
      const routes = new Set<string>();
      for (const [path, methods] of Object.entries(
        (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {},
      )) {
        for (const method of Object.keys(methods)) routes.add(`${method.toUpperCase()} ${path}`);
      }
      return routes;
    })
    .catch(() => new Set<string>());
  return documentedPaths;
}
