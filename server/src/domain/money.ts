/** Money is integer öre; prices include 25 % VAT, so the VAT part is 20 % of the price. */
export const VAT_RATE = 0.25;

export function vatPart(amountInclVatOre: number): number {
  // 25 % on top of the net price is 20 % of the gross price: integer arithmetic, no float drift.
  return Math.round(amountInclVatOre / 5);
}

// Made once, as `toLocaleString` would make one per call.
const KRONOR = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatKronor(ore: number): string {
  return `${KRONOR.format(ore / 100)} kr`;
}
