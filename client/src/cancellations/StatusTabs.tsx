import { Tab, Tabs } from '@mui/material';
import { useGetList, useListContext, useTranslate } from 'react-admin';
import { CANCELLATION_STATUSES } from '@domain/cancellationRules';

function TabLabel({ status }: { status: string }) {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  // The count answers the other filters too, so the tabs say how many each would show.
  const { total } = useGetList('cancellations', {
    filter: { ...filterValues, status },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'id', order: 'ASC' },
  });
  return (
    <span data-testid={`tab-${status}`}>
      {translate(`cancellation_status.${status}`)} ({total ?? '…'})
    </span>
  );
}

/** One tab per status, with counts; the tab is the `status` filter. */
export function StatusTabs() {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  return (
    <Tabs
      value={filterValues.status ?? 'registered'}
      onChange={(_e, status: string) => setFilters({ ...filterValues, status }, displayedFilters)}
      variant="scrollable"
      indicatorColor="primary"
    >
      {CANCELLATION_STATUSES.map((status) => (
        <Tab key={status} value={status} label={<TabLabel status={status} />} />
      ))}
    </Tabs>
  );
}
