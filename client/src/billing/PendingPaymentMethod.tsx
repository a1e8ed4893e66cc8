import { useRecordContext, useTranslate } from 'react-admin';
import type { Customer } from '../types';
import { usePendingPaymentMethod } from './usePendingChange';
import { PendingChip } from '../customers/header/PendingChanges';

/** In the header's pending row: autogiro requested and waiting for a supervisor, so the agent sees it at once. */
export function PendingPaymentMethod() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const pending = usePendingPaymentMethod(customer?.id);
  if (!customer || !pending) return null;
  return <PendingChip testId="pending-payment-method" label={translate('money.method.pending', { date: pending.effective_on })} />;
}
