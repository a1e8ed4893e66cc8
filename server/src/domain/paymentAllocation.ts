/**
 * How much of a payment an invoice takes (PRODUCT.md, ledger rules): the paid amount reduces the
 * invoice's `open_ore`, never below 0; whatever is beyond it is surplus, booked as an `unmatched`
 * payment that a supervisor assigns later.
 *
 * Deductions (BgMax record 21, a negative amount: money the bank took back) are never applied to an
 * invoice in this version: they neither reopen a paid invoice nor raise what an unpaid one asks for.
 * The whole negative amount is surplus, so it lands in the unmatched queue where a supervisor sees it
 * next to the payment it reverses and decides (a new invoice, a reminder, or nothing). Doing it
 * automatically would need rules for which invoice and which payment it undoes that the spec does not
 * give, and an issued invoice never changes its total.
 */
export interface PaymentAllocation {
  /** Taken off the invoice's open amount (0 … open_ore). */
  applied_ore: number;
  /** Not applied: an unmatched payment of this amount (negative for a deduction). */
  surplus_ore: number;
  /** Nothing is left open on the invoice afterwards. */
  paid: boolean;
}

export function allocatePayment(openOre: number, amountOre: number): PaymentAllocation {
  if (!Number.isSafeInteger(openOre) || openOre < 0) throw new RangeError(`open_ore must be whole öre ≥ 0, got ${openOre}`);
  if (!Number.isSafeInteger(amountOre)) throw new RangeError(`amount_ore must be whole öre, got ${amountOre}`);
  const applied = amountOre > 0 ? Math.min(openOre, amountOre) : 0;
  return { applied_ore: applied, surplus_ore: amountOre - applied, paid: openOre - applied === 0 };
}
