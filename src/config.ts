import { resolve } from 'node:path';
import { type MailSetting, parseMailSetting } from './shoppers/mail/mailer.js';

/** Everything the composition root needs to pick adapters and start; read from the environment. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** A SQLite file path, `:memory:`, or a `postgres://` URL. */
  readonly databaseUrl: string;
  /** PostgreSQL schema to use instead of the default search path (tests give each run its own). */
  readonly databaseSchema: string | undefined;
  readonly redisUrl: string | undefined;
  readonly adminKey: string | undefined;
  readonly jwtSecret: string | undefined;
  readonly logLevel: string;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client's address (rate limits per IP,
   * admin-key lockout): unset trusts none (the socket's peer is the client); `true`, a hop count,
   * or a comma-separated list of addresses and CIDRs, as Fastify's `trustProxy`.
   */
  readonly trustProxy: boolean | number | string[];
  /**
   * Milliseconds a client has to send a whole request, headers and body: a slow or stalled upload
   * is answered 408 and its socket closed instead of holding a concurrency slot. Headers must
   * arrive within the smaller of this and 10 s.
   */
  readonly requestTimeoutMs: number;
  /** One refused request (428, 429, 503) in this many is logged; the metrics count them all. */
  readonly logRefusalsEvery: number;
  /** Seed the demo catalog and demo campaign into an empty store on start. */
  readonly seedDemo: boolean;
  /** Also seed the Chinese demo slice (CNY) and its campaign (`RUSHCART_SEED_DEMO_ZH=true`). */
  readonly seedDemoChinese: boolean;
  readonly llm: {
    readonly baseUrl: string | undefined;
    readonly model: string | undefined;
    readonly apiKey: string | undefined;
    readonly policy: string | undefined;
    /** Provider name used in model ids and policy rules (default `openai-compatible`). */
    readonly provider: string;
    /** A remote model call slower than this counts as failed and the turn falls back to `local`. */
    readonly timeoutMs: number;
    readonly maxConcurrent: number;
    readonly tokensPerShopperPerHour: number;
    readonly tokensPerMinute: number;
    /** How long the circuit stays open after repeated failures before one probe is tried. */
    readonly breakerOpenMs: number;
  };
  /** Days after delivery during which an order may be returned. */
  readonly returnWindowDays: number;
  /**
   * Money-path timers (docs/payments.md): after `checkoutTimeoutMs` an uncommitted checkout counts as
   * crashed or hung (its cart is taken over, its reservations released, its unanswered capture
   * settled against the provider); the sweeper runs every `sweepIntervalMs`; an Idempotency-Key's
   * in-flight lease lasts `idempotencyLeaseMs` unless its request renews it.
   */
  readonly payments: {
    readonly checkoutTimeoutMs: number;
    readonly sweepIntervalMs: number;
    readonly idempotencyLeaseMs: number;
  };
  /** The outside-agent protocols this merchant serves; a protocol left out answers 404. */
  readonly agentProtocols: ReadonlySet<AgentProtocol>;
  /** Whether outside agents must send a registered agent key in `X-API-Key` (default optional). */
  readonly agentKeys: 'optional' | 'required';
  /** Where ACP order events are sent, signed with the shared secret; none sends none. */
  readonly acpWebhook:
    | { readonly url: string; readonly secret: string; readonly retryBaseMs: number }
    | undefined;
  /** The origin shoppers reach this server at, for links in webhooks (`http://HOST:PORT` by default). */
  readonly publicUrl: string | undefined;
  /** Where one-time codes are mailed (`RUSHCART_MAIL`: console, file, file:<path> or smtp://...). */
  readonly mail: MailSetting;
  /** The fraud rules' default (`RUSHCART_FRAUD`: on or off); the console's saved settings win. */
  readonly fraud: boolean;
}

/** Protocols outside AI agents shop through (docs/agents.md). */
export const AGENT_PROTOCOLS = ['mcp', 'acp', 'ucp'] as const;
export type AgentProtocol = (typeof AGENT_PROTOCOLS)[number];

