import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { CustomerCounts } from '../types';

/** The query key of a customer's tab counts: a saved note or action refreshes them (react-admin's refresh invalidates every query). */
export const countsKey = (customerId: number | undefined) => ['customer-counts', customerId];

/** How many rows each tab of the record holds, for the tabs' labels. */
export function useCustomerCounts(customerId: number | undefined): CustomerCounts | undefined {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const { data } = useQuery({
    queryKey: countsKey(customerId),
    queryFn: () => dataProvider.getCustomerCounts(customerId!),
    enabled: customerId !== undefined,
  });
  return data;
}
