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
import { CANCELLATION_TRANSITIONS, type CancellationTarget } from '@domain/cancellationRules';
import type { Cancellation } from '../types';
import { serverMessage } from '../common/serverErrors';
import { useAction } from '../common/useAction';

interface StepResult {
  ok: number;
  failed: unknown[];
}

/**
 * One status step for one or several cancellations, through the action pattern (submit once; each record's
 * request with its own idempotency key, kept for a retry of the same selection). Pessimistic: each record
 * is sent with the version it was shown with, and the screen waits for the server.
 */
function useStep(to: CancellationTarget, onDone?: () => void) {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  return useAction<Cancellation[], StepResult>({
    repeatable: true,
    submit: async (records, request) => {
      const results = await Promise.allSettled(
        records.map((r) =>
          dataProvider.update<Cancellation>('cancellations', {
            id: r.id,
            data: { status: to, version: r.version },
            previousData: r,
            meta: { idempotencyKey: request.keyFor(r.id) },
          }),
        ),
      );
      return {
        ok: results.filter((r) => r.status === 'fulfilled').length,
        failed: results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason),
      };
    },
    onSuccess: ({ ok, failed }) => {
      if (ok) notify('cancellation.updated', { type: 'success', messageArgs: { smart_count: ok } });
      if (failed.length) {
        notify('cancellation.failed', {
          type: 'error',
          messageArgs: { smart_count: failed.length, message: serverMessage(failed[0]) ?? '' },
        });
      }
      refresh();
      onDone?.();
    },
  });
}

/** One status step on the record in context (the show page), for the roles the permissions allow it. */
export function TransitionButton({ to }: { to: CancellationTarget }) {
  const record = useRecordContext<Cancellation>();
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ action: to, resource: 'cancellations' });
  const step = useStep(to);
  if (!record || !canAccess || !CANCELLATION_TRANSITIONS[to].from.includes(record.status)) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      color={to === 'revoked' ? 'warning' : 'primary'}
      disabled={step.isPending}
      onClick={() => void step.run([record])}
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
  const step = useStep(to, unselectAll);
  if (!canAccess) return null;
  const records = data.filter((r) => selectedIds.includes(r.id) && CANCELLATION_TRANSITIONS[to].from.includes(r.status));
  return (
    <Button size="small" disabled={step.isPending || records.length === 0} onClick={() => void step.run(records)}>
      {translate(`cancellation.bulk.${to}`)}
    </Button>
  );
}
