import type { fetchUtils } from 'react-admin';
import { apiUrl } from '../apiUrl';

/** The server's preview of a cancellation (PRODUCT.md: Cancellation terms preview). */
export interface CancellationTerms {
  kind: 'withdrawal' | 'notice';
  requested_on: string;
  withdrawal_deadline: string;
  binding_ends_on: string;
  ends_on: string;
  refund_ore: number;
}

export interface CancellationStats {
  today: string;
  weeks: Array<{ week_start: string; withdrawal: number; notice: number }>;
  reasons: Array<{ reason: string; count: number }>;
  by_status: Record<string, number>;
  ending_this_month: number;
  overdue_forms: number;
}

export { CANCELLATION_REASONS, CANCELLATION_STATUSES } from '@domain/cancellationRules';
export { CHANNELS as CANCELLATION_CHANNELS } from '@domain/values';

type HttpClient = (url: string, options?: fetchUtils.Options) => Promise<{ json: any }>;

/** Custom data-provider methods for cancellations, spread into the app's data provider. */
export function cancellationMethods(httpClient: HttpClient) {
  return {
    /** Without a date the server answers for its today, which is then the dialog's default. */
    async getCancellationTerms(subscriptionId: number, requestedOn?: string): Promise<CancellationTerms> {
      const query = requestedOn ? `?requested_on=${encodeURIComponent(requestedOn)}` : '';
      return (await httpClient(apiUrl(`/subscriptions/${subscriptionId}/cancellation-terms${query}`))).json;
    },
    async getCancellationStats(): Promise<CancellationStats> {
      return (await httpClient(apiUrl('/cancellations/stats'))).json;
    },
  };
}
