import { useState } from 'react';
import PrivacyTipIcon from '@mui/icons-material/PrivacyTip';
import { Alert, Box, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Grid, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import {
  BooleanInput,
  Button,
  DateInput,
  Form,
  FormDataConsumer,
  RadioButtonGroupInput,
  required,
  SaveButton,
  SelectInput,
  TextInput,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Customer } from '../types';
import { formatPhone } from '../common/format';
import { RECTIFIABLE_FIELDS, type RectifiableField } from '@domain/customerFields';
import { choicesOf } from '../i18n/enumerations';
import { serverFieldErrors, serverMessage } from '../common/serverErrors';
import { RegisterutdragButton } from './RegisterutdragButton';

const IDENTITY_RESULTS = [
  { id: 'yes', name: 'gdpr.identity_result.yes' },
  { id: 'no', name: 'gdpr.identity_result.no' },
];

interface FormValues {
  type: string;
  channel: string;
  received_on: string;
  identity_method: string;
  identity_verified: 'yes' | 'no';
  rectify?: Partial<Record<RectifiableField, boolean>>;
  new_values?: Partial<Record<RectifiableField, string>>;
}

function currentValue(customer: Customer, field: RectifiableField): string {
  const value = customer[field];
  if (field === 'phone') return formatPhone(value as string | null) || '–';
  return (value as string | null) || '–';
}

/** The server keys a rectification's errors by position (`changes.1.new_value`); the form by field. */
function toFormErrors(errors: Record<string, string>, fields: RectifiableField[]) {
  const mapped: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(errors)) {
    const m = /^changes\.(\d+)\.(new_value|field)$/.exec(key);
    if (m && fields[Number(m[1])]) mapped[`new_values.${fields[Number(m[1])]}`] = message;
    else if (['type', 'channel', 'received_on', 'identity_method'].includes(key)) mapped[key] = message;
    else unplaced.push(message);
  }
  return { mapped, unplaced };
}

function DuePreview({ receivedOn }: { receivedOn?: string }) {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const translate = useTranslate();
  const { data } = useQuery({
    queryKey: ['gdpr', 'due-date', receivedOn],
    queryFn: () => dataProvider.gdprDueDate(receivedOn),
    enabled: !!receivedOn && /^\d{4}-\d{2}-\d{2}$/.test(receivedOn),
  });
  if (!data) return null;
  return (
    <Typography variant="body2" data-testid="gdpr-due-preview" sx={{ mt: 1 }}>
      {translate('gdpr.due_preview', { date: data.due_on })}
    </Typography>
  );
}

function RectificationInputs({ customer }: { customer: Customer }) {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 1 }} data-testid="gdpr-rectification">
      <Typography variant="subtitle2">{translate('gdpr.rectify_heading')}</Typography>
      <Typography variant="caption" color="text.secondary">
        {translate('gdpr.rectify_hint')}
      </Typography>
      <FormDataConsumer<FormValues>>
        {({ formData }) =>
          RECTIFIABLE_FIELDS.map((field) => (
            <Grid container key={field} columnSpacing={2} alignItems="center">
              <Grid size={{ xs: 4 }}>
                <BooleanInput source={`rectify.${field}`} label={`resources.customers.fields.${field}`} helperText={false} />
              </Grid>
              <Grid size={{ xs: 3 }}>
                <Typography variant="body2" color="text.secondary" data-testid={`gdpr-current-${field}`}>
                  {translate('gdpr.current')}: {currentValue(customer, field)}
                </Typography>
              </Grid>
              <Grid size={{ xs: 5 }}>
                {formData.rectify?.[field] ? <TextInput source={`new_values.${field}`} label="gdpr.new_value" helperText={false} /> : null}
              </Grid>
            </Grid>
          ))
        }
      </FormDataConsumer>
    </Box>
  );
}

