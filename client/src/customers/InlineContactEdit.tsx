import { Button, Stack } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Customer } from '../types';
import { ActionForm, ActionRefusal, ActionSubmitButton } from '../common/ActionForm';
import { CustomerInputs } from './CustomerInputs';

/**
 * Contact details edited in place on the call screen, through the action pattern: pessimistic, the server's
 * field errors beside the inputs, a stale version refused with its message and the typed values kept. The
 * record is the one the page already shows, and the saved answer replaces it (no second, audited, fetch).
 */
export function InlineContactEdit({ onDone }: { onDone: () => void }) {
  const customer = useRecordContext<Customer>();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const translate = useTranslate();
  if (!customer) return null;
  return (
    <ActionForm<Customer, Customer>
      resource="customers"
      defaultValues={customer}
      submit={async (values, { idempotencyKey }) =>
        (
          await dataProvider.update<Customer>('customers', {
            id: customer.id,
            data: values,
            previousData: customer,
            meta: { idempotencyKey },
          })
        ).data
      }
      onSuccess={(saved) => {
        // Under the key react-admin's show page reads the record from; the flags are only on that record.
        queryClient.setQueryData<Customer>(['customers', 'getOne', { id: String(customer.id), meta: undefined }], (shown) => ({
          ...shown,
          ...saved,
        }));
        notify('ra.notification.updated', { type: 'info', messageArgs: { smart_count: 1 } });
        onDone();
      }}
    >
      <ActionRefusal />
      <CustomerInputs />
      <Stack direction="row" spacing={1}>
        <ActionSubmitButton label="ra.action.save" />
        <Button onClick={onDone}>{translate('ra.action.cancel')}</Button>
      </Stack>
    </ActionForm>
  );
}
