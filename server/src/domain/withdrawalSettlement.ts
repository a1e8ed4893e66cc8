import type { IsoDate } from './calendarDate';
import type { InvoiceStatus } from './values';

/**
 * What a withdrawal (ångerrätt) settles on the invoices of the withdrawn subscription: the customer pays
 * nothing for it. What is still open is credited, what was paid is refunded — both as credit notes that
 * reference the invoice (an issued invoice never changes), in the shape billing's credit notes take:
 * `credit` lowers the invoice's open amount, `refund` is paid back to the customer.
 *
 * Per invoice, the subscription's share is its lines less what earlier credit notes already took off
 * them (a removed sticker fee). That share is credited first, at most down to what is open on the
 * invoice; an invoice that also bills other subscriptions is credited for this one first, so the
 * customer is never refunded money while still owing on the same invoice. The rest of the share was
 * paid and is refunded, at most what was paid on the invoice.
 */
export interface SettlementLine {
  subscription_id: number;
  kind: 'service' | 'sticker';
  description: string;
  period_start: IsoDate | null;
  period_end: IsoDate | null;
  amount_ore: number;
  /** Already taken off this line by earlier credit notes (credits or refunds), ≥ 0. */
  credited_ore?: number;
}

export interface SettlementInvoice {
  invoice_id: number;
  invoice_number: string;
  status: InvoiceStatus;
  open_ore: number;
  /** Payments booked on the invoice. */
  paid_ore: number;
  /** The withdrawn subscription's lines on the invoice. */
  lines: SettlementLine[];
}

export interface SettlementCreditNote {
  kind: 'credit' | 'refund';
  invoice_id: number;
  invoice_number: string;
  /** Positive: what the credit note takes off (it is issued with negative amounts). */
  amount_ore: number;
  lines: Array<{
    subscription_id: number;
    description: string;
    period_start: IsoDate | null;
    period_end: IsoDate | null;
    amount_ore: number;
  }>;
}

export interface WithdrawalSettlement {
  credit_notes: SettlementCreditNote[];
  /** Sum of the `credit` notes: no longer owed. */
  credited_ore: number;
  /** Sum of the `refund` notes: paid back to the customer (the cancellation's `refund_ore`). */
  refund_ore: number;
}

function wholeOre(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be whole öre ≥ 0, got ${value}`);
  return value;
}

export function settleWithdrawal(invoices: readonly SettlementInvoice[]): WithdrawalSettlement {
  const notes: SettlementCreditNote[] = [];
  for (const invoice of invoices) {
    const remaining = invoice.lines.map((l) =>
      Math.max(0, wholeOre(l.amount_ore, 'amount_ore') - wholeOre(l.credited_ore ?? 0, 'credited_ore')),
    );
    const share = remaining.reduce((s, r) => s + r, 0);
    const credit = Math.min(share, wholeOre(invoice.open_ore, 'open_ore'));
    const refund = Math.min(share - credit, wholeOre(invoice.paid_ore, 'paid_ore'));
    // Take the credit from the lines in order, then the refund from what they have left.
    for (const [kind, total] of [
      ['credit', credit],
      ['refund', refund],
    ] as const) {
      if (total <= 0) continue;
      const note: SettlementCreditNote = {
        kind,
        invoice_id: invoice.invoice_id,
        invoice_number: invoice.invoice_number,
        amount_ore: 0,
        lines: [],
      };
      invoice.lines.forEach((line, i) => {
        const amount = Math.min(remaining[i], total - note.amount_ore);
        if (amount <= 0) return;
        remaining[i] -= amount;
        note.amount_ore += amount;
        note.lines.push({
          subscription_id: line.subscription_id,
          description: `Kreditering faktura ${invoice.invoice_number}: ${line.description}`,
          period_start: line.period_start,
          period_end: line.period_end,
          amount_ore: amount,
        });
      });
      notes.push(note);
    }
  }
  const sum = (kind: SettlementCreditNote['kind']) => notes.filter((n) => n.kind === kind).reduce((s, n) => s + n.amount_ore, 0);
  return { credit_notes: notes, credited_ore: sum('credit'), refund_ore: sum('refund') };
}
