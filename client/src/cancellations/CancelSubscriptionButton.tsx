import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import {
  CreateBase,
  DateInput,
  Form,
  FormDataConsumer,
  required,
  SaveButton,
  SelectInput,
  TextInput,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Cancellation, Subscription } from '../types';
import { formatOre } from '../common/format';
import { choicesOf } from '../i18n/enumerations';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The server's answer for the date in the form: withdrawal or notice, end date, refund, binding end. */
function TermsPreview({ subscriptionId, requestedOn }: { subscriptionId: number; requestedOn: string | undefined }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const valid = typeof requestedOn === 'string' && ISO_DATE.test(requestedOn);
  const {
    data: terms,
    error,
    isFetching,
  } = useQuery({
    queryKey: ['cancellation-terms', subscriptionId, requestedOn],
    queryFn: () => dataProvider.getCancellationTerms(subscriptionId, requestedOn),
    enabled: valid,
    placeholderData: (previous) => previous,
  });
  if (!valid) return null;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!terms) return <LinearProgress />;
  const row = (label: string, value: string, testId: string) => (
    <Stack direction="row" justifyContent="space-between">
      <Typography variant="body2" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="body2" fontWeight={600} data-testid={testId}>
        {value}
      </Typography>
    </Stack>
  );
  return (
    <Alert
      severity={terms.kind === 'withdrawal' ? 'info' : 'warning'}
      icon={false}
      sx={{ opacity: isFetching ? 0.6 : 1 }}
      data-testid="cancellation-preview"
    >
      <Typography variant="subtitle2" data-testid="preview-kind">
        {translate(`cancellation_kind.${terms.kind}`)}
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate(terms.kind === 'withdrawal' ? 'cancellation.preview_withdrawal' : 'cancellation.preview_notice')}
      </Typography>
      <Box sx={{ minWidth: 320 }}>
        {row('cancellation.ends_on', terms.ends_on, 'preview-ends-on')}
        {row('cancellation.refund', formatOre(terms.refund_ore), 'preview-refund')}
        {row('cancellation.binding_ends_on', terms.binding_ends_on, 'preview-binding')}
        {row('cancellation.withdrawal_deadline', terms.withdrawal_deadline, 'preview-deadline')}
      </Box>
    </Alert>
  );
}

function CancelDialog({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  // The server's today is the default date (it may differ from the browser's in demos).
  const { data: today } = useQuery({
    queryKey: ['cancellation-terms', subscription.id, 'today'],
    queryFn: () => dataProvider.getCancellationTerms(subscription.id),
  });
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="cancel-dialog-title">
      <DialogTitle id="cancel-dialog-title">{translate('cancellation.dialog_title')}</DialogTitle>
      {!today ? (
        <DialogContent>
          <LinearProgress />
        </DialogContent>
      ) : (
        <CreateBase<Cancellation>
          resource="cancellations"
          record={{ requested_on: today.requested_on, channel: 'phone' }}
          transform={(data) => ({ ...data, subscription_id: subscription.id, reason_note: data.reason_note || null })}
          mutationMode="pessimistic"
          redirect={false}
          mutationOptions={{
            onSuccess: (created: Cancellation) => {
              notify('cancellation.registered', { type: 'success', messageArgs: { date: created.ends_on } });
              onClose();
              refresh();
            },
          }}
        >
          <Form>
            <DialogContent>
              <Stack spacing={0}>
                <DateInput
                  source="requested_on"
                  resource="cancellations"
                  validate={required()}
                  helperText="cancellation.requested_on_help"
                />
                <SelectInput source="channel" resource="cancellations" validate={required()} choices={choicesOf('channel')} />
                <SelectInput source="reason" resource="cancellations" validate={required()} choices={choicesOf('cancellation.reasons')} />
                <TextInput source="reason_note" resource="cancellations" multiline minRows={2} />
                <FormDataConsumer>
                  {({ formData }) => <TermsPreview subscriptionId={subscription.id} requestedOn={formData.requested_on} />}
                </FormDataConsumer>
              </Stack>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
              <SaveButton label="cancellation.confirm" icon={<></>} alwaysEnable />
            </DialogActions>
          </Form>
        </CreateBase>
      )}
    </Dialog>
  );
}

/** "Säg upp" on a subscription row; a subscription under notice shows its end date instead. */
export function CancelSubscriptionButton() {
  const subscription = useRecordContext<Subscription>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ action: 'create', resource: 'cancellations' });
  if (!subscription) return null;
  if (subscription.status === 'notice_given' && subscription.ends_on) {
    return (
      <Typography variant="body2" color="warning.main" data-testid={`subscription-${subscription.id}-notice`}>
        {translate('cancellation.ends', { date: subscription.ends_on })}
      </Typography>
    );
  }
  if (subscription.status !== 'active' || !canAccess) return null;
  return (
    <>
      <Button
        size="small"
        color="warning"
        variant="outlined"
        onClick={() => setOpen(true)}
        data-testid={`cancel-subscription-${subscription.id}`}
      >
        {translate('cancellation.cancel')}
      </Button>
      {open && <CancelDialog subscription={subscription} onClose={() => setOpen(false)} />}
    </>
  );
}
