import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Customer } from '../types';
import { usePendingPaymentMethod } from './usePendingChange';

/** In the customer header: autogiro requested and waiting for a supervisor, so the agent sees it at once. */
export function PendingPaymentMethod() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const pending = usePendingPaymentMethod(customer?.id);
  if (!customer || !pending) return null;
  return (
    <Chip
      size="small"
      color="info"
      data-testid="pending-payment-method"
      label={translate('money.method.pending', { date: pending.effective_on })}
    />
  );
}
