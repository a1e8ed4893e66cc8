import {
  addDays,
  addMonths,
  daysBetween,
  isIsoDate,
  lastOfMonth,
  stockholmDayStartUtc,
  todayInStockholm,
  weekday,
} from '../../server/src/domain/calendarDate';

describe('adding months keeps the day number, clamped to the month’s last day', () => {
  test.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2026-03-31', 3, '2026-06-30'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-10-31', 0, '2026-10-31'],
    ['2026-11-25', 36, '2029-11-25'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-31', -2, '2025-11-30'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });
});

describe('leap years and month lengths', () => {
  test.each([
    ['2024-02', '2024-02-29'],
    ['2025-02', '2025-02-28'],
    ['2000-02', '2000-02-29'],
    ['2100-02', '2100-02-28'],
    ['2026-04', '2026-04-30'],
    ['2026-12', '2026-12-31'],
  ])('the last day of %s is %s', (month, expected) => {
    expect(lastOfMonth(`${month}-01`)).toBe(expected);
  });

  test.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-11-25', true],
  ])('%s is a calendar date: %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('day arithmetic never shifts through a time zone', () => {
  test.each([
    ['2026-03-28', 1, '2026-03-29'], // the night summer time starts
    ['2026-10-24', 1, '2026-10-25'], // the night it ends
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-11-25', 14, '2026-12-09'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s + %i days = %s', (from, days, expected) => {
    expect(addDays(from, days)).toBe(expected);
    expect(daysBetween(from, expected)).toBe(days);
  });

  test.each([
    ['2026-11-25', 3],
    ['2026-11-28', 6],
    ['2026-11-29', 0],
  ])('%s is weekday %i', (date, day) => {
    expect(weekday(date)).toBe(day);
  });
});

describe("today is Stockholm's calendar day, whatever the machine's time zone", () => {
  test.each([
    ['2026-11-24T22:59:59.999Z', '2026-11-24'], // 23:59 in Stockholm (UTC+1)
    ['2026-11-24T23:00:00.000Z', '2026-11-25'], // midnight in Stockholm
    ['2026-06-30T21:59:59.000Z', '2026-06-30'], // 23:59 in summer (UTC+2)
    ['2026-06-30T22:00:00.000Z', '2026-07-01'],
    ['2026-12-31T23:30:00.000Z', '2027-01-01'],
    ['2026-03-29T00:30:00.000Z', '2026-03-29'], // the night summer time starts
    ['2026-10-25T00:30:00.000Z', '2026-10-25'], // the night it ends
  ])('%s is %s', (instant, expected) => {
    expect(todayInStockholm(new Date(instant))).toBe(expected);
  });

  test.each([
    ['2026-11-25', '2026-11-24T23:00:00.000Z'],
    ['2026-07-01', '2026-06-30T22:00:00.000Z'],
    ['2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['2026-10-26', '2026-10-25T23:00:00.000Z'],
  ])('the Stockholm day %s starts at %s', (date, instant) => {
    expect(stockholmDayStartUtc(date)).toBe(instant);
  });
});
