import { useState } from 'react';
import { Box, Chip, Divider, Stack, Typography } from '@mui/material';
import CreditScoreIcon from '@mui/icons-material/CreditScore';
import { ReferenceManyField, useListContext, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { Alarm, CoveredPerson, Customer } from '../types';
import { formatTimestamp } from '../common/format';
import { TabPagination } from '../customers/tabs/TabPagination';
import { sentToWords } from '../people/alarmRoute';
import { useCoveredPersons } from '../people/useCoveredPersons';
import { BlocksPanel } from '../blocks/BlocksPanel';

/** One person as the agent knows them, whichever of their subscriptions an alarm was stored under. */
interface PersonKey {
  key: string;
  name: string;
  relation: CoveredPerson['relation'];
  ids: number[];
  removed: boolean;
}

function peopleOf(rows: CoveredPerson[]): PersonKey[] {
  const out: PersonKey[] = [];
  for (const p of rows) {
    const key = `${p.personnummer} ${p.first_name} ${p.last_name}`;
    const known = out.find((x) => x.key === key);
    if (known) {
      known.ids.push(p.id);
      known.removed &&= p.removed_on !== null;
    } else {
      out.push({ key, name: `${p.first_name} ${p.last_name}`, relation: p.relation, ids: [p.id], removed: p.removed_on !== null });
    }
  }
  return out;
}

function AlarmItems({ people }: { people: PersonKey[] }) {
  const { data, isPending } = useListContext<Alarm>();
  const translate = useTranslate();
  const [locale = 'sv'] = useLocaleState();
  if (isPending) return null;
  if (!data?.length) return <Typography variant="body2">{translate('alarms.empty')}</Typography>;
  return (
    <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="alarms">
      {data.map((a) => {
        const person = people.find((p) => p.ids.includes(a.covered_person_id));
        const facts = [
          translate('alarms.reported_by', { source: a.source }),
          a.counterparty
            ? translate(a.kind === 'credit_inquiry' ? 'alarms.taken_by' : 'alarms.counterparty', { counterparty: a.counterparty })
            : null,
          a.details,
        ].filter(Boolean);
        return (
          <Box component="li" key={a.id} sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }} data-testid={`alarm-${a.id}`}>
            <Stack direction="row" spacing={1} alignItems="baseline" flexWrap="wrap">
              <Typography variant="caption" color="text.secondary" sx={{ minWidth: 110 }}>
                {formatTimestamp(a.occurred_at)}
              </Typography>
              <Typography variant="body2" fontWeight={600}>
                {translate(`alarms.kind.${a.kind}`)}
              </Typography>
              {person ? (
                <Typography variant="body2">
                  · {person.name} ({translate(`people.relation.${person.relation}`)}
                  {person.removed ? `, ${translate('alarms.removed_person')}` : ''})
                </Typography>
              ) : null}
            </Stack>
            <Typography variant="body2" sx={{ pl: { sm: '118px' } }}>
              {facts.join(' · ')}
            </Typography>
            <Typography
              variant="body2"
              color={a.sent_to.length ? 'text.secondary' : 'warning.main'}
              sx={{ pl: { sm: '118px' } }}
              data-testid="alarm-sent-to"
            >
              {a.sent_to.length
                ? translate('alarms.sent', { time: formatTimestamp(a.sent_at), targets: sentToWords(a.sent_to, translate, locale) })
                : translate('alarms.not_sent')}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}

/**
 * Larm: what the monitoring service reported about each person the customer's services cover, newest
 * first — what happened, who reported it, the counterparty, and where and when it was sent ("I got an
 * alarm but see nothing"). Credit reports ("who took a credit report on me?") and one person are a click
 * away. The blocks placed for them follow.
 */
export function AlarmsTab() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const [creditOnly, setCreditOnly] = useState(false);
  const [personKey, setPersonKey] = useState<string>();
  const { people: rows } = useCoveredPersons(customer?.id, 'everyone');
  const people = peopleOf(rows);
  const chosen = people.find((p) => p.key === personKey);
  const filter = { ...(creditOnly ? { kind: 'credit_inquiry' } : {}), ...(chosen ? { covered_person_id: chosen.ids } : {}) };
  return (
    <Box>
      <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap sx={{ mb: 1 }} data-testid="alarm-filters">
        <Chip label={translate('alarms.all')} color={creditOnly ? 'default' : 'primary'} onClick={() => setCreditOnly(false)} />
        <Chip
          icon={<CreditScoreIcon />}
          label={translate('alarms.credit_only')}
          color={creditOnly ? 'primary' : 'default'}
          onClick={() => setCreditOnly(true)}
          data-testid="filter-credit"
        />
        <Divider orientation="vertical" flexItem />
        <Chip label={translate('alarms.everyone')} variant={chosen ? 'outlined' : 'filled'} onClick={() => setPersonKey(undefined)} />
        {people.map((p) => (
          <Chip
            key={p.key}
            label={`${p.name} (${translate(`people.relation.${p.relation}`)})`}
            variant={chosen?.key === p.key ? 'filled' : 'outlined'}
            color={chosen?.key === p.key ? 'primary' : 'default'}
            onClick={() => setPersonKey(p.key)}
          />
        ))}
      </Stack>
      <ReferenceManyField
        reference="alarms"
        target="customer_id"
        sort={{ field: 'occurred_at', order: 'DESC' }}
        filter={filter}
        perPage={25}
        pagination={<TabPagination />}
      >
        <AlarmItems people={people} />
      </ReferenceManyField>
      <BlocksPanel />
    </Box>
  );
}
