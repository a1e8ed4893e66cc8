import { todayInStockholm } from '../domain/calendarDate';

/**
 * The calendar day the app takes as today: the pinned `TODAY` (demos and tests), otherwise today in
 * Europe/Stockholm. Requests carry it as `ctx.today`; jobs, seeds and scripts ask here. Only what is
 * about a real instant (timestamps such as `created_at`) reads the real clock instead.
 */
export function appToday(pinned?: string): string {
  return pinned ?? todayInStockholm();
}
