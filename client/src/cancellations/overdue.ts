import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Cancellation } from '../types';

export const FORM_OVERDUE_DAYS = 14;

/** YYYY-MM-DD minus days, on calendar dates (UTC noon, so no zone can shift the day). */
export function minusDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d, 12));
  t.setUTCDate(t.getUTCDate() - days);
  return t.toISOString().slice(0, 10);
}

/** The same rule as the server's `form_overdue` filter. */
export function isFormOverdue(c: Pick<Cancellation, 'status' | 'form_sent_on' | 'form_received_on'>, today: string | undefined): boolean {
  if (!today || !c.form_sent_on || c.form_received_on) return false;
  if (!['registered', 'form_sent', 'confirmed'].includes(c.status)) return false;
  return c.form_sent_on < minusDays(today, FORM_OVERDUE_DAYS);
}

/** The server's today (it may be fixed for demos), from the dashboard figures. */
export function useToday(): string | undefined {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const { data } = useQuery({
    queryKey: ['cancellations', 'stats'],
    queryFn: () => dataProvider.getCancellationStats(),
    staleTime: 60_000,
  });
  return data?.today;
}
