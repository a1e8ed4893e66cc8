import { useState } from 'react';
import { useCanAccess, useGetList, useRecordContext } from 'react-admin';
import type { Block, Customer } from '../types';
import { useCoveredPersons } from '../people/useCoveredPersons';

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

/**
 * What a view of the open customer's blocks needs (the header's chips, the Larm tab's panel): the blocks,
 * the people they can be placed for, each person's name, the caller's rights and the dialogs' state.
 */
export function useBlockActions(which: 'open' | 'all') {
  const customer = useRecordContext<Customer>();
  const { blocks } = useBlocks(customer?.id, which);
  const { people: everyone } = useCoveredPersons(customer?.id, 'everyone');
  const { people: current } = useCoveredPersons(customer?.id);
  const { canAccess: canRegister } = useCanAccess({ action: 'create', resource: 'blocks' });
  const { canAccess: canLift } = useCanAccess({ action: 'edit', resource: 'blocks' });
  const [lifting, setLifting] = useState<Block>();
  const [registering, setRegistering] = useState(false);
  const nameOf = (id: number) => {
    const p = everyone.find((x) => x.id === id);
    return p ? `${p.first_name} ${p.last_name}` : '';
  };
  return { customer, blocks, current, canRegister, canLift, lifting, setLifting, registering, setRegistering, nameOf };
}
