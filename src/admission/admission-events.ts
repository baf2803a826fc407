import type { RoomSnapshot } from './room-options.js';

/** What admission announces once a second and on waiting-room changes (admin SSE, dashboards). */
export type AdmissionEvent =
  | {
      readonly type: 'admission-sampled';
      readonly at: number;
      readonly concurrencyLimit: number;
      readonly inflight: number;
      readonly eventLoopDelayMs: number;
      /** Decisions in the last interval by class name and outcome. */
      readonly decisions: Readonly<Record<string, Readonly<Record<string, number>>>>;
      readonly rooms: readonly RoomSnapshot[];
    }
  | {
      readonly type: 'waiting-room-engaged' | 'waiting-room-released';
      readonly campaignId: string;
      readonly at: number;
      readonly admitRate: number;
      readonly queueLength: number;
    }
  | {
      readonly type: 'waiting-room-mode-changed';
      readonly campaignId: string;
      readonly at: number;
      readonly mode: string;
    };

/** A listener of admission events; it must not throw and must return quickly. */
export type AdmissionListener = (event: AdmissionEvent) => void;
