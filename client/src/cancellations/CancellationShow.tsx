import { Button, Stack } from '@mui/material';
import { Link } from 'react-router-dom';
import {
  FunctionField,
  Labeled,
  PrevNextButtons,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { Cancellation } from '../types';
import { formatOre, formatTimestamp } from '../common/format';
import { SubscriptionName } from '../customers/SubscriptionName';
import { MAX_PAGE_ROWS } from './CancellationList';
import { TransitionButton } from './TransitionButton';
import { RevokeCancellationButton } from './RevokeCancellationButton';

function Actions() {
  const record = useRecordContext<Cancellation>();
  const translate = useTranslate();
  return (
    <TopToolbar sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
      {/* Through the queue as the supervisor filtered and sorted it: the previous and next cancellation. */}
      <PrevNextButtons limit={MAX_PAGE_ROWS} linkType="show" />
      <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap sx={{ ml: 'auto' }}>
        <TransitionButton to="form_sent" />
        <TransitionButton to="confirmed" />
        <TransitionButton to="completed" />
        <RevokeCancellationButton />
        {record && (
          <Button component={Link} to={`/customers/${record.customer_id}/show`} size="small">
            {translate('cancellation.open_customer')}
          </Button>
        )}
      </Stack>
    </TopToolbar>
  );
}

function Title() {
  const record = useRecordContext<Cancellation>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <>
      {translate('resources.cancellations.name', { smart_count: 1 })} – {translate(`cancellation_status.${record.status}`)}
    </>
  );
}

/** One cancellation with everything in words; the steps, the revoke dialog and next/previous in the queue above. */
export function CancellationShow() {
  const translate = useTranslate();
  return (
    <Show actions={<Actions />} title={<Title />}>
      <SimpleShowLayout>
        <ReferenceField source="customer_id" reference="customers" link="show" />
        <Labeled source="subscription_id">
          <SubscriptionName />
        </Labeled>
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
        <TextField source="revoke_reason" emptyText="–" />
        <TextField source="created_by" />
        <FunctionField<Cancellation> source="created_at" render={(r) => formatTimestamp(r.created_at)} />
        <TextField source="updated_by" emptyText="–" />
      </SimpleShowLayout>
    </Show>
  );
}
