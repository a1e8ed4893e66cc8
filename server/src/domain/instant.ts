import { isIsoDate } from './calendarDate';

/**
 * Instants as other systems send them: ISO 8601 with an offset (`2026-11-20T14:32:00+01:00` or `…Z`),
 * stored as UTC (`2026-11-20T13:32:00.000Z`). An alarm's `occurred_at` is one: the same event sent twice
 * with different offsets is then recognised as the same (repeating an alarm stores it once).
 */
export type InstantResult = { ok: true; value: string } | { ok: false; error: string };

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** How far ahead of our clock an instant may be (the sender's clock may run a little fast). */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Nothing the service reports happened before it existed. */
export const EARLIEST_INSTANT = '2000-01-01T00:00:00.000Z';

/** An instant with its offset, normalised to UTC; refused when it is no real time or lies in the future. */
export function parseInstant(input: string, nowMs: number): InstantResult {
  const m = INSTANT.exec(input.trim());
  if (!m) return { ok: false, error: 'Ange tidpunkten som ÅÅÅÅ-MM-DDTtt:mm:ss med tidszon, t.ex. 2026-11-20T14:32:00+01:00' };
  const [, date, hh, mm, ss = '00'] = m;
  if (!isIsoDate(date) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) {
    return { ok: false, error: 'Ogiltig tidpunkt' };
  }
  const ms = Date.parse(input.trim());
  if (Number.isNaN(ms)) return { ok: false, error: 'Ogiltig tidpunkt' };
  if (ms > nowMs + CLOCK_SKEW_MS) return { ok: false, error: 'Tidpunkten ligger i framtiden' };
  const value = new Date(ms).toISOString();
  if (value < EARLIEST_INSTANT) return { ok: false, error: 'Tidpunkten är för tidig (före år 2000)' };
  return { ok: true, value };
}
