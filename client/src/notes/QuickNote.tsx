import { useRef, useState } from 'react';
import { Button, Stack, TextField as MuiTextField } from '@mui/material';
import { useCreate, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { Customer } from '../types';

/**
 * The "add note" box of the call screen: Ctrl+Enter (or the button) saves, and focus stays in the box so
 * the agent can go on typing during the call.
 */
export function QuickNote() {
  const customer = useRecordContext<Customer>();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const input = useRef<HTMLTextAreaElement>(null);
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  if (!customer) return null;

  const save = () => {
    if (!body.trim()) return;
    create(
      'notes',
      { data: { customer_id: customer.id, body } },
      {
        onSuccess: () => {
          setBody('');
          setError(undefined);
          notify('notes.saved', { type: 'success' });
          refresh();
          input.current?.focus();
        },
        onError: (e: unknown) => {
          const err = e as { body?: { errors?: Record<string, string> }; message?: string };
          setError(err.body?.errors?.body ?? err.message);
          input.current?.focus();
        },
      },
    );
  };

  return (
    <Stack direction="row" spacing={1} alignItems="flex-start" sx={{ mb: 2 }}>
      <MuiTextField
        inputRef={input}
        label={translate('notes.new')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            save();
          }
        }}
        error={Boolean(error)}
        helperText={error ?? translate('notes.hint')}
        multiline
        minRows={2}
        fullWidth
        slotProps={{ htmlInput: { maxLength: 4000, 'data-testid': 'quick-note' } }}
      />
      <Button variant="contained" onClick={save} disabled={isPending || !body.trim()} sx={{ mt: 1 }}>
        {translate('notes.add')}
      </Button>
    </Stack>
  );
}
