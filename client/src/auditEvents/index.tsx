import HistoryIcon from '@mui/icons-material/History';
import { Datagrid, DateField, FunctionField, List, TextField, TextInput, useTranslate } from 'react-admin';
import type { AuditEvent } from '../types';
import { describeChanges } from './describeChanges';
import { QueueAccess } from '../common/QueueAccess';

const filters = [
  <TextInput key="actor" source="actor" />,
  <TextInput key="entity" source="entity" />,
  <TextInput key="entity_id" source="entity_id" />,
];

export function AuditChanges({ record }: { record: AuditEvent }) {
  return (
    <>
      {describeChanges(record.changes).map((line) => (
        <div key={line}>{line}</div>
      ))}
    </>
  );
}

function ActionField() {
  const translate = useTranslate();
  return <FunctionField<AuditEvent> source="action" render={(e) => translate(`audit.action.${e.action}`, { _: e.action })} />;
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
  return (
    <List filters={filters} sort={{ field: 'id', order: 'DESC' }} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <DateField source="at" showTime />
        <TextField source="actor" />
        <ActionField />
        <TextField source="entity" />
        <TextField source="entity_id" />
        <FunctionField<AuditEvent> source="changes" sortable={false} render={(e) => <AuditChanges record={e} />} />
      </Datagrid>
    </List>
  );
}

export default { icon: HistoryIcon, list: AuditEventList };
