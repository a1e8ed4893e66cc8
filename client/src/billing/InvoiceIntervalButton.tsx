import { useState } from 'react';
import { Button, Chip, Stack, Typography } from '@mui/material';
import { useGetList, useRecordContext, useTranslate } from 'react-admin';
import type { BillingChange, Customer } from '../types';
import { BillingChangeDialog } from './BillingChangeDialog';
import { CancelPendingChange } from './CancelPendingChange';
import { NowrapDates } from '../common/NowrapDates';

/**
 * Byt till årsfaktura / Byt till månadsfaktura. While a switch waits for its effective day, the button
 * gives way to a note saying when it takes effect.
 */
export function InvoiceIntervalButton() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const { data: pending } = useGetList<BillingChange>(
    'billing_changes',
    {
      filter: { customer_id: customer?.id, kind: 'invoice_interval', pending: true },
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'id', order: 'DESC' },
    },
    { enabled: customer !== undefined },
  );
  if (!customer) return null;
  const waiting = pending?.[0];
  if (waiting?.to_interval) {
    const label = translate('billing.pending', {
      interval: translate(`invoice_interval.${waiting.to_interval}`).toLowerCase(),
      date: waiting.effective_on,
    });
    return (
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        <Chip
          color="info"
          data-testid="pending-interval-change"
          label={<NowrapDates text={label} />}
          sx={{ height: 'auto', minHeight: 32, maxWidth: '100%', '& .MuiChip-label': { whiteSpace: 'normal' } }}
        />
        <CancelPendingChange change={waiting} label="money.interval.cancel" question={`${label}.`} done="money.interval.cancelled" />
      </Stack>
    );
  }
  const to = customer.invoice_interval === 'annual' ? 'monthly' : 'annual';
  const label = translate(to === 'annual' ? 'billing.to_annual' : 'billing.to_monthly');
  return (
    <>
      <Button variant="outlined" onClick={() => setOpen(true)}>
        {label}
      </Button>
      {open ? (
        <BillingChangeDialog
          onClose={() => setOpen(false)}
          title={label}
          request={() => ({ kind: 'invoice_interval', customer_id: customer.id, to_interval: to })}
          explain={(preview) => (
            <>
              <Typography variant="body2">{translate(to === 'annual' ? 'billing.annual_rule' : 'billing.monthly_rule')}</Typography>
              {preview ? (
                <Typography variant="subtitle1" data-testid="effective-on">
                  {translate('billing.effective_from', { date: preview.change.effective_on })}
                </Typography>
              ) : null}
            </>
          )}
          saved={(change) => translate('billing.saved_interval', { date: change.effective_on })}
        />
      ) : null}
    </>
  );
}
