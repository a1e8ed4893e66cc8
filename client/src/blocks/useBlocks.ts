import { useGetList } from 'react-admin';
import type { Block } from '../types';

/** A customer's blocks, newest first: the open ones (the header) or all (the Larm tab). */
export function useBlocks(customerId: number | undefined, which: 'open' | 'all') {
  const { data = [], isPending } = useGetList<Block>(
    'blocks',
    {
      filter: which === 'open' ? { customer_id: customerId, open: true } : { customer_id: customerId },
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'placed_at', order: 'DESC' },
    },
    { enabled: customerId !== undefined },
  );
  return { blocks: data, isPending };
}
