import { useState } from 'react';
import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import {
  DateInput,
  required,
  SelectInput,
  TextInput,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { type CancellationReason, MAX_BACKDATE_DAYS } from '@domain/cancellationRules';
import { addDays, maxDate } from '@domain/calendarDate';
import type { Channel } from '@domain/values';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Cancellation, CancellationTerms, Subscription } from '../types';
import { formatOre } from '../common/format';
import { ActionDialog } from '../common/ActionDialog';
import { useActionFormState } from '../common/ActionForm';
import { useToday } from '../auth/identity';
import { choicesOf } from '../i18n/enumerations';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface CancelValues {
  requested_on: string;
  channel: Channel;
  reason?: CancellationReason;
  reason_note?: string | null;
}

/** The server's answer for the date in the form: withdrawal or notice, end date, refund, binding end. */
function TermsPreview() {
  const translate = useTranslate();
  const { values, preview: terms, isPreviewing } = useActionFormState<CancelValues, CancellationTerms>();
  if (!ISO_DATE.test(values.requested_on ?? '')) return null;
  if (!terms) return isPreviewing ? <LinearProgress /> : null;
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
      sx={{ opacity: isPreviewing ? 0.6 : 1 }}
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

/** Säg upp: the terms for the date given are previewed by the server, and registering stores exactly those. */
function CancelDialog({ subscription, today, onClose }: { subscription: Subscription; today: string; onClose: () => void }) {
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  return (
    <ActionDialog<CancelValues, Cancellation, CancellationTerms, { subscription: number; requested_on: string }>
      title="cancellation.dialog_title"
      submitLabel="cancellation.confirm"
      resource="cancellations"
      onClose={onClose}
      defaultValues={{ requested_on: today, channel: 'phone' }}
      preview={{
        name: 'cancellation-terms',
        params: (v) => (ISO_DATE.test(v.requested_on ?? '') ? { subscription: subscription.id, requested_on: v.requested_on } : undefined),
        fetch: (p) => dataProvider.getCancellationTerms(p.subscription, p.requested_on),
        required: true,
      }}
      submit={async (v, { idempotencyKey }) => {
        const data = { ...v, subscription_id: subscription.id, reason_note: v.reason_note || null };
        return (await dataProvider.create<typeof data, Cancellation>('cancellations', { data, meta: { idempotencyKey } })).data;
      }}
      onSuccess={(created) => {
        notify('cancellation.registered', { type: 'success', messageArgs: { date: created.ends_on } });
        onClose();
        refresh();
      }}
    >
      <Stack spacing={0}>
        {/* The browser's picker offers only days the server accepts; the server still judges (a field error). */}
        <DateInput
          source="requested_on"
          validate={required()}
          helperText="cancellation.requested_on_help"
          slotProps={{ htmlInput: { max: today, min: maxDate(subscription.signed_on, addDays(today, -MAX_BACKDATE_DAYS)) } }}
        />
        <SelectInput source="channel" validate={required()} choices={choicesOf('channel')} />
        <SelectInput source="reason" validate={required()} choices={choicesOf('cancellation.reasons')} />
        <TextInput source="reason_note" multiline minRows={2} />
        <TermsPreview />
      </Stack>
    </ActionDialog>
  );
}

/** "Säg upp" on a subscription row; a subscription under notice shows its end date instead. */
export function CancelSubscriptionButton() {
  const subscription = useRecordContext<Subscription>();
  const translate = useTranslate();
  const today = useToday();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ action: 'create', resource: 'cancellations' });
  if (!subscription) return null;
  if (subscription.status === 'notice_given' && subscription.ends_on) {
    return (
      <Typography variant="body2" color="warning.main" data-testid={`subscription-${subscription.id}-notice`} sx={{ whiteSpace: 'nowrap' }}>
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
        disabled={!today}
        data-testid={`cancel-subscription-${subscription.id}`}
      >
        {translate('cancellation.cancel')}
      </Button>
      {/* The server's today is the default date (it may differ from the browser's in demos). */}
      {open && today ? <CancelDialog subscription={subscription} today={today} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
