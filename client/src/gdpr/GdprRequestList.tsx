import { Chip } from '@mui/material';
import { DataTable, List, ReferenceField, SelectInput, useTranslate } from 'react-admin';
import type { GdprRequest } from '../types';
import { choicesOf } from '../i18n/enumerations';
import { QueueAccess } from '../common/QueueAccess';

/** A toggle chip in the filter bar (react-admin's quick-filter pattern): on = `{ [source]: true }`. */
function QuickFilter({ label }: { label: string; source: string; defaultValue: unknown }) {
  const translate = useTranslate();
  return <Chip sx={{ mb: 1 }} label={translate(label)} />;
}

const filters = [
  <SelectInput key="type" source="type" choices={choicesOf('gdpr_type')} alwaysOn />,
  <SelectInput key="status" source="status" choices={choicesOf('gdpr_status')} alwaysOn />,
  <QuickFilter key="due_this_week" source="due_this_week" label="gdpr.filters.due_this_week" defaultValue={true} />,
  <QuickFilter key="overdue" source="overdue" label="gdpr.filters.overdue" defaultValue={true} />,
];

// Overdue requests stand out in red.
const rowSx = (r: GdprRequest) => (r.overdue ? { bgcolor: 'rgba(211, 47, 47, 0.08)', '& td': { color: 'error.main' } } : {});

/** GDPR-ärenden: the supervisors' queue, soonest deadline first, filtered by the server. */
export function GdprRequestList() {
  return (
    <QueueAccess resource="gdpr_requests">
      <GdprRequestQueue />
    </QueueAccess>
  );
}

function GdprRequestQueue() {
  const translate = useTranslate();
  return (
    <List sort={{ field: 'due_on', order: 'ASC' }} filters={filters} filterDefaultValues={{ status: 'open' }} exporter={false}>
      <DataTable rowClick="show" bulkActionButtons={false} rowSx={rowSx}>
        <DataTable.Col
          source="due_on"
          render={(r: GdprRequest) => (
            <span data-overdue={r.overdue ? 'true' : undefined}>
              {r.due_on}
              {r.overdue ? <Chip size="small" color="error" label={translate('gdpr.overdue')} sx={{ ml: 1 }} /> : null}
              {r.extension_reason ? <Chip size="small" variant="outlined" label={translate('gdpr.extended')} sx={{ ml: 1 }} /> : null}
            </span>
          )}
        />
        <DataTable.Col source="type" render={(r: GdprRequest) => translate(`gdpr_type.${r.type}`)} />
        <DataTable.Col source="customer_id">
          <ReferenceField source="customer_id" reference="customers" link={false} />
        </DataTable.Col>
        <DataTable.Col source="received_on" />
        <DataTable.Col source="channel" render={(r: GdprRequest) => translate(`channel.${r.channel}`)} />
        <DataTable.Col source="status" render={(r: GdprRequest) => translate(`gdpr_status.${r.status}`)} />
        <DataTable.Col source="created_by" />
      </DataTable>
    </List>
  );
}
