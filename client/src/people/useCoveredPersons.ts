import { useGetList } from 'react-admin';
import type { CoveredPerson } from '../types';

/**
 * The people a customer's subscriptions cover: by default those covered now (not removed, on a
 * subscription that has not ended); `everyone` also those removed, to name them on older alarms and blocks.
 * One query per customer and kind, shared by the header, the Abonnemang tab and the Larm tab.
 */
export function useCoveredPersons(customerId: number | undefined, which: 'current' | 'everyone' = 'current') {
  const { data = [], isPending } = useGetList<CoveredPerson>(
    'covered_persons',
    {
      filter: which === 'current' ? { customer_id: customerId, current: true } : { customer_id: customerId },
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'id', order: 'ASC' },
    },
    { enabled: customerId !== undefined },
  );
  return { people: data, isPending };
}
