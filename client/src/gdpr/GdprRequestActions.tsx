import { type ReactNode, useState } from 'react';
import { Typography } from '@mui/material';
import {
  Button,
  CanAccess,
  DateInput,
  required,
  TextInput,
  TopToolbar,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { GdprRequest } from '../types';
import type { ActionRequest } from '../common/useAction';
import { ActionDialog } from '../common/ActionDialog';
import { ChangesList } from './ChangesList';
import { RegisterutdragButton } from './RegisterutdragButton';

interface Values {
  outcome?: string;
  extension_reason?: string;
  extension_notified_on?: string;
  due_on?: string;
}

/**
 * One supervisor action on the request: a button and its dialog. Pessimistic, so a 400's field errors land
 * on the inputs and any other refusal (a 409: stale version, changed field, second extension) is shown as
 * the server says it.
 */
function RequestAction({
  label,
  title,
  children,
  submit,
  done,
}: {
  label: string;
  title: string;
  children: ReactNode;
  submit: (values: Values, request: ActionRequest) => Promise<GdprRequest>;
  done: (saved: GdprRequest) => string;
}) {
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const refresh = useRefresh();
  return (
    <>
      <Button label={label} onClick={() => setOpen(true)} />
      {open ? (
        <ActionDialog<Values, GdprRequest>
          title={title}
          submitLabel={label}
          resource="gdpr_requests"
          onClose={() => setOpen(false)}
          submit={submit}
          onSuccess={(saved) => {
            notify(done(saved), { type: 'success' });
            setOpen(false);
            refresh();
          }}
        >
          {children}
        </ActionDialog>
      ) : null}
    </>
  );
}

/** Complete, reject or extend an open request; the registerutdrag for access and portability. */
export function GdprRequestActions() {
  const request = useRecordContext<GdprRequest>();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const translate = useTranslate();
  if (!request) return <TopToolbar />;
  const open = request.status === 'open';
  return (
    <TopToolbar>
      {request.type === 'access' || request.type === 'portability' ? <RegisterutdragButton customerId={request.customer_id} /> : null}
      {open ? (
        <CanAccess action="edit" resource="gdpr_requests">
          {request.type === 'rectification' && !request.identity_verified ? (
            // The server refuses to apply new personal data for an unverified requester: say so instead.
            <Typography
              variant="body2"
              color="warning.main"
              sx={{ maxWidth: 520, alignSelf: 'center' }}
              data-testid="rectification-unverified"
            >
              {translate('identity.rectification_unverified')}
            </Typography>
          ) : (
            <RequestAction
              label="gdpr.complete"
              title="gdpr.complete_title"
              submit={(v, { idempotencyKey }) => dataProvider.completeGdprRequest(request, v.outcome, { idempotencyKey })}
              done={() => 'gdpr.done_completed'}
            >
              {request.type === 'rectification' ? (
                <>
                  <Typography variant="body2">{translate('gdpr.complete_rectification')}</Typography>
                  <ChangesList changes={request.changes} />
                </>
              ) : null}
              <TextInput source="outcome" label="gdpr.outcome_optional" multiline />
            </RequestAction>
          )}
          <RequestAction
            label="gdpr.reject"
            title="gdpr.reject"
            submit={(v, { idempotencyKey }) => dataProvider.rejectGdprRequest(request, v.outcome ?? '', { idempotencyKey })}
            done={() => 'gdpr.done_rejected'}
          >
            <TextInput source="outcome" label="gdpr.reject_reason" multiline validate={required()} />
          </RequestAction>
          {request.extension_reason === null ? (
            <RequestAction
              label="gdpr.extend"
              title="gdpr.extend"
              submit={(v, { idempotencyKey }) =>
                dataProvider.extendGdprRequest(
                  request,
                  { due_on: v.due_on, extension_reason: v.extension_reason ?? '', extension_notified_on: v.extension_notified_on ?? '' },
                  { idempotencyKey },
                )
              }
              done={(saved) => translate('gdpr.done_extended', { date: saved.due_on })}
            >
              <TextInput source="extension_reason" label="gdpr.extension_reason" multiline validate={required()} />
              <DateInput source="extension_notified_on" label="gdpr.extension_notified_on" validate={required()} />
              <DateInput source="due_on" label="gdpr.new_due_on" />
            </RequestAction>
          ) : null}
        </CanAccess>
      ) : null}
    </TopToolbar>
  );
}
