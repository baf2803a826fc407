export {
  AdaptiveLimit,
  type AdaptiveLimitOptions,
  DEFAULT_ADAPTIVE_LIMIT,
  type LimitUpdate,
} from './adaptive-limit.js';
export {
  AdmissionController,
  type AdmissionDependencies,
  type AdmissionOutcome,
  type ClaimAnswer,
  claimAnswerOf,
  OUTCOMES,
  type QueueAnswer,
  type QueueRefusal,
} from './admission-controller.js';
export type { AdmissionEvent, AdmissionListener } from './admission-events.js';
export { type AdmissionOptions, loadAdmissionOptions } from './admission-options.js';
export {
  type Availability,
  type CampaignAvailability,
  queueRefusalOf,
  reachesClaimPath,
  soldOut,
} from './campaign-availability.js';
export { type AdmissionWakeup, ClaimHolds } from './claim-holds.js';
export { ConcurrencyGate, type ConcurrencyGateOptions, DEFAULT_GATE } from './concurrency-gate.js';
export {
  consumeLimit,
  createIdentityLimits,
  DEFAULT_RATE_LIMITS,
  type IdentityLimits,
  makeLimiter,
  type RateLimitRules,
  type RateRule,
  type RateVerdict,
} from './identity-limits.js';
export {
  type ClaimAdmission,
  type ClaimAdmissionPass,
  type ClaimAdmissionRefusal,
  createClaimAdmission,
} from './in-process-claims.js';
export { type LastLineStanding, LoopPressure } from './last-line.js';
export {
  Admission,
  CLASS_NAMES,
  PriorityClass,
  type RateBucket,
  type RouteAdmission,
  routeAdmission,
} from './priority-classes.js';
export { type TicketClaims, TicketSigner } from './queue-ticket.js';
export { RateMeter } from './rate-meter.js';
export { jitteredRetry, queueHints, type RetryHint } from './retry-after.js';
export {
  DEFAULT_ROOM,
  type QueueStanding,
  type RoomMode,
  type RoomSnapshot,
  type WaitingRoomOptions,
} from './room-options.js';
export { WaitingRoom } from './waiting-room.js';
export { WaitingRooms } from './waiting-rooms.js';
