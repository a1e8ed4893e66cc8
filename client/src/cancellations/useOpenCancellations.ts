import { useGetList } from 'react-admin';
import { OPEN_CANCELLATION_STATUSES } from '@domain/cancellationRules';
import type { Cancellation } from '../types';

/** A customer's open cancellations (registered, form sent, confirmed): one request shared by the header and the tabs. */
export function useOpenCancellations(customerId: number | undefined): Cancellation[] {
  const { data = [] } = useGetList<Cancellation>(
    'cancellations',
    {
      filter: { customer_id: customerId, status: OPEN_CANCELLATION_STATUSES },
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'ends_on', order: 'ASC' },
    },
    { enabled: customerId !== undefined },
  );
  return data;
}
