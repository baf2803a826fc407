/** Priority classes, most important first; admin and operations routes are never shed. */
export const PriorityClass = {
  checkout: 0,
  claim: 1,
  browse: 2,
  assistant: 3,
  /** Operations (`/healthz`, `/metrics`, `/readyz`) and admin routes: never shed, never rate limited. */
  exempt: 4,
} as const;

/** One of the classes above. */
export type PriorityClass = (typeof PriorityClass)[keyof typeof PriorityClass];

/** Metric label of each class. */
export const CLASS_NAMES = ['checkout', 'claim', 'browse', 'assistant', 'exempt'] as const;

/** How a route is admitted: its priority class and the rate-limit bucket it draws from. */
export interface RouteAdmission {
  readonly priority: PriorityClass;
  /** Rate-limit bucket; `undefined` for routes that are not rate limited. */
  readonly bucket: RateBucket | undefined;
  /** True for the claim route, where the waiting room applies. */
  readonly claim: boolean;
  /**
   * False for routes that never take a slot of the adaptive concurrency gate: the waiting room's
   * own join and poll, which are answered from memory. Shedding them at the gate turned a queue
   * into a retry storm (each shed join or poll came back after Retry-After) and left admitted
   * shoppers unable to learn they were admitted. They stay rate limited and the event-loop last
   * line still sheds them.
   */
  readonly gated: boolean;
}

/** Rate-limit buckets: each has its own points per identity. */
export type RateBucket = 'checkout' | 'claim' | 'queue' | 'browse' | 'assistant' | 'session';

const EXEMPT: RouteAdmission = {
  priority: PriorityClass.exempt,
  bucket: undefined,
  claim: false,
  gated: false,
};
const CHECKOUT: RouteAdmission = {
  priority: PriorityClass.checkout,
  bucket: 'checkout',
  claim: false,
  gated: true,
};
const BROWSE: RouteAdmission = {
  priority: PriorityClass.browse,
  bucket: 'browse',
  claim: false,
  gated: true,
};

const QUEUE: RouteAdmission = { priority: PriorityClass.claim, bucket: 'queue', claim: false, gated: false };

/**
 * The one table that maps route templates (`request.routeOptions.url`) to admission, matched by
 * exact template first and then by the longest prefix ending in `*`. Unknown routes are browsing.
 */
const EXACT: Record<string, RouteAdmission> = {
  '/api/v1/checkout': CHECKOUT,
  '/api/v1/orders/:id/cancel': CHECKOUT,
  '/api/v1/orders/:id/pay': CHECKOUT,
  '/api/v1/campaigns/:id/claims': {
    priority: PriorityClass.claim,
    bucket: 'claim',
    claim: true,
    gated: true,
  },
  '/api/v1/campaigns/:id/queue': QUEUE,
  '/api/v1/campaigns/:id/queue/:ticket': QUEUE,
  '/api/v1/sessions': { priority: PriorityClass.browse, bucket: 'session', claim: false, gated: true },
  '/healthz': EXEMPT,
  '/readyz': EXEMPT,
  '/metrics': EXEMPT,
  '/openapi.json': EXEMPT,
};

const ASSISTANT: RouteAdmission = {
  priority: PriorityClass.assistant,
  bucket: 'assistant',
  claim: false,
  gated: true,
};

const PREFIXES: readonly (readonly [string, RouteAdmission])[] = [
  ['/api/v1/admin/', EXEMPT],
  ['/api/v1/checkout/', CHECKOUT],
  ['/api/v1/checkout_sessions', CHECKOUT],
  ['/api/v1/payments', CHECKOUT],
  ['/api/v1/assistant/', ASSISTANT],
  ['/mcp', ASSISTANT],
  ['/api/v1/cart', BROWSE],
  ['/api/v1/products', BROWSE],
];

/** The admission of a route template; `undefined` (no route matched) is browsing. */
export function routeAdmission(template: string | undefined): RouteAdmission {
  if (template === undefined) return BROWSE;
  const exact = EXACT[template];
  if (exact !== undefined) return exact;
  for (const [prefix, admission] of PREFIXES) if (template.startsWith(prefix)) return admission;
  return BROWSE;
}
