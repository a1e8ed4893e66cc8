import { useState } from 'react';
import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import PaymentsIcon from '@mui/icons-material/Payments';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Customer } from '../types';
import { CancelPendingChange } from './CancelPendingChange';
import { PaymentMethodDialog } from './PaymentMethodDialog';
import { useLatestMandate, usePendingPaymentMethod } from './usePendingChange';

/**
 * Betalsätt on the Fakturor tab: how the customer pays, the autogiro request waiting for a supervisor (with
 * its cancellation), the latest mandate's state and why a rejected one was rejected, and Byt betalsätt.
 */
export function PaymentMethodPanel() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const pending = usePendingPaymentMethod(customer?.id);
  const mandate = useLatestMandate(customer?.id);
  if (!customer) return null;
  const method = (m: string) => translate(`payment_method.${m}`).toLowerCase();
  return (
    <Box sx={{ mb: 2 }} data-testid="payment-method-panel">
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        <Typography variant="subtitle1">{translate('money.method.title')}:</Typography>
        <Typography variant="body1" data-testid="payment-method-now">
          {translate(`payment_method.${customer.payment_method}`)}
        </Typography>
        {pending ? (
          <>
            <Chip color="info" size="small" label={translate('money.method.pending', { date: pending.effective_on })} />
            <CancelPendingChange
              change={pending}
              label="money.method.cancel_pending"
              question={translate('money.method.cancel_confirm', { method: method(customer.payment_method) })}
              done="money.method.cancelled"
            />
          </>
        ) : (
          <Button variant="outlined" size="small" startIcon={<PaymentsIcon />} onClick={() => setOpen(true)}>
            {translate('money.method.change')}
          </Button>
        )}
      </Stack>
      {mandate ? (
        <Typography variant="body2" color={mandate.status === 'rejected' ? 'error' : 'text.secondary'} data-testid="mandate-state">
          {mandate.status === 'rejected'
            ? translate('money.method.mandate_rejected', { date: mandate.decided_on ?? '', reason: mandate.reason ?? '' })
            : translate('money.method.mandate', {
                status: translate(`mandate_status.${mandate.status}`).toLowerCase(),
                account: `${mandate.clearing_number}, ${mandate.account_number}`,
                date: mandate.requested_on,
              })}
        </Typography>
      ) : null}
      {open ? <PaymentMethodDialog customer={customer} onClose={() => setOpen(false)} /> : null}
    </Box>
  );
}
