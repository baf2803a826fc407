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
export type RateBucket = 'checkout' | 'claim' | 'queue' | 'browse' | 'assistant' | 'agent' | 'session';

/**
 * How each kind of route is admitted. Every route declares one in its options, next to its schema
 * (`config: { admission: Admission.checkout }`); a request that matched no route is browsing.
 */
export const Admission = {
  checkout: { priority: PriorityClass.checkout, bucket: 'checkout', claim: false, gated: true },
  /** The claim route: its campaign's waiting room applies. */
  claim: { priority: PriorityClass.claim, bucket: 'claim', claim: true, gated: true },
  /** The waiting room's own join and poll, answered from memory (see `gated`). */
  queue: { priority: PriorityClass.claim, bucket: 'queue', claim: false, gated: false },
  /** New sessions, the only shopper-less write, limited per IP. */
  session: { priority: PriorityClass.browse, bucket: 'session', claim: false, gated: true },
  browse: { priority: PriorityClass.browse, bucket: 'browse', claim: false, gated: true },
  assistant: { priority: PriorityClass.assistant, bucket: 'assistant', claim: false, gated: true },
  /**
   * Outside agents' protocol endpoints (MCP): one route carries searches and checkouts alike, so
   * it is shed as browsing and draws on its own per-shopper bucket. Claims made through it still
   * pass the campaign's waiting room, in process.
   */
  agent: { priority: PriorityClass.browse, bucket: 'agent', claim: false, gated: true },
  /** Operations and admin routes: never shed, never rate limited. */
  exempt: { priority: PriorityClass.exempt, bucket: undefined, claim: false, gated: false },
} as const satisfies Record<string, RouteAdmission>;

/** The admission a route declared in its `config`; browsing when it declared none or none matched. */
export function routeAdmission(config: unknown): RouteAdmission {
  const declared = (config as { admission?: RouteAdmission } | undefined)?.admission;
  return declared ?? Admission.browse;
}
