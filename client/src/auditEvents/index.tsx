import HistoryIcon from '@mui/icons-material/History';
import { Link as MuiLink } from '@mui/material';
import { Link } from 'react-router-dom';
import {
  AutocompleteInput,
  DataTable,
  DateInput,
  List,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  TextInput,
  useTranslate,
} from 'react-admin';
import type { AuditEvent } from '../types';
import { formatTimestamp } from '../common/format';
import { DATE_CELL, FROM_MD, SCROLLING_TABLE } from '../common/columns';
import { QueueAccess } from '../common/QueueAccess';
import { AuditChangeLines } from './AuditEventText';
import { actorName, describeAction } from './describeChanges';
import { choicesOf } from '../i18n/enumerations';

/** Where a record of the log is shown: its own page where it has one, else the customer's record. */
export function recordPath(event: Pick<AuditEvent, 'entity' | 'entity_id' | 'customer_id'>): string | undefined {
  if (event.entity === 'customers' && event.entity_id) return `/customers/${event.entity_id}/show`;
  if (event.entity === 'cancellations' && event.entity_id) return `/cancellations/${event.entity_id}/show`;
  if (event.entity === 'gdpr_requests' && event.entity_id) return `/gdpr_requests/${event.entity_id}/show`;
  if (event.entity === 'users' && event.entity_id) return `/users/${event.entity_id}`;
  if (event.customer_id) return `/customers/${event.customer_id}/show${event.entity === 'notes' ? '/anteckningar' : ''}`;
  return undefined;
}

const filters = [
  <ReferenceInput key="customer_id" source="customer_id" reference="customers" alwaysOn>
    <AutocompleteInput
      label="audit_log.customer"
      optionText={(c: { first_name: string; last_name: string; customer_number: string }) =>
        `${c.first_name} ${c.last_name} (${c.customer_number})`
      }
      filterToQuery={(q: string) => ({ q })}
      sx={{ minWidth: 260 }}
    />
  </ReferenceInput>,
  <TextInput key="actor" source="actor" label="audit_log.actor" alwaysOn />,
  <SelectInput key="action" source="action" label="audit_log.action" choices={choicesOf('audit_log.actions')} />,
  <SelectInput key="entity" source="entity" label="audit_log.entity_filter" choices={choicesOf('audit_log.entities')} />,
  <DateInput key="at_from" source="at_from" label="audit_log.at_from" alwaysOn />,
  <DateInput key="at_to" source="at_to" label="audit_log.at_to" alwaysOn />,
  <SelectInput
    key="views"
    source="views"
    label="audit_log.views"
    choices={[
      { id: 'false', name: 'audit_log.changes_only' },
      { id: 'true', name: 'audit_log.views_only' },
    ]}
    // The API's filter is a boolean; the select holds text.
    parse={(v: string) => (v === 'true' ? true : v === 'false' ? false : undefined)}
    format={(v: boolean | undefined) => (v === undefined || v === null ? '' : String(v))}
  />,
];

function RecordLink({ event }: { event: AuditEvent }) {
  const translate = useTranslate();
  const path = recordPath(event);
  const words = translate(`audit_log.entities.${event.entity}`, { _: translate('history.unknown_entity') });
  if (!path) return <>{words}</>;
  return (
    <MuiLink component={Link} to={path} onClick={(e) => e.stopPropagation()} data-testid="audit-record-link">
      {words}
    </MuiLink>
  );
}

/** The whole audit log is the supervisors'; agents read one customer's history on the record. */
function AuditEventList() {
  return (
    <QueueAccess resource="audit_events">
      <AuditLog />
    </QueueAccess>
  );
}

function AuditLog() {
  const translate = useTranslate();
  return (
    <List filters={filters} sort={{ field: 'id', order: 'DESC' }} exporter={false}>
      <DataTable bulkActionButtons={false} rowClick={false} sx={SCROLLING_TABLE}>
        <DataTable.Col source="at" sx={DATE_CELL} render={(e: AuditEvent) => formatTimestamp(e.at)} />
        <DataTable.Col source="actor" disableSort render={(e: AuditEvent) => actorName(e.actor, translate)} />
        <DataTable.Col source="action" disableSort render={(e: AuditEvent) => describeAction(e, translate)} />
        <DataTable.Col label="audit_log.record" disableSort render={(e: AuditEvent) => <RecordLink event={e} />} />
        <DataTable.Col source="customer_id" disableSort>
          <ReferenceField source="customer_id" reference="customers" link="show" emptyText="–" />
        </DataTable.Col>
        <DataTable.Col source="changes" disableSort sx={FROM_MD} render={(e: AuditEvent) => <AuditChangeLines event={e} />} />
      </DataTable>
    </List>
  );
}

export default { icon: HistoryIcon, list: AuditEventList };
