import { type ReactNode, useState } from 'react';
import { Alert, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import {
  Button,
  CanAccess,
  DateInput,
  Form,
  required,
  SaveButton,
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
import { serverFieldErrors, serverMessage } from '../common/serverErrors';
import { ChangesList } from './ChangesList';
import { RegisterutdragButton } from './RegisterutdragButton';

/**
 * One supervisor action in a dialog: pessimistic, so a 400's field errors land on the inputs and any
 * other refusal (a 409: stale version, changed field, second extension) is shown as the server says it.
 */
function ActionDialog({
  label,
  title,
  children,
  submit,
  done,
}: {
  label: string;
  title: string;
  children: ReactNode;
  submit: (values: Record<string, string>) => Promise<GdprRequest>;
  done: (saved: GdprRequest) => string;
}) {
  const [open, setOpen] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const onSubmit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    try {
      const saved = await submit(values as Record<string, string>);
      notify(done(saved), { type: 'success' });
      setOpen(false);
      refresh();
      return undefined;
    } catch (error) {
      const status = (error as { status?: number }).status;
      const errors = serverFieldErrors(error);
      if (status === 400 && errors) return errors;
      setRefusal(serverMessage(error));
      return undefined;
    }
  };
  return (
    <>
      <Button label={label} onClick={() => setOpen(true)} />
      {open ? (
        <Dialog open onClose={() => setOpen(false)} fullWidth maxWidth="sm">
          <DialogTitle>{translate(title)}</DialogTitle>
          <Form record={{}} onSubmit={onSubmit}>
            <DialogContent>
              {refusal ? (
                <Alert severity="error" sx={{ mb: 2 }} data-testid="gdpr-refusal">
                  {refusal}
                </Alert>
              ) : null}
              {children}
            </DialogContent>
            <DialogActions>
              <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
              <SaveButton label={label} alwaysEnable icon={<></>} />
            </DialogActions>
          </Form>
        </Dialog>
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
          <ActionDialog
            label="gdpr.complete"
            title="gdpr.complete_title"
            submit={(v) => dataProvider.completeGdprRequest(request, v.outcome)}
            done={() => 'gdpr.done_completed'}
          >
            {request.type === 'rectification' ? (
              <>
                <Typography variant="body2">{translate('gdpr.complete_rectification')}</Typography>
                <ChangesList changes={request.changes} />
              </>
            ) : null}
            <TextInput source="outcome" label="gdpr.outcome_optional" multiline />
          </ActionDialog>
          <ActionDialog
            label="gdpr.reject"
            title="gdpr.reject"
            submit={(v) => dataProvider.rejectGdprRequest(request, v.outcome ?? '')}
            done={() => 'gdpr.done_rejected'}
          >
            <TextInput source="outcome" label="gdpr.reject_reason" multiline validate={required()} />
          </ActionDialog>
          {request.extension_reason === null ? (
            <ActionDialog
              label="gdpr.extend"
              title="gdpr.extend"
              submit={(v) =>
                dataProvider.extendGdprRequest(request, {
                  due_on: v.due_on,
                  extension_reason: v.extension_reason ?? '',
                  extension_notified_on: v.extension_notified_on ?? '',
                })
              }
              done={(saved) => translate('gdpr.done_extended', { date: saved.due_on })}
            >
              <TextInput source="extension_reason" label="gdpr.extension_reason" multiline validate={required()} />
              <DateInput source="extension_notified_on" label="gdpr.extension_notified_on" validate={required()} />
              <DateInput source="due_on" label="gdpr.new_due_on" />
            </ActionDialog>
          ) : null}
        </CanAccess>
      ) : null}
    </TopToolbar>
  );
}
