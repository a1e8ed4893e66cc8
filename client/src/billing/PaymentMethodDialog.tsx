import { Alert, CircularProgress, Stack, Typography } from '@mui/material';
import { RadioButtonGroupInput, TextInput, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { PaymentMethod } from '@domain/values';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Customer, PaymentMethodPreview, PaymentMethodRequest } from '../types';
import { ActionDialog } from '../common/ActionDialog';
import { useActionFormState } from '../common/ActionForm';
import { choicesOf } from '../i18n/enumerations';
import { BeforeAfter } from './BeforeAfter';

interface Values {
  to_method?: PaymentMethod;
  clearing_number?: string;
  account_number?: string;
}

/** The request for the dialog's values; undefined until it can be previewed (autogiro needs both bank details). */
export function paymentMethodRequest(customerId: number, values: Values): PaymentMethodRequest | undefined {
  if (!values.to_method) return undefined;
  if (values.to_method !== 'autogiro') return { kind: 'payment_method', customer_id: customerId, to_method: values.to_method };
  const clearing = values.clearing_number?.trim();
  const account = values.account_number?.trim();
  if (!clearing || !account) return undefined;
  return { kind: 'payment_method', customer_id: customerId, to_method: 'autogiro', clearing_number: clearing, account_number: account };
}

function BankDetails() {
  const method = useWatch<Values, 'to_method'>({ name: 'to_method' });
  if (method !== 'autogiro') return null;
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
      <TextInput source="clearing_number" label="money.method.clearing_number" helperText="money.method.clearing_help" autoComplete="off" />
      <TextInput source="account_number" label="money.method.account_number" helperText="money.method.account_help" autoComplete="off" />
    </Stack>
  );
}

/** What the change means, from the server's dry run: from when, and which next invoice gets the new method. */
function Explanation({ customer }: { customer: Customer }) {
  const translate = useTranslate();
  const { preview, isPreviewing, values } = useActionFormState<Values, PaymentMethodPreview>();
  const method = (m: PaymentMethod) => translate(`payment_method.${m}`).toLowerCase();
  if (!values.to_method) return null;
  if (isPreviewing && !preview) return <CircularProgress size={24} />;
  if (!preview) return null;
  return (
    <Stack spacing={1} data-testid="payment-method-preview">
      {preview.waits_for_approval ? (
        <Alert severity="info">{translate('money.method.waits', { method: method(customer.payment_method) })}</Alert>
      ) : (
        <Alert severity="success">
          {preview.next_invoice
            ? translate('money.method.effective_today', {
                date: preview.next_invoice.date,
                method: method(preview.next_invoice.payment_method),
              })
            : translate('money.method.effective_today_no_invoice')}
        </Alert>
      )}
      {preview.mandate ? (
        <Typography variant="body2">
          {translate('money.method.mandate_preview', {
            clearing: preview.mandate.clearing_number,
            account: preview.mandate.account_number,
          })}
        </Typography>
      ) : null}
      {!preview.waits_for_approval ? <BeforeAfter preview={preview} /> : null}
    </Stack>
  );
}

/**
 * Byt betalsätt: the new method (autogiro with its bank details), the server's preview of what changes and
 * from when, then the change as previewed. Autogiro is a request for a mandate that a supervisor decides.
 */
export function PaymentMethodDialog({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const choices = choicesOf('payment_method').filter((c) => c.id !== customer.payment_method);
  return (
    <ActionDialog<Values, Awaited<ReturnType<BackOfficeDataProvider['changePaymentMethod']>>, PaymentMethodPreview, PaymentMethodRequest>
      title="money.method.change"
      submitLabel="billing.confirm"
      maxWidth="md"
      onClose={onClose}
      defaultValues={{}}
      preview={{
        name: 'payment-method',
        params: (values) => paymentMethodRequest(customer.id, values),
        fetch: (request) => dataProvider.previewPaymentMethod(request),
        required: true,
      }}
      submit={(values, { idempotencyKey }) =>
        dataProvider.changePaymentMethod(paymentMethodRequest(customer.id, values)!, { idempotencyKey })
      }
      onSuccess={(change) => {
        if (change.mandate) notify('money.method.saved_waiting', { type: 'success' });
        else {
          const method = translate(`payment_method.${change.to_method}`).toLowerCase();
          notify('money.method.saved', { type: 'success', messageArgs: { method } });
        }
        onClose();
        refresh();
      }}
    >
      <Stack spacing={1}>
        <Typography variant="body2">
          {translate('money.method.now', { method: translate(`payment_method.${customer.payment_method}`).toLowerCase() })}
        </Typography>
        <RadioButtonGroupInput source="to_method" label="money.method.to_method" choices={choices} helperText={false} />
        <BankDetails />
        <Explanation customer={customer} />
      </Stack>
    </ActionDialog>
  );
}
