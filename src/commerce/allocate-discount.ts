/** A line's value before discount and the discount a coupon named for it, in minor units. */
export interface DiscountLine {
  readonly lineId: string;
  readonly amount: number;
}

/**
 * Splits an order's item discount across its lines so that the shares sum exactly to the discount
 * and no line's share exceeds its amount. Shares the coupons named per line are kept (capped at the
 * line's amount); the rest is spread in proportion to what each line has left, largest remainder
 * first, so that refunding a line later gives back exactly what the shopper paid for it.
 */
export function allocateDiscount(
  lines: readonly DiscountLine[],
  discount: number,
  namedShares: readonly DiscountLine[] = [],
): Map<string, number> {
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  let remaining = Math.min(Math.max(0, discount), total);
  const shares = new Map<string, number>(lines.map((line) => [line.lineId, 0]));
  const named = new Map<string, number>();
  for (const share of namedShares) named.set(share.lineId, (named.get(share.lineId) ?? 0) + share.amount);

  for (const line of lines) {
    const share = Math.min(Math.max(0, named.get(line.lineId) ?? 0), line.amount, remaining);
    shares.set(line.lineId, share);
    remaining -= share;
  }
  if (remaining === 0) return shares;

  const room = lines.map((line) => ({
    lineId: line.lineId,
    left: line.amount - (shares.get(line.lineId) ?? 0),
  }));
  const roomTotal = room.reduce((sum, line) => sum + line.left, 0);
  const exact = room.map((line) => ({ ...line, exact: (remaining * line.left) / roomTotal }));
  let handedOut = 0;
  for (const line of exact) {
    const whole = Math.floor(line.exact);
    shares.set(line.lineId, (shares.get(line.lineId) ?? 0) + whole);
    handedOut += whole;
  }
  const byRemainder = [...exact].sort(
    (a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)),
  );
  for (const line of byRemainder) {
    if (handedOut === remaining) break;
    const current = shares.get(line.lineId) ?? 0;
    const amount = lines.find((candidate) => candidate.lineId === line.lineId)?.amount ?? 0;
    if (current < amount) {
      shares.set(line.lineId, current + 1);
      handedOut += 1;
    }
  }
  return shares;
}
