import { Box, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { AuditEvent } from '../types';
import { formatTimestamp } from '../common/format';
import { actorName, changeText, describeAction, describeChanges, type Lookups } from './describeChanges';
import { NowrapDates } from '../common/NowrapDates';

/** The changed fields of an event, one line each, in words ("Telefon: 070-123 45 67 → 073-555 12 34"). */
export function AuditChangeLines({ event, lookups }: { event: AuditEvent; lookups?: Lookups }) {
  const translate = useTranslate();
  const [locale = 'sv'] = useLocaleState();
  const lines = describeChanges(event, translate, { locale, ...lookups });
  if (!lines.length) return null;
  return (
    <>
      {lines.map((line) => (
        <Typography key={line.field} variant="caption" component="div" sx={{ overflowWrap: 'anywhere' }}>
          <NowrapDates text={changeText(line)} />
        </Typography>
      ))}
    </>
  );
}

/** One history row: who did what, when, and the changed fields in words. */
export function AuditEventText({ event, lookups }: { event: AuditEvent; lookups?: Lookups }) {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="body2">
        <strong>{actorName(event.actor, translate)}</strong> {describeAction(event, translate)}
        <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1, whiteSpace: 'nowrap' }}>
          {formatTimestamp(event.at)}
        </Typography>
      </Typography>
      <Box sx={{ pl: 2 }}>
        <AuditChangeLines event={event} lookups={lookups} />
      </Box>
    </Box>
  );
}
