import { Box, Typography } from '@mui/material';
import { ReferenceManyField, useListContext } from 'react-admin';
import { QuickNote } from '../../notes/QuickNote';
import type { Note } from '../../types';
import { TabPagination } from './TabPagination';

function NoteItems() {
  const { data, isPending } = useListContext<Note>();
  if (isPending) return null;
  if (!data?.length) return <Typography variant="body2">–</Typography>;
  return (
    <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="notes">
      {data.map((n) => (
        <Box component="li" key={n.id} sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}>
          <Typography variant="caption" color="text.secondary">
            {new Date(n.created_at).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' })} · {n.created_by}
          </Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
            {n.body}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

/** Anteckningar: call notes, newest first, under a box for the next one. */
export function NotesTab() {
  return (
    <Box>
      <QuickNote />
      <ReferenceManyField
        reference="notes"
        target="customer_id"
        sort={{ field: 'id', order: 'DESC' }}
        perPage={25}
        pagination={<TabPagination />}
      >
        <NoteItems />
      </ReferenceManyField>
    </Box>
  );
}
