import { useState } from 'react';
import PrivacyTipIcon from '@mui/icons-material/PrivacyTip';
import { Box, Grid, Typography } from '@mui/material';
import {
  BooleanInput,
  Button,
  DateInput,
  RadioButtonGroupInput,
  required,
  SelectInput,
  TextInput,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { RECTIFIABLE_FIELDS, type RectifiableField } from '@domain/customerFields';
import type { GdprType } from '@domain/gdprRules';
import type { Channel } from '@domain/values';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Customer, GdprDueDate, GdprRequest } from '../types';
import { formatPhone } from '../common/format';
import { ActionDialog } from '../common/ActionDialog';
import { useActionFormState } from '../common/ActionForm';
import { useToday } from '../auth/identity';
import { choicesOf } from '../i18n/enumerations';
import { RegisterutdragButton } from './RegisterutdragButton';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const IDENTITY_RESULTS = [
  { id: 'yes', name: 'gdpr.identity_result.yes' },
  { id: 'no', name: 'gdpr.identity_result.no' },
];

interface FormValues {
  type: GdprType;
  channel: Channel;
  received_on: string;
  identity_method: string;
  /** Not chosen until the agent has checked: never pre-selected. */
  identity_verified?: 'yes' | 'no';
  rectify?: Partial<Record<RectifiableField, boolean>>;
  new_values?: Partial<Record<RectifiableField, string>>;
}

/** The fields a rectification corrects, in the order the request lists them. */
function fieldsToRectify(values: FormValues): RectifiableField[] {
  return values.type === 'rectification' ? RECTIFIABLE_FIELDS.filter((f) => values.rectify?.[f]) : [];
}

/** The server keys a rectification's errors by position (`changes.1.new_value`); the form has an input per field. */
function errorPath(key: string, values: FormValues): string | undefined {
  const m = /^changes\.(\d+)\.(new_value|old_value|field)$/.exec(key);
  if (!m) return key;
  const field = fieldsToRectify(values)[Number(m[1])];
  return field ? `new_values.${field}` : undefined;
}

function currentValue(customer: Customer, field: RectifiableField): string {
  const value = customer[field];
  if (field === 'phone') return formatPhone(value) || '–';
  return value || '–';
}

function DuePreview() {
  const translate = useTranslate();
  const { preview } = useActionFormState<FormValues, GdprDueDate>();
  if (!preview) return null;
  return (
    <Typography variant="body2" data-testid="gdpr-due-preview" sx={{ mt: 1 }}>
      {translate('gdpr.due_preview', { date: preview.due_on })}
    </Typography>
  );
}

function RectificationInputs({ customer }: { customer: Customer }) {
  const translate = useTranslate();
  const { values } = useActionFormState<FormValues, GdprDueDate>();
  if (values.type !== 'rectification') return null;
  return (
    <Box sx={{ mt: 1 }} data-testid="gdpr-rectification">
      <Typography variant="subtitle2">{translate('gdpr.rectify_heading')}</Typography>
      <Typography variant="caption" color="text.secondary">
        {translate('gdpr.rectify_hint')}
      </Typography>
      {RECTIFIABLE_FIELDS.map((field) => (
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
            {values.rectify?.[field] ? <TextInput source={`new_values.${field}`} label="gdpr.new_value" helperText={false} /> : null}
          </Grid>
        </Grid>
      ))}
    </Box>
  );
}

/**
 * Logs a GDPR request taken on the phone (or by letter or e-mail). A rectification sends each field's value
 * as the agent saw it and the corrected one; the server refuses with the field named if the record changed.
 */
function RegisterDialog({ customer, today, onClose }: { customer: Customer; today: string; onClose: () => void }) {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  return (
    <ActionDialog<FormValues, GdprRequest, GdprDueDate, string>
      title={`${translate('gdpr.register')} – ${customer.first_name} ${customer.last_name}`}
      submitLabel="gdpr.register"
      submitIcon={<PrivacyTipIcon />}
      maxWidth="md"
      resource="gdpr_requests"
      onClose={onClose}
      defaultValues={{
        type: 'rectification',
        channel: 'phone',
        received_on: today,
        identity_method: 'phone_questions',
      }}
      preview={{
        name: 'gdpr-due-date',
        params: (v) => (ISO_DATE.test(v.received_on ?? '') ? v.received_on : undefined),
        fetch: (receivedOn) => dataProvider.gdprDueDate(receivedOn),
      }}
      errorPath={errorPath}
      submit={(values, { idempotencyKey }) => {
        const fields = fieldsToRectify(values);
        return dataProvider.logGdprRequest(
          {
            customer_id: customer.id,
            type: values.type,
            channel: values.channel,
            received_on: values.received_on,
            identity_method: values.identity_method,
            identity_verified: values.identity_verified === 'yes',
            changes:
              values.type === 'rectification'
                ? fields.map((field) => ({ field, old_value: customer[field] ?? null, new_value: values.new_values?.[field] ?? '' }))
                : undefined,
          },
          { idempotencyKey },
        );
      }}
      onSuccess={(saved) => {
        notify('gdpr.registered', { type: 'success', messageArgs: { date: saved.due_on } });
        onClose();
        refresh();
      }}
    >
      <Grid container columnSpacing={2}>
        <Grid size={{ xs: 12, sm: 4 }}>
          <SelectInput source="type" choices={choicesOf('gdpr_type')} validate={required()} />
        </Grid>
        <Grid size={{ xs: 12, sm: 4 }}>
          <SelectInput source="channel" choices={choicesOf('channel')} validate={required()} />
        </Grid>
        <Grid size={{ xs: 12, sm: 4 }}>
          <DateInput source="received_on" validate={required()} helperText="gdpr.received_hint" slotProps={{ htmlInput: { max: today } }} />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <SelectInput source="identity_method" choices={choicesOf('gdpr.identity_method')} validate={required()} />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <RadioButtonGroupInput source="identity_verified" choices={IDENTITY_RESULTS} validate={required()} />
        </Grid>
      </Grid>
      <DuePreview />
      <RectificationInputs customer={customer} />
    </ActionDialog>
  );
}

/** "Registrera GDPR-begäran" on the Ärenden tab (any role), and the registerutdrag for supervisors. */
export function RegisterGdprRequestButton() {
  const customer = useRecordContext<Customer>();
  const today = useToday();
  const [open, setOpen] = useState(false);
  if (!customer) return null;
  return (
    <>
      <Button label="gdpr.register" onClick={() => setOpen(true)} disabled={!today} data-testid="register-gdpr">
        <PrivacyTipIcon />
      </Button>
      <RegisterutdragButton customerId={customer.id} />
      {/* The server's today is the default received date (it may be pinned for demos). */}
      {open && today ? <RegisterDialog customer={customer} today={today} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
