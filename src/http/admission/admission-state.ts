import type { AdmissionController, RouteAdmission } from '../../admission/index.js';

/** Per-request admission state; `undefined` for exempt routes and for requests refused at the edge. */
export interface AdmissionState {
  readonly route: RouteAdmission;
  startedAt: number;
  inflightAtStart: number;
  held: boolean;
  /** A waiting-room ticket this request used, given back if the claim is refused for capacity. */
  ticket: { campaignId: string; sequence: number; key: string } | undefined;
  /** The same for a ticket another node's room issued (judged through Redis). */
  foreign: { campaignId: string; epoch: string; sequence: number; key: string } | undefined;
  /** The place the room gave this claim without a ticket, when it is held rather than answered 428. */
  placed: string | undefined;
  /** The shopper's rate limit was already charged for this request (before its body was read). */
  limited: boolean;
}

/** Gives back the gate slot a request holds, if any, with its latency for the adaptive limit. */
export function releaseSlot(
  controller: AdmissionController,
  state: AdmissionState,
  latencyMs: number | undefined,
): void {
  if (!state.held) return;
  state.held = false;
  controller.gate.release(state.route.priority, controller.now(), latencyMs, state.inflightAtStart);
}
