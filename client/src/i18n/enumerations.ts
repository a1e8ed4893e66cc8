import { CANCELLATION_KINDS, CANCELLATION_REASONS, CANCELLATION_STATUSES, CANCELLATION_TARGETS } from '@domain/cancellationRules';
import { PERSONAL_DATA_FIELDS } from '@domain/customerFields';
import { GDPR_STATUSES, GDPR_TYPES, IDENTITY_METHODS } from '@domain/gdprRules';
import { ROLES } from '@domain/roles';
import {
  ALARM_KINDS,
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  BILLING_CHANGE_KINDS,
  BLOCK_KINDS,
  CHANNELS,
  COVERED_RELATIONS,
  INVOICE_INTERVALS,
  INVOICE_KINDS,
  INVOICE_LINE_KINDS,
  INVOICE_STATUSES,
  MANDATE_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_SOURCES,
  PAYMENT_STATUSES,
  SUBSCRIPTION_STATUSES,
} from '@domain/values';

/**
 * Where the words for each enumeration of the domain live in the i18n messages: the value `v` of the
 * enumeration under `prefix` reads `translate(`${prefix}.${v}`)`. The allowed values themselves are the
 * domain's; a client test fails when one of them has no words in Swedish or English.
 */
export const ENUMERATIONS = {
  roles: ROLES,
  invoice_interval: INVOICE_INTERVALS,
  payment_method: PAYMENT_METHODS,
  subscription_status: SUBSCRIPTION_STATUSES,
  invoice_status: INVOICE_STATUSES,
  invoice_kind: INVOICE_KINDS,
  invoice_line_kind: INVOICE_LINE_KINDS,
  billing_change_kind: BILLING_CHANGE_KINDS,
  mandate_status: MANDATE_STATUSES,
  payment_status: PAYMENT_STATUSES,
  payment_source: PAYMENT_SOURCES,
  channel: CHANNELS,
  cancellation_kind: CANCELLATION_KINDS,
  cancellation_status: CANCELLATION_STATUSES,
  'cancellation.reasons': CANCELLATION_REASONS,
  'cancellation.actions': CANCELLATION_TARGETS,
  gdpr_type: GDPR_TYPES,
  gdpr_status: GDPR_STATUSES,
  'gdpr.identity_method': IDENTITY_METHODS,
  'resources.customers.fields': PERSONAL_DATA_FIELDS,
  'people.relation': COVERED_RELATIONS,
  'alarms.kind': ALARM_KINDS,
  'blocks.kind': BLOCK_KINDS,
  // The audit log's filters, and the history's sentences ("skapade en anteckning").
  'audit_log.actions': AUDIT_ACTIONS,
  'audit_log.entities': AUDIT_ENTITIES,
  'audit.action': AUDIT_ACTIONS,
  'audit.entity': AUDIT_ENTITIES,
} as const;

export type EnumerationPrefix = keyof typeof ENUMERATIONS;

/** The i18n key of one value. */
export const labelKey = (prefix: EnumerationPrefix, value: string) => `${prefix}.${value}`;

/** The choices of a select or radio input: every allowed value, named by its i18n key (react-admin translates it). */
export function choicesOf<P extends EnumerationPrefix>(prefix: P): Array<{ id: (typeof ENUMERATIONS)[P][number]; name: string }> {
  return ENUMERATIONS[prefix].map((id) => ({ id, name: labelKey(prefix, id) }));
}
