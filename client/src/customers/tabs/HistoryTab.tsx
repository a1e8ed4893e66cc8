import { Box, Typography } from '@mui/material';
import { ReferenceManyField, useListContext, useLocaleState, useTranslate } from 'react-admin';
import { describeChanges } from '../../auditEvents/describeChanges';
import type { AuditEvent } from '../../types';
import { TabPagination } from './TabPagination';
import { peopleAuditValue } from '../../people/auditValues';

function Events() {
  const { data, isPending } = useListContext<AuditEvent>();
  const translate = useTranslate();
  const [locale = 'sv'] = useLocaleState();
  if (isPending) return null;
  if (!data?.length) return <Typography variant="body2">–</Typography>;
  return (
    <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="history">
      {data.map((e) => (
        <Box component="li" key={e.id} sx={{ py: 0.5, borderBottom: 1, borderColor: 'divider' }}>
          <Typography variant="body2">
            <strong>{translate(`audit.actor.${e.actor}`, { _: e.actor })}</strong> {translate(`audit.action.${e.action}`, { _: e.action })}{' '}
            {translate(`audit.entity.${e.entity}`, { _: e.entity })}
            <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
              {new Date(e.at).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' })}
            </Typography>
          </Typography>
          {describeChanges(
            e.changes,
            (field) => translate(`resources.${e.entity}.fields.${field}`, { _: field }),
            (field, v) => peopleAuditValue(e.entity, field, v, translate, locale),
          ).map((line) => (
            <Typography key={line} variant="caption" component="div" sx={{ pl: 2 }}>
              {line}
            </Typography>
          ))}
        </Box>
      ))}
    </Box>
  );
}

/** Historik: who did what to this customer's data, and who viewed it, newest first. */
export function HistoryTab() {
  return (
    <ReferenceManyField
      reference="audit_events"
      target="customer_id"
      sort={{ field: 'id', order: 'DESC' }}
      perPage={50}
      pagination={<TabPagination />}
    >
      <Events />
    </ReferenceManyField>
  );
}
