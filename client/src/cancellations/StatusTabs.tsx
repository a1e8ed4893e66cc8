import { Tab, Tabs } from '@mui/material';
import { useGetList, useListContext, useTranslate } from 'react-admin';
import { CANCELLATION_STATUSES } from '@domain/cancellationRules';

const ALL = 'all';

function TabLabel({ status }: { status: string }) {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const { status: _current, ...others } = filterValues;
  // The count answers the other filters too, so the tabs say how many each would show.
  const { total } = useGetList('cancellations', {
    filter: status === ALL ? others : { ...others, status },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'id', order: 'ASC' },
  });
  return (
    <span data-testid={`tab-${status}`}>
      {status === ALL ? translate('queues.all') : translate(`cancellation_status.${status}`)} ({total ?? '…'})
    </span>
  );
}

/** One tab per status, with counts, and one for all of them; the tab is the `status` filter. */
export function StatusTabs() {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  return (
    <Tabs
      value={filterValues.status ?? ALL}
      onChange={(_e, status: string) => {
        const { status: _current, ...others } = filterValues;
        setFilters(status === ALL ? others : { ...others, status }, displayedFilters);
      }}
      variant="scrollable"
      scrollButtons="auto"
      indicatorColor="primary"
    >
      {CANCELLATION_STATUSES.map((status) => (
        <Tab key={status} value={status} label={<TabLabel status={status} />} />
      ))}
      <Tab value={ALL} label={<TabLabel status={ALL} />} />
    </Tabs>
  );
}