/** Builds the configuration from environment variables, with overrides taking precedence. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(overrides.dataDir ?? emptyToUndefined(env.RUSHCART_DATA_DIR) ?? './.rushcart');
  const config: Config = {
    port: parsePort(emptyToUndefined(env.PORT) ?? '3000'),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: emptyToUndefined(env.RUSHCART_DATABASE_URL) ?? resolve(dataDir, 'rushcart.db'),
    databaseSchema: emptyToUndefined(env.RUSHCART_DATABASE_SCHEMA),
    redisUrl: emptyToUndefined(env.RUSHCART_REDIS_URL),
    adminKey: emptyToUndefined(env.RUSHCART_ADMIN_KEY),
    jwtSecret: emptyToUndefined(env.RUSHCART_JWT_SECRET),
    logLevel: env.RUSHCART_LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(emptyToUndefined(env.RUSHCART_TRUST_PROXY)),
    requestTimeoutMs: Math.max(1, Number(env.RUSHCART_REQUEST_TIMEOUT_MS ?? '15000') || 15000),
    logRefusalsEvery: Math.max(1, Math.floor(Number(env.RUSHCART_LOG_REFUSALS_EVERY ?? '1000')) || 1000),
    seedDemo: env.RUSHCART_SEED_DEMO !== 'false',
    seedDemoChinese: env.RUSHCART_SEED_DEMO_ZH === 'true',
    llm: {
      baseUrl: emptyToUndefined(env.RUSHCART_LLM_BASE_URL),
      model: emptyToUndefined(env.RUSHCART_LLM_MODEL),
      apiKey: emptyToUndefined(env.RUSHCART_LLM_API_KEY),
      policy: emptyToUndefined(env.RUSHCART_MODEL_POLICY),
      provider: emptyToUndefined(env.RUSHCART_LLM_PROVIDER) ?? 'openai-compatible',
      timeoutMs: Number(env.RUSHCART_LLM_TIMEOUT_MS ?? '15000'),
      maxConcurrent: Number(env.RUSHCART_LLM_MAX_CONCURRENT ?? '16'),
      tokensPerShopperPerHour: Number(env.RUSHCART_LLM_TOKENS_PER_SHOPPER_HOUR ?? '50000'),
      tokensPerMinute: Number(env.RUSHCART_LLM_TOKENS_PER_MINUTE ?? '200000'),
      breakerOpenMs: Number(env.RUSHCART_LLM_BREAKER_OPEN_MS ?? '30000'),
    },
    returnWindowDays: Number(env.RUSHCART_RETURN_WINDOW_DAYS ?? '30'),
    payments: {
      checkoutTimeoutMs: positiveMs(env, 'RUSHCART_CHECKOUT_TIMEOUT_MS', 10 * 60 * 1000),
      sweepIntervalMs: positiveMs(env, 'RUSHCART_SWEEP_INTERVAL_MS', 60 * 1000),
      idempotencyLeaseMs: positiveMs(env, 'RUSHCART_IDEMPOTENCY_LEASE_MS', 30 * 1000),
    },
    agentProtocols: parseAgentProtocols(env.RUSHCART_AGENT_PROTOCOLS),
    agentKeys: parseAgentKeys(env.RUSHCART_AGENT_KEYS),
    acpWebhook: parseAcpWebhook(env),
    publicUrl: emptyToUndefined(env.RUSHCART_PUBLIC_URL),
    mail: parseMailSetting(emptyToUndefined(env.RUSHCART_MAIL), resolve(dataDir, 'outbox.jsonl')),
    fraud: parseSwitch(env.RUSHCART_FRAUD, 'RUSHCART_FRAUD', true),
  };
  return { ...config, ...overrides };
}

function parseSwitch(value: string | undefined, name: string, fallback: boolean): boolean {
  const raw = emptyToUndefined(value);
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'true') return true;
  if (raw === 'off' || raw === 'false') return false;
  throw new Error(`${name}: "${raw}" is not on or off`);
}

/** A duration in milliseconds from `name`, at least 100 ms; `fallback` when unset. */
function positiveMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = emptyToUndefined(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 100) {
    throw new Error(`${name} must be a whole number of milliseconds, at least 100, got "${raw}"`);
  }
  return value;
}

/** True when the database URL names PostgreSQL rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry)) {
      throw new Error(
        `RUSHCART_TRUST_PROXY: "${entry}" is not an address or CIDR (or use true or a hop count)`,
      );
    }
  }
  return entries;
}

function parseAcpWebhook(env: NodeJS.ProcessEnv): Config['acpWebhook'] {
  const url = emptyToUndefined(env.RUSHCART_ACP_WEBHOOK_URL);
  if (url === undefined) return undefined;
  if (!/^https?:\/\//.test(url))
    throw new Error(`RUSHCART_ACP_WEBHOOK_URL must be an http(s) URL, got "${url}"`);
  const secret = emptyToUndefined(env.RUSHCART_ACP_WEBHOOK_SECRET);
  if (secret === undefined || secret.length < 32) {
    throw new Error(
      'RUSHCART_ACP_WEBHOOK_SECRET must be set to at least 32 characters when RUSHCART_ACP_WEBHOOK_URL is',
    );
  }
  const retryBaseMs = Math.max(10, Number(env.RUSHCART_ACP_WEBHOOK_RETRY_MS ?? '1000') || 1000);
  return { url, secret, retryBaseMs };
}

function parseAgentKeys(value: string | undefined): 'optional' | 'required' {
  const mode = emptyToUndefined(value)?.trim().toLowerCase() ?? 'optional';
  if (mode !== 'optional' && mode !== 'required')
    throw new Error(`RUSHCART_AGENT_KEYS: "${value}" is not optional or required`);
  return mode;
}

function parseAgentProtocols(value: string | undefined): ReadonlySet<AgentProtocol> {
  if (value === undefined) return new Set(AGENT_PROTOCOLS);
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'none');
  for (const name of names) {
    if (!(AGENT_PROTOCOLS as readonly string[]).includes(name)) {
      throw new Error(
        `RUSHCART_AGENT_PROTOCOLS: "${name}" is not one of ${AGENT_PROTOCOLS.join(', ')} (or none)`,
      );
    }
  }
  return new Set(names as AgentProtocol[]);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${value}"`);
  }
  return port;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
