import { useState } from 'react';
import { Box, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { ReferenceManyField, useListContext, useRecordContext, useTranslate } from 'react-admin';
import { AuditEventText } from '../../auditEvents/AuditEventText';
import type { AuditEvent, Customer } from '../../types';
import { useCustomerCounts } from '../useCustomerCounts';
import { useSubscriptionNames } from '../useSubscriptionNames';
import { TabPagination } from './TabPagination';

type Shown = 'changes' | 'views' | 'all';

function Events() {
  const { data, isPending } = useListContext<AuditEvent>();
  const customer = useRecordContext<Customer>();
  const { name, productName } = useSubscriptionNames(customer?.id);
  if (isPending) return null;
  if (!data?.length) return <Typography variant="body2">–</Typography>;
  return (
    <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="history">
      {data.map((e) => (
        <Box component="li" key={e.id} sx={{ py: 0.5, borderBottom: 1, borderColor: 'divider' }}>
          <AuditEventText event={e} lookups={{ subscriptionName: name, productName }} />
        </Box>
      ))}
    </Box>
  );
}

const FILTERS: Record<Shown, Record<string, unknown>> = { changes: { views: false }, views: { views: true }, all: {} };

/**
 * Historik: who changed what in this customer's data, in words, newest first. Who opened the record is
 * kept apart (its own filter), so that a busy customer's changes are not buried under views.
 */
export function HistoryTab() {
  const translate = useTranslate();
  const customer = useRecordContext<Customer>();
  const counts = useCustomerCounts(customer?.id);
  const [shown, setShown] = useState<Shown>('changes');
  const count = (n: number | undefined, label: string) =>
    n === undefined ? translate(label) : translate('record.tab_count', { label: translate(label), count: n });
  return (
    <Box>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={shown}
        onChange={(_e, value: Shown | null) => value && setShown(value)}
        sx={{ mb: 1, flexWrap: 'wrap' }}
        aria-label={translate('customer_page.tabs.history')}
      >
        <ToggleButton value="changes" data-testid="history-changes">
          {count(counts?.changes, 'history.filter.changes')}
        </ToggleButton>
        <ToggleButton value="views" data-testid="history-views">
          {count(counts?.views, 'history.filter.views')}
        </ToggleButton>
        <ToggleButton value="all" data-testid="history-all">
          {translate('history.filter.all')}
        </ToggleButton>
      </ToggleButtonGroup>
      <ReferenceManyField
        reference="audit_events"
        target="customer_id"
        filter={FILTERS[shown]}
        sort={{ field: 'id', order: 'DESC' }}
        perPage={50}
        pagination={<TabPagination />}
      >
        <Events />
      </ReferenceManyField>
    </Box>
  );
}
