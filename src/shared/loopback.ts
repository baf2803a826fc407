/**
 * True for this machine's own address: a local proxy (whose clients all look like 127.0.0.1
 * unless trustProxy is set) or an operator's tooling. Per-address limits and rules skip it.
 */
export function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
