import { Button, Stack } from '@mui/material';
import { Link } from 'react-router-dom';
import { FunctionField, ReferenceField, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import type { Cancellation } from '../types';
import { formatOre } from '../common/format';
import { TransitionButton } from './TransitionButton';

function Actions() {
  const record = useRecordContext<Cancellation>();
  const translate = useTranslate();
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        <TransitionButton to="form_sent" />
        <TransitionButton to="confirmed" />
        <TransitionButton to="completed" />
        <TransitionButton to="revoked" />
        {record && (
          <Button component={Link} to={`/customers/${record.customer_id}/show`} size="small">
            {translate('cancellation.open_customer')}
          </Button>
        )}
      </Stack>
    </TopToolbar>
  );
}

export function CancellationShow() {
  const translate = useTranslate();
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <ReferenceField source="customer_id" reference="customers" link="show" />
        <TextField source="subscription_id" />
        <FunctionField<Cancellation> source="kind" render={(r) => translate(`cancellation_kind.${r.kind}`)} />
        <FunctionField<Cancellation> source="status" render={(r) => translate(`cancellation_status.${r.status}`)} />
        <TextField source="requested_on" />
        <TextField source="ends_on" />
        <FunctionField<Cancellation> source="refund_ore" render={(r) => formatOre(r.refund_ore)} />
        <FunctionField<Cancellation> source="channel" render={(r) => translate(`channel.${r.channel}`)} />
        <FunctionField<Cancellation> source="reason" render={(r) => translate(`cancellation.reasons.${r.reason}`, { _: r.reason })} />
        <TextField source="reason_note" emptyText="–" />
        <TextField source="form_sent_on" emptyText="–" />
        <TextField source="form_received_on" emptyText="–" />
        <TextField source="completed_on" emptyText="–" />
        <TextField source="revoked_on" emptyText="–" />
        <TextField source="created_by" />
        <TextField source="updated_by" emptyText="–" />
      </SimpleShowLayout>
    </Show>
  );
}