function RegisterForm({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  // The server's today is the default received date (it may be pinned for demos).
  const { data: preview } = useQuery({ queryKey: ['gdpr', 'due-date', 'today'], queryFn: () => dataProvider.gdprDueDate() });
  if (!preview) {
    return (
      <DialogContent>
        <CircularProgress size={24} />
      </DialogContent>
    );
  }

  const onSubmit = async (raw: Record<string, unknown>) => {
    const values = raw as unknown as FormValues;
    const rectification = values.type === 'rectification';
    const fields = rectification ? RECTIFIABLE_FIELDS.filter((f) => values.rectify?.[f]) : [];
    setUnplaced([]);
    try {
      const saved = await dataProvider.logGdprRequest({
        customer_id: customer.id,
        type: values.type as never,
        channel: values.channel as never,
        received_on: values.received_on,
        identity_method: values.identity_method,
        identity_verified: values.identity_verified === 'yes',
        changes: rectification
          ? fields.map((field) => ({ field, old_value: customer[field] ?? null, new_value: values.new_values?.[field] ?? '' }))
          : undefined,
      });
      notify('gdpr.registered', { type: 'success', messageArgs: { date: saved.due_on } });
      refresh();
      onClose();
      return undefined;
    } catch (error) {
      const errors = serverFieldErrors(error);
      if (errors) {
        const { mapped, unplaced: rest } = toFormErrors(errors, fields);
        setUnplaced(rest);
        return mapped;
      }
      notify(serverMessage(error) ?? 'ra.notification.http_error', { type: 'error' });
      return undefined;
    }
  };

  return (
    <Form
      record={{
        type: 'rectification',
        channel: 'phone',
        received_on: preview.today,
        identity_method: 'phone_questions',
        identity_verified: 'yes',
      }}
      onSubmit={onSubmit}
    >
      <DialogContent>
        {unplaced.map((message) => (
          <Alert key={message} severity="error" sx={{ mb: 1 }}>
            {message}
          </Alert>
        ))}
        <Grid container columnSpacing={2}>
          <Grid size={{ xs: 12, sm: 4 }}>
            <SelectInput source="type" label="resources.gdpr_requests.fields.type" choices={choicesOf('gdpr_type')} validate={required()} />
          </Grid>
          <Grid size={{ xs: 12, sm: 4 }}>
            <SelectInput
              source="channel"
              label="resources.gdpr_requests.fields.channel"
              choices={choicesOf('channel')}
              validate={required()}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 4 }}>
            <DateInput
              source="received_on"
              label="resources.gdpr_requests.fields.received_on"
              validate={required()}
              helperText="gdpr.received_hint"
              inputProps={{ max: preview.today }}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 6 }}>
            <SelectInput
              source="identity_method"
              label="resources.gdpr_requests.fields.identity_method"
              choices={choicesOf('gdpr.identity_method')}
              validate={required()}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 6 }}>
            <RadioButtonGroupInput
              source="identity_verified"
              label="resources.gdpr_requests.fields.identity_verified"
              choices={IDENTITY_RESULTS}
              validate={required()}
            />
          </Grid>
        </Grid>
        <FormDataConsumer<FormValues>>
          {({ formData }) => (
            <>
              <DuePreview receivedOn={formData.received_on} />
              {formData.type === 'rectification' ? <RectificationInputs customer={customer} /> : null}
            </>
          )}
        </FormDataConsumer>
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onClose} />
        <SaveButton label={translate('gdpr.register')} icon={<PrivacyTipIcon />} alwaysEnable />
      </DialogActions>
    </Form>
  );
}

/** "Registrera GDPR-begäran" on the Ärenden tab (any role), and the registerutdrag for supervisors. */
export function RegisterGdprRequestButton() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  if (!customer) return null;
  return (
    <>
      <Button label="gdpr.register" onClick={() => setOpen(true)}>
        <PrivacyTipIcon />
      </Button>
      <RegisterutdragButton customerId={customer.id} />
      {open ? (
        <Dialog open onClose={() => setOpen(false)} fullWidth maxWidth="md" aria-labelledby="gdpr-register-title">
          <DialogTitle id="gdpr-register-title">
            {translate('gdpr.register')} – {customer.first_name} {customer.last_name}
          </DialogTitle>
          <RegisterForm customer={customer} onClose={() => setOpen(false)} />
        </Dialog>
      ) : null}
    </>
  );
}
