/**
 * The value of one sample in Prometheus text (`/metrics`): `name` with its labels exactly as the
 * server writes them, e.g. `rushcart_waiting_room_queue_length{campaign="cmp_1"}`.
 */
export function metricValue(text: string, sample: string): number | undefined {
  const escaped = sample.replace(/[{}"]/g, (character) => `\\${character}`);
  const match = new RegExp(`^${escaped} ([0-9.eE+-]+)$`, 'm').exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
