import { Counter, Gauge, type Registry } from 'prom-client';
import { type AdmissionController, OUTCOMES } from './admission-controller.js';
import { CLASS_NAMES, type PriorityClass } from './priority-classes.js';
import type { RoomSnapshot } from './room-options.js';

/**
 * Registers the admission metrics: decisions by class and outcome (counted in plain arrays on
 * the hot path, turned into counter increments when scraped), the gate's limit and in-flight
 * requests, the event loop as admission sees it, and each waiting room's queue and rate.
 */
export function registerAdmissionMetrics(registry: Registry, controller: AdmissionController): void {
  const reported: number[][] = CLASS_NAMES.map(() => OUTCOMES.map(() => 0));
  const decisions = new Counter({
    name: 'rushcart_admission_decisions_total',
    help: 'Admission decisions by priority class and outcome',
    labelNames: ['class', 'outcome'] as const,
    registers: [registry],
    collect: () => {
      controller.decisionRows().forEach((row, classIndex) => {
        row.forEach((value, outcomeIndex) => {
          const seen = reported[classIndex];
          const delta = value - (seen?.[outcomeIndex] ?? 0);
          if (delta <= 0 || seen === undefined) return;
          seen[outcomeIndex] = value;
          decisions.inc({ class: CLASS_NAMES[classIndex], outcome: OUTCOMES[outcomeIndex] }, delta);
        });
      });
    },
  });
  const gate = controller.gate;
  new Gauge({
    name: 'rushcart_admission_concurrency_limit',
    help: 'Current adaptive concurrency limit of the shared pool',
    registers: [registry],
    collect() {
      this.set(gate.limiter.limit);
    },
  });
  new Gauge({
    name: 'rushcart_admission_inflight',
    help: 'Requests in flight by priority class',
    labelNames: ['class'] as const,
    registers: [registry],
    collect() {
      for (let priority = 0; priority < 4; priority++) {
        this.set({ class: CLASS_NAMES[priority] }, gate.inflightOf(priority as PriorityClass));
      }
    },
  });
  new Gauge({
    name: 'rushcart_admission_checkouts_waiting',
    help: 'Checkouts waiting in line for a slot of the full pool',
    registers: [registry],
    collect() {
      this.set(gate.waiting);
    },
  });
  new Gauge({
    name: 'rushcart_admission_event_loop_delay_ms',
    help: 'Mean event-loop delay seen by admission',
    registers: [registry],
    collect() {
      this.set(controller.eventLoopDelayMs);
    },
  });
  new Gauge({
    name: 'rushcart_admission_event_loop_utilization',
    help: 'Share of the last half second the event loop was busy (0..1), as admission sees it',
    registers: [registry],
    collect() {
      this.set(controller.rooms.throughput.utilization);
    },
  });
  const roomGauge = (name: string, help: string, read: (room: RoomSnapshot) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['campaign'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const room of controller.rooms.snapshots(controller.now())) {
          this.set({ campaign: room.campaignId }, read(room));
        }
      },
    });
  roomGauge(
    'rushcart_waiting_room_queue_length',
    'Shoppers waiting, by campaign',
    (room) => room.queueLength,
  );
  roomGauge(
    'rushcart_waiting_room_admit_rate',
    'Tickets admitted per second, by campaign',
    (room) => room.admitRate,
  );
  roomGauge('rushcart_waiting_room_engaged', '1 while the waiting room is engaged', (room) =>
    room.engaged ? 1 : 0,
  );
}
