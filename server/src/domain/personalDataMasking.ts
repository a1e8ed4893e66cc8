import type { AuditChanges } from './apiTypes';
import { formatPhone } from './phone';

/**
 * Masking of personal values outside the opened record: the history (audit events) an agent reads shows
 * enough to follow what happened — "phone changed from 070-*** ** 67 to 073-*** ** 76" — but never the
 * whole value, which only the record (whose opening is itself audited) and the supervisors' audit show.
 * Each rule keeps what a person needs to recognise the value and hides what identifies someone.
 */

/** `19800101-1231` or `198001011231` → `19800101-****`: the birth date stays, the last four go. */
export function maskPersonnummerValue(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 12) return `${digits.slice(0, 8)}-****`;
  if (digits.length >= 10) return `${digits.slice(0, 6)}-****`;
  return '****';
}

/** `+46701234567` → `070-*** ** 67`: the prefix and the last two digits, in the national form. */
export function maskPhone(value: string): string {
  const shown = formatPhone(value);
  const total = shown.replace(/\D/g, '').length;
  if (total <= 5) return shown.replace(/\d/g, '*');
  let seen = 0;
  return shown.replace(/\d/g, (d) => {
    seen++;
    return seen <= 3 || seen > total - 2 ? d : '*';
  });
}

/**
 * `anna.andersson@example.se` → `a***n@example.se`: the first and last letter of the name and the domain
 * (so a change from `anna.andersson@…` to `anna.ny@…` still reads as a change); short names keep one letter.
 */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  const local = [...(at > 0 ? value.slice(0, at) : value)];
  const domain = at > 0 ? value.slice(at) : '';
  if (local.length === 0) return value;
  const shown = local.length >= 4 ? `${local[0]}***${local[local.length - 1]}` : `${local[0]}***`;
  return `${shown}${domain}`;
}

/** `Storgatan 1` → `Sto***`: the street's first letters, no number. */
export function maskStreet(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return trimmed;
  const firstWord = trimmed.split(/\s+/)[0];
  return `${[...firstWord].slice(0, 3).join('')}***`;
}

/** `252 24` → `25* **`: the postal region (first two digits) stays. */
export function maskPostalCode(value: string): string {
  let seen = 0;
  return value.replace(/\d/g, (d) => (++seen <= 2 ? d : '*'));
}

/** `12345678` → `****5678`, as account numbers are shown to agents. */
export function maskAccountNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  return `****${digits.slice(-4)}`;
}

type Masker = (value: string) => string;

/** Which values are masked, by field name (customers, covered persons, mandates alike). */
export const MASKED_FIELDS: Readonly<Record<string, Masker>> = {
  personnummer: maskPersonnummerValue,
  phone: maskPhone,
  alarm_phone: maskPhone,
  email: maskEmail,
  alarm_email: maskEmail,
  street: maskStreet,
  postal_code: maskPostalCode,
  account_number: maskAccountNumber,
  clearing_number: () => '****',
  // Where an alarm was sent (`sent_to`: `{ channel, address, owner }`): a phone number or an e-mail address.
  address: (value) => (value.includes('@') ? maskEmail(value) : maskPhone(value)),
};

/**
 * A value with every personal part masked: strings under a masked field name; objects field by field;
 * lists item by item; and a rectification's `{ field, old_value, new_value }` by the field it names.
 */
export function maskValue(value: unknown, field?: string): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, field));
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const named = typeof record.field === 'string' ? record.field : undefined;
    return Object.fromEntries(
      Object.entries(record).map(([key, v]) => [key, maskValue(v, named && (key === 'old_value' || key === 'new_value') ? named : key)]),
    );
  }
  const masker = field !== undefined && Object.hasOwn(MASKED_FIELDS, field) ? MASKED_FIELDS[field] : undefined;
  return masker ? masker(String(value)) : value;
}

/** An audit event's changes as an agent may read them. */
export function maskAuditChanges(changes: AuditChanges): AuditChanges {
  const out: AuditChanges = {};
  for (const [field, change] of Object.entries(changes)) {
    out[field] = { before: maskValue(change?.before, field), after: maskValue(change?.after, field) };
  }
  return out;
}
