import { useState } from 'react';
import { Button, Stack, Typography } from '@mui/material';
import {
  DataTable,
  List,
  ReferenceField,
  required,
  SelectInput,
  TextInput,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import { ActionDialog } from '../common/ActionDialog';
import { QueueAccess } from '../common/QueueAccess';
import { choicesOf } from '../i18n/enumerations';
import type { AutogiroMandate } from '../types';

/** Godkänn or Avslå (with the reason the call screen shows) for a requested mandate, with the version it was shown with. */
function Decision({ decision }: { decision: 'approved' | 'rejected' }) {
  const mandate = useRecordContext<AutogiroMandate>();
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  if (!mandate || mandate.status !== 'requested') return null;
  const approve = decision === 'approved';
  const label = approve ? 'money.mandates.approve' : 'money.mandates.reject';
  return (
    <>
      <Button
        size="small"
        variant={approve ? 'contained' : 'outlined'}
        color={approve ? 'primary' : 'error'}
        onClick={() => setOpen(true)}
        data-testid={`${approve ? 'approve' : 'reject'}-${mandate.id}`}
      >
        {translate(label)}
      </Button>
      {open ? (
        <ActionDialog<{ reason?: string }, AutogiroMandate>
          title={approve ? 'money.mandates.approve_title' : 'money.mandates.reject_title'}
          submitLabel={label}
          resource="autogiro_mandates"
          onClose={() => setOpen(false)}
          submit={(values, { idempotencyKey }) =>
            dataProvider.decideMandate(mandate, decision, values.reason?.trim() || null, { idempotencyKey })
          }
          onSuccess={() => {
            notify(approve ? 'money.mandates.approved' : 'money.mandates.rejected', { type: 'success' });
            setOpen(false);
            refresh();
          }}
        >
          <Typography variant="body2" sx={{ mb: 1 }}>
            {mandate.clearing_number}, {mandate.account_number} · {translate('resources.autogiro_mandates.fields.requested_on')}{' '}
            {mandate.requested_on}
          </Typography>
          {approve ? (
            <Typography variant="body2">{translate('money.mandates.approve_text')}</Typography>
          ) : (
            <TextInput source="reason" label="money.mandates.reason" multiline minRows={2} validate={required()} fullWidth />
          )}
        </ActionDialog>
      ) : null}
    </>
  );
}

const filters = [<SelectInput key="status" source="status" choices={choicesOf('mandate_status')} alwaysOn />];

/** Autogiromedgivanden: the supervisors' queue of requested mandates, oldest first, to approve or reject. */
export function MandateQueue() {
  return (
    <QueueAccess resource="autogiro_mandates">
      <List sort={{ field: 'requested_on', order: 'ASC' }} filters={filters} filterDefaultValues={{ status: 'requested' }} exporter={false}>
        <DataTable bulkActionButtons={false} rowClick={false} data-testid="mandate-queue">
          <DataTable.Col source="customer_id">
            <ReferenceField source="customer_id" reference="customers" link="show" />
          </DataTable.Col>
          <DataTable.Col source="requested_on" />
          <DataTable.Col source="clearing_number" />
          <DataTable.Col source="account_number" />
          <DataTable.Col source="created_by" />
          <DataTable.Col source="status" render={(m: AutogiroMandate) => <StatusText status={m.status} />} />
          <DataTable.Col source="reason" />
          <DataTable.Col
            label=""
            render={() => (
              <Stack direction="row" spacing={1}>
                <Decision decision="approved" />
                <Decision decision="rejected" />
              </Stack>
            )}
          />
        </DataTable>
      </List>
    </QueueAccess>
  );
}

function StatusText({ status }: { status: AutogiroMandate['status'] }) {
  const translate = useTranslate();
  return <>{translate(`mandate_status.${status}`)}</>;
}
