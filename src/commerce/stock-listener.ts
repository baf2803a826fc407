/** Told when stock of some variants changed (checkout, cancel, return), so search can refresh them. */
export interface StockListener {
  stockChanged(variantIds: readonly string[]): void | Promise<void>;
}
