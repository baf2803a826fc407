/** How long a claim woken into the claim path may stay unreported before its room is reused (ms). */
const ABANDONED_MS = 5000;

/**
 * The bookkeeping of completion-driven admission for one room: which places have a claim held
 * in this process (ascending), and which admitted places have their claim in the claim path.
 * Pure; the room decides when to admit.
 */
export class ClaimPathWindow {
  /** Places with a claim held here waiting for their admission, ascending. */
  private readonly held: number[] = [];
  /** Admitted places whose claim is in the claim path (or was woken to go there), and since when. */
  private readonly inPath = new Map<number, number>();

  /** Admitted claims in the claim path now. */
  get size(): number {
    return this.inPath.size;
  }

  /** A claim is held for `place` (places are handed out in order: mostly an append). */
  hold(place: number): void {
    let index = this.held.length;
    while (index > 0 && (this.held[index - 1] ?? 0) > place) index--;
    if (this.held[index - 1] !== place) this.held.splice(index, 0, place);
  }

  /** No claim is held for `place` any more (its client left). */
  unhold(place: number): void {
    const index = this.held.indexOf(place);
    if (index >= 0) this.held.splice(index, 1);
  }

  /** Every place up to `place` is admitted: none of them is waiting any more. */
  admittedThrough(place: number): void {
    while ((this.held[0] ?? Number.POSITIVE_INFINITY) <= place) this.held.shift();
  }

  /** The first place with a held claim, if any. */
  nextHeld(): number | undefined {
    return this.held[0];
  }

  /** The claim of `place` entered the claim path at `now`. */
  entered(place: number, now: number): void {
    this.inPath.set(place, now);
  }

  /** The claim of `place` left the claim path; false if it was not in it. */
  left(place: number): boolean {
    return this.inPath.delete(place);
  }

  /** Forgets claims woken whose client left and never reported back. */
  expire(now: number): void {
    for (const [place, since] of this.inPath) if (now - since > ABANDONED_MS) this.inPath.delete(place);
  }

  /** Forgets everything (the room released, or the campaign ran out). */
  clear(): void {
    this.held.length = 0;
    this.inPath.clear();
  }
}
