import { useState } from 'react';
import { Button } from '@mui/material';
import {
  useCanAccess,
  useDataProvider,
  useListContext,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import { CANCELLATION_TRANSITIONS, type CancellationTarget as Target } from '@domain/cancellationRules';
import type { Cancellation } from '../types';

function useTransition() {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  /** Pessimistic: each record is sent with the version it was shown with, and the screen waits for the server. */
  const run = async (records: Cancellation[], to: Target) => {
    setBusy(true);
    try {
      const results = await Promise.allSettled(
        records.map((r) =>
          dataProvider.update<Cancellation>('cancellations', { id: r.id, data: { status: to, version: r.version }, previousData: r }),
        ),
      );
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (ok) notify('cancellation.updated', { type: 'success', messageArgs: { smart_count: ok } });
      if (failed.length) {
        notify('cancellation.failed', {
          type: 'error',
          messageArgs: { smart_count: failed.length, message: (failed[0].reason as Error)?.message ?? '' },
        });
      }
      refresh();
      return ok;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
}

/** One status step on the record in context (the show page). */
export function TransitionButton({ to }: { to: Target }) {
  const record = useRecordContext<Cancellation>();
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ action: to, resource: 'cancellations' });
  const { run, busy } = useTransition();
  if (!record || !canAccess || !CANCELLATION_TRANSITIONS[to].from.includes(record.status)) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      color={to === 'revoked' ? 'warning' : 'primary'}
      disabled={busy}
      onClick={() => run([record], to)}
    >
      {translate(`cancellation.actions.${to}`)}
    </Button>
  );
}

/** Bulk "mark form sent" / "mark confirmed" on the selected rows of the queue. */
export function BulkTransitionButton({ to }: { to: 'form_sent' | 'confirmed' }) {
  const { selectedIds, data = [] } = useListContext<Cancellation>();
  const translate = useTranslate();
  const unselectAll = useUnselectAll('cancellations');
  const { canAccess } = useCanAccess({ action: to, resource: 'cancellations' });
  const { run, busy } = useTransition();
  if (!canAccess) return null;
  const records = data.filter((r) => selectedIds.includes(r.id));
  return (
    <Button
      size="small"
      disabled={busy || records.length === 0}
      onClick={async () => {
        await run(records, to);
        unselectAll();
      }}
    >
      {translate(`cancellation.bulk.${to}`)}
    </Button>
  );
}
