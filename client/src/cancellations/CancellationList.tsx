import { Button, Chip } from '@mui/material';
import InsightsIcon from '@mui/icons-material/Insights';
import { Link } from 'react-router-dom';
import { DataTable, ExportButton, FilterButton, List, ReferenceField, TopToolbar, useTranslate } from 'react-admin';
import type { Cancellation } from '../types';
import { formatOre } from '../common/format';
import { cancellationFilters } from './cancellationFilters';
import { cancellationExporter } from './cancellationExporter';
import { StatusTabs } from './StatusTabs';
import { BulkTransitionButton } from './TransitionButton';
import { isFormOverdue } from '@domain/cancellationRules';
import { useToday } from '../auth/identity';
import { QueueAccess } from '../common/QueueAccess';
import { DATE_CELL, FROM_LG, FROM_MD, SCROLLING_TABLE } from '../common/columns';
import { SubscriptionName } from '../customers/SubscriptionName';

/** The API answers at most 500 rows a page: the export and next/previous stay within it. */
export const MAX_PAGE_ROWS = 500;

function Actions() {
  const translate = useTranslate();
  return (
    <TopToolbar>
      <Button component={Link} to="/cancellations-overview" size="small" startIcon={<InsightsIcon />}>
        {translate('cancellation.overview.link')}
      </Button>
      <FilterButton />
      <ExportButton maxResults={MAX_PAGE_ROWS} />
    </TopToolbar>
  );
}

const BulkActions = () => (
  <>
    <BulkTransitionButton to="form_sent" />
    <BulkTransitionButton to="confirmed" />
  </>
);

function FormSent({ record }: { record: Cancellation }) {
  const translate = useTranslate();
  const today = useToday();
  if (!record.form_sent_on) return <>–</>;
  return (
    <>
      <span style={{ whiteSpace: 'nowrap' }}>{record.form_sent_on}</span>{' '}
      {today && isFormOverdue(record, today) && <Chip size="small" color="error" label={translate('cancellation.overdue')} />}
    </>
  );
}

/** Uppsägningar: the supervisor's queue. */
export function CancellationList() {
  return (
    <QueueAccess resource="cancellations">
      <CancellationQueue />
    </QueueAccess>
  );
}

function CancellationQueue() {
  const translate = useTranslate();
  return (
    <List
      sort={{ field: 'ends_on', order: 'ASC' }}
      filters={cancellationFilters}
      filterDefaultValues={{ status: 'registered' }}
      perPage={25}
      actions={<Actions />}
      exporter={cancellationExporter}
    >
      <StatusTabs />
      <DataTable<Cancellation> rowClick="show" bulkActionButtons={<BulkActions />} sx={SCROLLING_TABLE}>
        <DataTable.Col source="customer_id" disableSort>
          <ReferenceField source="customer_id" reference="customers" link="show" />
        </DataTable.Col>
        <DataTable.Col source="subscription_id" disableSort sx={FROM_MD}>
          <SubscriptionName />
        </DataTable.Col>
        <DataTable.Col source="kind" disableSort render={(r: Cancellation) => translate(`cancellation_kind.${r.kind}`)} />
        <DataTable.Col
          source="reason"
          disableSort
          sx={FROM_MD}
          render={(r: Cancellation) => translate(`cancellation.reasons.${r.reason}`, { _: r.reason })}
        />
        <DataTable.Col source="requested_on" sx={DATE_CELL} />
        <DataTable.Col source="ends_on" sx={DATE_CELL} />
        <DataTable.Col
          source="refund_ore"
          disableSort
          sx={{ ...DATE_CELL, ...FROM_LG }}
          render={(r: Cancellation) => formatOre(r.refund_ore)}
        />
        <DataTable.Col source="form_sent_on" render={(r: Cancellation) => <FormSent record={r} />} />
        <DataTable.Col source="status" disableSort render={(r: Cancellation) => translate(`cancellation_status.${r.status}`)} />
        <DataTable.Col source="created_by" disableSort sx={FROM_LG} />
      </DataTable>
    </List>
  );
}
