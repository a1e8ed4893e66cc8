import type { ReactNode } from 'react';
import { Box, Chip } from '@mui/material';
import { useGetList, useRecordContext, useTranslate } from 'react-admin';
import type { BillingChange, Customer } from '../../types';
import { useOpenCancellations } from '../../cancellations/useOpenCancellations';
import { useSubscriptionNames } from '../useSubscriptionNames';
import { NowrapDates } from '../../common/NowrapDates';

/**
 * The header's row of changes that are decided but not yet in effect, each in words with its date. Each
 * child renders its own chips (or nothing); the row takes no room when none has anything to say.
 */
export function PendingChanges({ children }: { children: ReactNode }) {
  return (
    <Box
      data-testid="pending-changes"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 1, '&:empty': { display: 'none' }, '& .MuiChip-root': { maxWidth: '100%' } }}
    >
      {children}
    </Box>
  );
}

/** A chip of the pending row: wraps its words rather than cutting them on a narrow screen. */
export function PendingChip({ label, color = 'info', testId }: { label: string; color?: 'info' | 'warning'; testId?: string }) {
  return (
    <Chip
      size="small"
      color={color}
      variant="outlined"
      label={<NowrapDates text={label} />}
      data-testid={testId}
      sx={{ height: 'auto', minHeight: 24, '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 } }}
    />
  );
}

/** A switch of the invoice interval waiting for its effective day. */
export function PendingIntervalChange() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const { data = [] } = useGetList<BillingChange>(
    'billing_changes',
    {
      filter: { customer_id: customer?.id, kind: 'invoice_interval', pending: true },
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'id', order: 'DESC' },
    },
    { enabled: customer !== undefined },
  );
  const change = data.find((c) => c.to_interval && !c.cancelled_on);
  if (!change?.to_interval) return null;
  return (
    <PendingChip
      testId="pending-interval"
      label={translate('pending.interval', {
        interval: translate(`invoice_interval.${change.to_interval}`).toLowerCase(),
        date: change.effective_on,
      })}
    />
  );
}

/** Each open cancellation: which service, notice or withdrawal, and the day it ends. */
export function PendingCancellations() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const cancellations = useOpenCancellations(customer?.id);
  const { name } = useSubscriptionNames(cancellations.length ? customer?.id : undefined);
  return (
    <>
      {cancellations.map((c) => (
        <PendingChip
          key={c.id}
          color="warning"
          testId={`pending-cancellation-${c.id}`}
          label={`${translate(c.kind === 'withdrawal' ? 'pending.withdrawal' : 'pending.notice', {
            product: name(c.subscription_id) ?? translate('history.subscription_number', { id: c.subscription_id }),
            date: c.ends_on,
          })} ${translate('pending.status', { status: translate(`cancellation_status.${c.status}`).toLowerCase() })}`}
        />
      ))}
    </>
  );
}
