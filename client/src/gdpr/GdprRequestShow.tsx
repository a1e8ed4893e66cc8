import { Chip } from '@mui/material';
import {
  DateField,
  FunctionField,
  Labeled,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { GdprRequest } from '../types';
import { ChangesList } from './ChangesList';
import { GdprRequestActions } from './GdprRequestActions';

function Title() {
  const r = useRecordContext<GdprRequest>();
  const translate = useTranslate();
  return <>{r ? `${translate(`gdpr_type.${r.type}`)} #${r.id}` : ''}</>;
}

function Changes() {
  const r = useRecordContext<GdprRequest>();
  if (!r || r.type !== 'rectification') return null;
  return (
    <Labeled label="gdpr.rectify_heading">
      <ChangesList changes={r.changes} />
    </Labeled>
  );
}

/** One request with what was asked, the deadline and the outcome; the supervisor's actions on top. */
export function GdprRequestShow() {
  const translate = useTranslate();
  return (
    <Show actions={<GdprRequestActions />} title={<Title />}>
      <SimpleShowLayout>
        <ReferenceField source="customer_id" reference="customers" link="show" />
        <FunctionField<GdprRequest> source="type" render={(r) => translate(`gdpr_type.${r.type}`)} />
        <FunctionField<GdprRequest>
          source="status"
          render={(r) => (
            <>
              {translate(`gdpr_status.${r.status}`)}
              {r.overdue ? <Chip size="small" color="error" label={translate('gdpr.overdue')} sx={{ ml: 1 }} /> : null}
            </>
          )}
        />
        <FunctionField<GdprRequest> source="channel" render={(r) => translate(`channel.${r.channel}`)} />
        <TextField source="received_on" />
        <TextField source="due_on" />
        <FunctionField<GdprRequest>
          source="identity_method"
          render={(r) =>
            `${translate(`gdpr.identity_method.${r.identity_method}`, { _: r.identity_method })} – ${translate(
              r.identity_verified ? 'gdpr.identity_result.yes' : 'gdpr.identity_result.no',
            )}${r.identity_verified_on ? ` (${r.identity_verified_on})` : ''}`
          }
        />
        <Changes />
        <TextField source="extension_reason" emptyText="–" />
        <TextField source="extension_notified_on" emptyText="–" />
        <TextField source="outcome" emptyText="–" />
        <TextField source="handled_by" emptyText="–" />
        <TextField source="completed_on" emptyText="–" />
        <TextField source="created_by" label="resources.cancellations.fields.created_by" />
        <DateField source="created_at" showTime label="resources.cancellations.fields.created_at" />
      </SimpleShowLayout>
    </Show>
  );
}
