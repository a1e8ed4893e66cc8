import { useState } from 'react';
import { Button, Chip, Tab, Tabs, Typography } from '@mui/material';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import BlockIcon from '@mui/icons-material/Block';
import {
  DataTable,
  List,
  ReferenceField,
  required,
  SelectInput,
  TextInput,
  useDataProvider,
  useGetList,
  useListContext,
  useNotify,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { GdprRequest } from '../types';
import { choicesOf } from '../i18n/enumerations';
import { QueueAccess } from '../common/QueueAccess';
import { ActionDialog } from '../common/ActionDialog';
import { serverMessage } from '../common/serverErrors';
import { DATE_CELL, FROM_LG, FROM_MD, SCROLLING_TABLE } from '../common/columns';

/** A toggle chip in the filter bar (react-admin's quick-filter pattern): on = `{ [source]: true }`. */
function QuickFilter({ label }: { label: string; source: string; defaultValue: unknown }) {
  const translate = useTranslate();
  return <Chip sx={{ mb: 1 }} label={translate(label)} />;
}

const filters = [
  <SelectInput key="type" source="type" choices={choicesOf('gdpr_type')} alwaysOn />,
  <QuickFilter key="due_this_week" source="due_this_week" label="gdpr.filters.due_this_week" defaultValue={true} />,
];

/** The queue's tabs: overdue first, then every status; each is a filter, with its count. */
const TABS: Array<{ id: string; label: string; filter: Record<string, unknown> }> = [
  { id: 'overdue', label: 'gdpr.filters.overdue', filter: { status: 'open', overdue: true } },
  { id: 'open', label: 'gdpr_status.open', filter: { status: 'open' } },
  { id: 'completed', label: 'gdpr_status.completed', filter: { status: 'completed' } },
  { id: 'rejected', label: 'gdpr_status.rejected', filter: { status: 'rejected' } },
];

function withoutTab(filterValues: Record<string, unknown>) {
  const { status: _s, overdue: _o, ...others } = filterValues;
  return others;
}

function TabLabel({ tab }: { tab: (typeof TABS)[number] }) {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const { total } = useGetList('gdpr_requests', {
    filter: { ...withoutTab(filterValues), ...tab.filter },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'id', order: 'ASC' },
  });
  return (
    <span data-testid={`gdpr-tab-${tab.id}`}>
      {translate(tab.label)} ({total ?? '…'})
    </span>
  );
}

function StatusTabs() {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const current = filterValues.overdue === true ? 'overdue' : String(filterValues.status ?? 'open');
  return (
    <Tabs
      value={current}
      onChange={(_e, id: string) => {
        const tab = TABS.find((t) => t.id === id)!;
        setFilters({ ...withoutTab(filterValues), ...tab.filter }, displayedFilters);
      }}
      variant="scrollable"
      scrollButtons="auto"
    >
      {TABS.map((tab) => (
        <Tab key={tab.id} value={tab.id} label={<TabLabel tab={tab} />} />
      ))}
    </Tabs>
  );
}

interface BulkValues {
  outcome?: string;
}

interface BulkResult {
  ok: number;
  failed: unknown[];
}

/**
 * Complete or reject the selected open requests, with one outcome for all: each request is its own PUT
 * (with the version it was shown with and its own idempotency key), so a request someone else changed
 * meanwhile is refused alone and named, and the others are saved.
 */
function BulkGdprButton({ kind }: { kind: 'complete' | 'reject' }) {
  const { selectedIds, data = [] } = useListContext<GdprRequest>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('gdpr_requests');
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const [open, setOpen] = useState(false);
  const records = data.filter((r) => selectedIds.includes(r.id) && r.status === 'open');
  const label = kind === 'complete' ? 'queues.gdpr_bulk.complete' : 'queues.gdpr_bulk.reject';
  return (
    <>
      <Button
        size="small"
        startIcon={kind === 'complete' ? <DoneAllIcon /> : <BlockIcon />}
        disabled={records.length === 0}
        onClick={() => setOpen(true)}
        data-testid={`gdpr-bulk-${kind}`}
      >
        {translate(label)}
      </Button>
      {open ? (
        <ActionDialog<BulkValues, BulkResult>
          title={translate(kind === 'complete' ? 'queues.gdpr_bulk.complete_title' : 'queues.gdpr_bulk.reject_title', {
            smart_count: records.length,
          })}
          submitLabel={label}
          resource="gdpr_requests"
          onClose={() => setOpen(false)}
          submit={async (values, request) => {
            const results = await Promise.allSettled(
              records.map((r) =>
                kind === 'complete'
                  ? dataProvider.completeGdprRequest(r, values.outcome, { idempotencyKey: request.keyFor(r.id) })
                  : dataProvider.rejectGdprRequest(r, values.outcome ?? '', { idempotencyKey: request.keyFor(r.id) }),
              ),
            );
            return {
              ok: results.filter((x) => x.status === 'fulfilled').length,
              failed: results.filter((x): x is PromiseRejectedResult => x.status === 'rejected').map((x) => x.reason),
            };
          }}
          onSuccess={({ ok, failed }) => {
            if (ok) notify('queues.gdpr_bulk.done', { type: 'success', messageArgs: { smart_count: ok } });
            if (failed.length) {
              notify('queues.gdpr_bulk.failed', {
                type: 'error',
                messageArgs: { smart_count: failed.length, message: serverMessage(failed[0]) ?? '' },
              });
            }
            setOpen(false);
            unselectAll();
            refresh();
          }}
        >
          <Typography variant="body2" sx={{ mb: 2 }}>
            {translate('queues.gdpr_bulk.explain')}
          </Typography>
          {kind === 'complete' ? (
            <TextInput source="outcome" label="gdpr.outcome_optional" multiline fullWidth />
          ) : (
            <TextInput source="outcome" label="gdpr.reject_reason" multiline fullWidth validate={required()} />
          )}
        </ActionDialog>
      ) : null}
    </>
  );
}

const BulkActions = () => (
  <>
    <BulkGdprButton kind="complete" />
    <BulkGdprButton kind="reject" />
  </>
);

// Overdue requests stand out in red.
const rowSx = (r: GdprRequest) => (r.overdue ? { bgcolor: 'rgba(211, 47, 47, 0.08)', '& td': { color: 'error.main' } } : {});

/** GDPR-ärenden: the supervisors' queue, soonest deadline first (so the overdue ones lead), filtered by the server. */
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
      <StatusTabs />
      <DataTable rowClick="show" bulkActionButtons={<BulkActions />} rowSx={rowSx} sx={SCROLLING_TABLE}>
        <DataTable.Col
          source="due_on"
          sx={DATE_CELL}
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
        <DataTable.Col source="received_on" sx={{ ...DATE_CELL, ...FROM_MD }} />
        <DataTable.Col source="channel" sx={FROM_LG} render={(r: GdprRequest) => translate(`channel.${r.channel}`)} />
        <DataTable.Col source="status" render={(r: GdprRequest) => translate(`gdpr_status.${r.status}`)} />
        <DataTable.Col source="created_by" sx={FROM_LG} />
      </DataTable>
    </List>
  );
}
