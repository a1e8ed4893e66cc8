import type { AlarmDestination } from '@domain/coveredPersons';
import { maskPersonnummer } from '@domain/personnummer';
import { formatTimestamp, formatPhone } from '../common/format';
import { sentToWords } from './alarmRoute';
import type { Translate } from '../auditEvents/describeChanges';

const TIMES = new Set(['occurred_at', 'placed_at', 'lifted_at', 'sent_at']);

/**
 * A value in the history of a covered person, an alarm or a block, in words: relations and kinds
 * translated, phone numbers formatted, instants in Stockholm time, the personnummer masked (the history is
 * a list: PRODUCT.md shows the whole number only on the opened record). Undefined for other entities and
 * fields: shown as stored.
 */
export function peopleAuditValue(entity: string, field: string, value: unknown, translate: Translate, locale: string): string | undefined {
  if (entity !== 'covered_persons' && entity !== 'alarms' && entity !== 'blocks') return undefined;
  if (field === 'relation') return translate(`people.relation.${String(value)}`);
  if (field === 'kind') return translate(`${entity === 'alarms' ? 'alarms' : 'blocks'}.kind.${String(value)}`);
  if (field === 'personnummer' && typeof value === 'string' && /^\d{12}$/.test(value)) return maskPersonnummer(value);
  if (field === 'alarm_phone' && typeof value === 'string') return formatPhone(value);
  if (TIMES.has(field) && typeof value === 'string') return formatTimestamp(value);
  if (field === 'sent_to' && Array.isArray(value)) {
    return value.length ? sentToWords(value as AlarmDestination[], translate, locale) : translate('alarms.not_sent');
  }
  return undefined;
}
