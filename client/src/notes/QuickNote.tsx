import { Box, Stack } from '@mui/material';
import { required, TextInput, useDataProvider, useNotify, useRecordContext } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Customer, Note } from '../types';
import { ActionForm, ActionRefusal, ActionSubmitButton } from '../common/ActionForm';

interface NoteValues {
  body: string;
}

type NewNote = Pick<Note, 'customer_id' | 'body'>;

/**
 * The "add note" box of the call screen: Ctrl+Enter (or the button) saves, once however often it is pressed,
 * and the box empties for the next note with the focus kept, so the agent can go on typing during the call.
 */
export function QuickNote() {
  const customer = useRecordContext<Customer>();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  if (!customer) return null;
  return (
    <Box sx={{ mb: 2 }}>
      <ActionForm<NoteValues, Note>
        repeatable
        refocus="body"
        resource="notes"
        defaultValues={{ body: '' }}
        submit={async ({ body }, { idempotencyKey }) =>
          (await dataProvider.create<NewNote, Note>('notes', { data: { customer_id: customer.id, body }, meta: { idempotencyKey } })).data
        }
        onSuccess={() => {
          notify('notes.saved', { type: 'success' });
          // Only the notes are new: the customer record is not fetched again (each fetch is an audited view).
          void queryClient.invalidateQueries({ queryKey: ['notes'] });
        }}
      >
        <ActionRefusal />
        <Stack direction="row" spacing={1} alignItems="flex-start">
          <TextInput
            source="body"
            label="notes.new"
            helperText="notes.hint"
            validate={required()}
            multiline
            minRows={2}
            fullWidth
            slotProps={{ htmlInput: { maxLength: 4000, 'data-testid': 'quick-note' } }}
          />
          <Box sx={{ mt: 1, flexShrink: 0 }}>
            <ActionSubmitButton label="notes.add" />
          </Box>
        </Stack>
      </ActionForm>
    </Box>
  );
}
