import { downloadCSV, type Exporter } from 'react-admin';
import type { Cancellation } from '../types';

const COLUMNS: Array<keyof Cancellation | 'completed_on' | 'revoked_on'> = [
  'id',
  'customer_id',
  'subscription_id',
  'kind',
  'status',
  'requested_on',
  'ends_on',
  'refund_ore',
  'channel',
  'reason',
  'reason_note',
  'form_sent_on',
  'form_received_on',
  'completed_on',
  'revoked_on',
  'created_by',
  'created_at',
];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Semicolon-separated, as Swedish Excel expects; dates and öre exactly as stored. */
export const cancellationExporter: Exporter<Cancellation> = (records) => {
  const rows = records.map((r) => COLUMNS.map((c) => cell((r as unknown as Record<string, unknown>)[c])).join(';'));
  downloadCSV([COLUMNS.join(';'), ...rows].join('\r\n'), 'uppsagningar');
};
