import { downloadCSV, type Exporter } from 'react-admin';
import type { Cancellation, Customer, Product, Subscription } from '../types';
import { toCsv } from '../common/csv';
import { formatKronor, formatTimestamp } from '../common/format';
import { i18nProvider } from '../i18n/i18nProvider';
import type { Translate } from '../auditEvents/describeChanges';

/** The names the export puts where the queue holds ids. */
export interface ExportNames {
  customer: (id: number) => Pick<Customer, 'first_name' | 'last_name' | 'customer_number'> | undefined;
  product: (subscriptionId: number) => string | undefined;
}

/** The queue's rows as a spreadsheet: every column headed and filled in words, money in kronor, dates as dates. */
export function cancellationRows(
  records: readonly Cancellation[],
  names: ExportNames,
  translate: Translate,
): { header: string[]; rows: string[][] } {
  const f = (field: string) => translate(`resources.cancellations.fields.${field}`);
  const header = [
    translate('resources.customers.fields.customer_number'),
    f('customer_id'),
    f('subscription_id'),
    f('kind'),
    f('status'),
    f('requested_on'),
    f('ends_on'),
    translate('queues.export_refund'),
    f('channel'),
    f('reason'),
    f('reason_note'),
    f('form_sent_on'),
    f('form_received_on'),
    f('completed_on'),
    f('revoked_on'),
    f('revoke_reason'),
    f('created_by'),
    f('created_at'),
  ];
  const rows = records.map((r) => {
    const customer = names.customer(r.customer_id);
    return [
      customer?.customer_number ?? '',
      customer ? `${customer.first_name} ${customer.last_name}` : '',
      names.product(r.subscription_id) ?? '',
      translate(`cancellation_kind.${r.kind}`),
      translate(`cancellation_status.${r.status}`),
      r.requested_on,
      r.ends_on,
      formatKronor(r.refund_ore),
      translate(`channel.${r.channel}`),
      translate(`cancellation.reasons.${r.reason}`, { _: r.reason }),
      r.reason_note ?? '',
      r.form_sent_on ?? '',
      r.form_received_on ?? '',
      r.completed_on ?? '',
      r.revoked_on ?? '',
      r.revoke_reason ?? '',
      r.created_by,
      formatTimestamp(r.created_at),
    ];
  });
  return { header, rows };
}

/**
 * Semicolon-separated with a byte-order mark, as Swedish Excel opens it; in the language of the screen;
 * cells that look like formulas neutralised (common/csv.ts).
 */
export const cancellationExporter: Exporter<Cancellation> = async (records, fetchRelatedRecords) => {
  const [customers, subscriptions] = await Promise.all([
    fetchRelatedRecords<Customer>(records, 'customer_id', 'customers'),
    fetchRelatedRecords<Subscription>(records, 'subscription_id', 'subscriptions'),
  ]);
  const products = await fetchRelatedRecords<Product>(Object.values(subscriptions), 'product_id', 'products');
  const translate: Translate = (key, options) => i18nProvider.translate(key, options);
  const { header, rows } = cancellationRows(
    records,
    {
      customer: (id) => customers[id],
      product: (subscriptionId) => {
        const subscription = subscriptions[subscriptionId];
        return subscription ? products[subscription.product_id]?.name : undefined;
      },
    },
    translate,
  );
  downloadCSV(`\ufeff${toCsv(header, rows)}`, translate('queues.export_filename'));
};
