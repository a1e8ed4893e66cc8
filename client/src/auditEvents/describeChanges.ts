import { formatPersonnummer } from '@domain/personnummer';
import type { AuditEvent } from '../types';
import { formatOre, formatPhone, formatTimestamp } from '../common/format';
import { peopleAuditValue } from '../people/auditValues';

/** react-admin's `translate`, as the description needs it (polyglot with a `_` default). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Names the description can put where a bare id would stand (a subscription's product). */
export interface Lookups {
  subscriptionName?: (id: number) => string | undefined;
  productName?: (id: number) => string | undefined;
  /** The UI's language, for lists in words ("Saras telefon och e-post"); Swedish when not given. */
  locale?: string;
}

export interface ChangeLine {
  field: string;
  /** The field in words. */
  label: string;
  before: string;
  after: string;
}

/**
 * The i18n prefix of an enumerated field's words, per entity (a `status` is a cancellation's, an
 * invoice's or a subscription's); undefined for fields that are not enumerations.
 */
function enumerationOf(entity: string, field: string): string | undefined {
  switch (field) {
    case 'payment_method':
    case 'to_method':
      return 'payment_method';
    case 'invoice_interval':
    case 'to_interval':
      return 'invoice_interval';
    case 'channel':
      return 'channel';
    case 'invoice_status':
      return 'invoice_status';
    case 'role':
      return 'roles';
    case 'identity_method':
      return 'gdpr.identity_method';
    case 'source':
      return entity === 'payments' ? 'payment_source' : undefined;
    case 'reason':
      return entity === 'cancellations' ? 'cancellation.reasons' : undefined;
    case 'type':
      return entity === 'gdpr_requests' ? 'gdpr_type' : undefined;
    case 'kind':
      return (
        {
          cancellations: 'cancellation_kind',
          billing_changes: 'billing_change_kind',
          invoices: 'invoice_kind',
          invoice_lines: 'invoice_line_kind',
        } as Record<string, string>
      )[entity];
    case 'status':
      return (
        {
          cancellations: 'cancellation_status',
          subscriptions: 'subscription_status',
          invoices: 'invoice_status',
          gdpr_requests: 'gdpr_status',
          autogiro_mandates: 'mandate_status',
          payments: 'payment_status',
        } as Record<string, string>
      )[entity];
    default:
      return undefined;
  }
}

const BOOLEAN_FIELDS = new Set(['identity_verified', 'with_stickers', 'active', 'refund']);
const PHONE_FIELDS = new Set(['phone', 'alarm_phone']);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The field in words: the resource's label, else the history's own, else the words "another field" (never the key). */
export function fieldLabel(entity: string, field: string, translate: Translate): string {
  const own = translate(`resources.${entity}.fields.${field}`, { _: '' });
  if (own) return own;
  const shared = translate(`history.fields.${field}`, { _: '' });
  return shared || translate('history.other_field');
}

/** One stored value in words: formatted (personnummer, phone, money, time), enumerations translated, ids named. */
export function describeValue(entity: string, field: string, value: unknown, translate: Translate, lookups: Lookups = {}): string {
  if (value === null || value === undefined || value === '') return '–';
  const people = peopleAuditValue(entity, field, value, translate, lookups.locale ?? 'sv');
  if (people !== undefined) return people;
  if (Array.isArray(value)) {
    // A rectification's fields: "Efternamn: Andersson → Berg".
    if (field === 'changes') {
      return (
        value
          .map((c: { field?: string; old_value?: unknown; new_value?: unknown }) =>
            translate('history.rectified_field', {
              field: fieldLabel('customers', String(c.field), translate),
              old: describeValue('customers', String(c.field), c.old_value, translate),
              new: describeValue('customers', String(c.field), c.new_value, translate),
            }),
          )
          .join('; ') || '–'
      );
    }
    return value.map((v) => describeValue(entity, field, v, translate, lookups)).join(', ');
  }
  if (typeof value === 'boolean' || (BOOLEAN_FIELDS.has(field) && (value === 0 || value === 1))) {
    return translate(value ? 'history.yes' : 'history.no');
  }
  if (field === 'personnummer' && typeof value === 'string') return /^\d{12}$/.test(value) ? formatPersonnummer(value) : value;
  if (PHONE_FIELDS.has(field) && typeof value === 'string') return formatPhone(value);
  if (field.endsWith('_ore') && typeof value === 'number') return formatOre(value);
  if (field === 'subscription_id' && typeof value === 'number') {
    return lookups.subscriptionName?.(value) ?? translate('history.subscription_number', { id: value });
  }
  if (field === 'product_id' && typeof value === 'number') return lookups.productName?.(value) ?? String(value);
  if (field === 'credits_invoice_id' && typeof value === 'number') return translate('history.invoice_number', { id: value });
  const enumeration = enumerationOf(entity, field);
  if (enumeration && typeof value === 'string') return translate(`${enumeration}.${value}`, { _: value });
  if (typeof value === 'string' && TIMESTAMP.test(value)) return formatTimestamp(value);
  if (typeof value === 'object') return translate('history.changed_value');
  return String(value);
}

/** Fields a change shows no line for: the customer it is about, and bookkeeping. */
const UNSHOWN = new Set(['customer_id', 'id', 'version', 'updated_at', 'created_at', 'updated_by']);

/**
 * Each changed field of an event as "label: before → after", in words. Empty for views and log-ins; a
 * field that is empty both before and after (a creation's unset fields) says nothing and is left out. A
 * field recorded with the same value before and after is context — what the event is about (the person,
 * the block) — and reads "label: value" (its `before` is '–').
 */
export function describeChanges(event: Pick<AuditEvent, 'entity' | 'changes'>, translate: Translate, lookups: Lookups = {}): ChangeLine[] {
  return Object.entries(event.changes ?? {})
    .filter(([field]) => !UNSHOWN.has(field))
    .map(([field, change]) => ({
      field,
      label: fieldLabel(event.entity, field, translate),
      before:
        change?.before !== null && change?.before !== undefined && JSON.stringify(change.before) === JSON.stringify(change.after)
          ? '–'
          : describeValue(event.entity, field, change?.before, translate, lookups),
      after: describeValue(event.entity, field, change?.after, translate, lookups),
    }))
    .filter((line) => line.before !== '–' || line.after !== '–');
}

/** Who acted: a user's username as it is, the system's own actors (the daily jobs, the monitoring service, the demo data) in words. */
export function actorName(actor: string, translate: Translate): string {
  return translate(`audit.actor.${actor}`, { _: actor });
}

/** Actions that are about the actor, not a record ("loggade in"). */
const WITHOUT_OBJECT = new Set(['login', 'logout']);

/** "skapade en anteckning", "öppnade kunden", "loggade in": what the event was, in words. */
export function describeAction(event: Pick<AuditEvent, 'action' | 'entity'>, translate: Translate): string {
  const action = translate(`audit.action.${event.action}`, { _: translate('history.unknown_action') });
  if (WITHOUT_OBJECT.has(event.action)) return action;
  const entity = translate(`audit.entity.${event.entity}`, { _: translate('history.unknown_entity') });
  return `${action} ${entity}`;
}

/** A change line as one string ("Telefon: 070-123 45 67 → 073-555 12 34"); a creation shows only the new value. */
export function changeText(line: ChangeLine): string {
  return line.before === '–' ? `${line.label}: ${line.after}` : `${line.label}: ${line.before} → ${line.after}`;
}
