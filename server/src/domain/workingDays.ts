import { getHolidays } from 'swedish-holidays';
import { addDays, fromParts, type IsoDate, parts, weekday } from './calendarDate';

/**
 * Days on which a deadline cannot fall (lag 1930:173 om beräkning av lagstadgad tid; Regulation
 * 1182/71 for the withdrawal period): Saturdays, Sundays, Swedish public holidays, and midsommarafton,
 * julafton and nyårsafton.
 */
const EVES_TREATED_AS_HOLIDAYS = new Set(['Midsommarafton', 'Julafton', 'Nyårsafton']);

const cache = new Map<number, Set<IsoDate>>();

export function nonWorkingHolidays(year: number): Set<IsoDate> {
  let days = cache.get(year);
  if (!days) {
    days = new Set(
      getHolidays(year)
        // The library's `date` is UTC midnight; its year/month/day fields are the calendar date.
        .filter((h) => h.isPublicHoliday || EVES_TREATED_AS_HOLIDAYS.has(h.name))
        .map((h) => fromParts(h.year, h.month, h.day)),
    );
    cache.set(year, days);
  }
  return days;
}

export function isWorkingDay(date: IsoDate): boolean {
  const day = weekday(date);
  if (day === 0 || day === 6) return false;
  return !nonWorkingHolidays(parts(date).year).has(date);
}

/** The date itself when it is a working day, else the next working day. */
export function nextWorkingDay(date: IsoDate): IsoDate {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** A deadline whose last day is not a working day moves to the next working day. */
export const deadline = nextWorkingDay;
