import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { GdprRequest } from '../types';

/** A rectification's fields as "fält: gammalt → nytt". */
export function ChangesList({ changes }: { changes: GdprRequest['changes'] }) {
  const translate = useTranslate();
  if (!changes?.length) return null;
  return (
    <Box component="ul" sx={{ my: 1, pl: 2 }} data-testid="gdpr-changes">
      {changes.map((c) => (
        <Typography component="li" variant="body2" key={c.field}>
          {translate('gdpr.change', {
            field: translate(`resources.customers.fields.${c.field}`, { _: c.field }),
            old: c.old_value ?? '–',
            new: c.new_value ?? '–',
          })}
        </Typography>
      ))}
    </Box>
  );
}
