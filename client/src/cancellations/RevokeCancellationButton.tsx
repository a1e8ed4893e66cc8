import { useState } from 'react';
import { Button, Typography } from '@mui/material';
import UndoIcon from '@mui/icons-material/Undo';
import { required, TextInput, useCanAccess, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { mayTransition } from '@domain/cancellationRules';
import type { Cancellation } from '../types';
import { ActionDialog } from '../common/ActionDialog';
import { useRole, useToday } from '../auth/identity';
import { useSubscriptionNames } from '../customers/useSubscriptionNames';

interface RevokeValues {
  revoke_reason: string;
}

/** The confirmation: what revoking means for this subscription, and why (required, stored with the cancellation). */
function RevokeDialog({ cancellation, onClose }: { cancellation: Cancellation; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider();
  const { name } = useSubscriptionNames(cancellation.customer_id);
  const product = name(cancellation.subscription_id) ?? translate('history.subscription_number', { id: cancellation.subscription_id });
  return (
    <ActionDialog<RevokeValues, Cancellation>
      title="revoke.title"
      submitLabel="revoke.confirm"
      submitIcon={<UndoIcon />}
      resource="cancellations"
      onClose={onClose}
      defaultValues={{ revoke_reason: '' }}
      submit={async (values, { idempotencyKey }) =>
        (
          await dataProvider.update<Cancellation>('cancellations', {
            id: cancellation.id,
            data: { status: 'revoked', version: cancellation.version, revoke_reason: values.revoke_reason },
            previousData: cancellation,
            meta: { idempotencyKey },
          })
        ).data
      }
      onSuccess={() => {
        notify('revoke.done', { type: 'success' });
        onClose();
        refresh();
      }}
    >
      <Typography variant="body2" sx={{ mb: 2 }} data-testid="revoke-explain">
        {translate('revoke.explain', { product, date: cancellation.ends_on })}
      </Typography>
      <TextInput
        source="revoke_reason"
        label="revoke.reason"
        helperText="revoke.reason_help"
        validate={required()}
        multiline
        minRows={2}
        fullWidth
        slotProps={{ htmlInput: { maxLength: 500 } }}
      />
    </ActionDialog>
  );
}

/**
 * "Återkalla uppsägning": the customer changed their mind before the end date. Agents may (the permission
 * is everyone's), from the record or the queue; never in one click — a dialog asks for the reason.
 */
export function RevokeCancellationButton({
  cancellation: given,
  size = 'small',
}: {
  cancellation?: Cancellation;
  size?: 'small' | 'medium';
}) {
  const fromContext = useRecordContext<Cancellation>();
  const cancellation = given ?? fromContext;
  const translate = useTranslate();
  const role = useRole();
  const today = useToday();
  const { canAccess } = useCanAccess({ action: 'revoked', resource: 'cancellations' });
  const [open, setOpen] = useState(false);
  if (!cancellation || !canAccess || !mayTransition(role, cancellation.status, 'revoked')) return null;
  // Once the contract has ended there is nothing to revoke (the server says the same with a 409).
  if (today && today >= cancellation.ends_on) return null;
  return (
    <>
      <Button
        size={size}
        color="warning"
        variant="outlined"
        startIcon={<UndoIcon />}
        onClick={() => setOpen(true)}
        sx={{ whiteSpace: 'nowrap' }}
        data-testid={`revoke-cancellation-${cancellation.id}`}
      >
        {translate('revoke.button')}
      </Button>
      {open ? <RevokeDialog cancellation={cancellation} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
