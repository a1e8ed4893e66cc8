import type { Invoice } from '../types';
import { formatOre } from '../common/format';

/** How an invoice's "is it paid?" reads on the call screen: an i18n key, its values, and a colour. */
export interface InvoiceState {
  key: string;
  values: Record<string, string>;
  color: 'success' | 'warning' | 'error' | 'default' | 'info';
}

/**
 * Is it paid? A credit note is never "paid" (it is a credit note, settled when issued); a credited invoice
 * says so; an unpaid one says how much is left and whether it is past its due date (judged by the server's
 * today).
 */
export function invoiceState(
  invoice: Pick<Invoice, 'kind' | 'status' | 'paid_on' | 'open_ore' | 'paid_ore' | 'due_on'>,
  today: string | undefined,
): InvoiceState {
  if (invoice.kind === 'credit_note') return { key: 'money.status.credit_note', values: {}, color: 'info' };
  if (invoice.status === 'credited') return { key: 'money.status.credited', values: {}, color: 'default' };
  if (invoice.status === 'paid') {
    return invoice.paid_on
      ? { key: 'money.status.paid', values: { date: invoice.paid_on }, color: 'success' }
      : { key: 'money.status.paid_no_date', values: {}, color: 'success' };
  }
  const open = formatOre(invoice.open_ore);
  if (today !== undefined && invoice.due_on < today)
    return { key: 'money.status.overdue', values: { date: invoice.due_on, open }, color: 'error' };
  if (invoice.paid_ore > 0) return { key: 'money.status.partly_paid', values: { open }, color: 'warning' };
  return { key: 'money.status.unpaid', values: { date: invoice.due_on, open }, color: 'warning' };
}
