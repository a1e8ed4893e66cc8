import { useGetList } from 'react-admin';
import type { AutogiroMandate, BillingChange } from '../types';

/** The customer's payment-method change that waits to take effect (autogiro before its mandate is decided). */
export function usePendingPaymentMethod(customerId: number | undefined): BillingChange | undefined {
  const { data } = useGetList<BillingChange>(
    'billing_changes',
    {
      filter: { customer_id: customerId, kind: 'payment_method', pending: true },
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'id', order: 'DESC' },
    },
    { enabled: customerId !== undefined },
  );
  return data?.[0];
}

/** The customer's latest autogiro mandate, whatever its state. */
export function useLatestMandate(customerId: number | undefined): AutogiroMandate | undefined {
  const { data } = useGetList<AutogiroMandate>(
    'autogiro_mandates',
    { filter: { customer_id: customerId }, pagination: { page: 1, perPage: 1 }, sort: { field: 'id', order: 'DESC' } },
    { enabled: customerId !== undefined },
  );
  return data?.[0];
}
