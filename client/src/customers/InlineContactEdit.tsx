import { Button, Stack } from '@mui/material';
import { EditBase, Form, SaveButton, useNotify, useTranslate } from 'react-admin';
import { CustomerInputs } from './CustomerInputs';

/**
 * Contact details edited in place on the call screen. Pessimistic like the edit page: the server's field
 * errors land beside the inputs, a stale version is refused with its message and the typed values stay.
 * The record is the one the page already shows (no second, audited, fetch).
 */
export function InlineContactEdit({ onDone }: { onDone: () => void }) {
  const notify = useNotify();
  const translate = useTranslate();
  return (
    <EditBase
      mutationMode="pessimistic"
      redirect={false}
      queryOptions={{ staleTime: 60_000 }}
      mutationOptions={{
        onSuccess: () => {
          notify('ra.notification.updated', { type: 'info', messageArgs: { smart_count: 1 } });
          onDone();
        },
      }}
    >
      <Form>
        <CustomerInputs />
        <Stack direction="row" spacing={1}>
          <SaveButton />
          <Button onClick={onDone}>{translate('ra.action.cancel')}</Button>
        </Stack>
      </Form>
    </EditBase>
  );
}
