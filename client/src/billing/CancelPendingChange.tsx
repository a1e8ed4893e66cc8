import { useState } from 'react';
import { Button, Typography } from '@mui/material';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { BillingChange } from '../types';
import { ActionDialog } from '../common/ActionDialog';

/**
 * Cancels a change before it takes effect (`DELETE /api/billing_changes/:id`): a pending interval switch, or
 * autogiro waiting for its mandate. Asks first; the server refuses (409) once the change is in effect.
 */
export function CancelPendingChange({
  change,
  label,
  question,
  done,
}: {
  change: BillingChange;
  label: string;
  question: string;
  done: string;
}) {
  const [open, setOpen] = useState(false);
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  return (
    <>
      <Button size="small" color="warning" onClick={() => setOpen(true)} data-testid={`cancel-change-${change.id}`}>
        {translate(label)}
      </Button>
      {open ? (
        <ActionDialog<Record<string, never>, BillingChange>
          title={label}
          submitLabel={label}
          onClose={() => setOpen(false)}
          submit={(_values, { idempotencyKey }) => dataProvider.cancelBillingChange(change.id, { idempotencyKey })}
          onSuccess={() => {
            notify(done, { type: 'success' });
            setOpen(false);
            refresh();
          }}
        >
          <Typography variant="body2">{question}</Typography>
        </ActionDialog>
      ) : null}
    </>
  );
}
