import { deadline, isWorkingDay, nonWorkingHolidays } from '../../server/src/domain/workingDays';
import { addDays } from '../../server/src/domain/calendarDate';

// Easter Sunday from published calendars (not computed by the code under test).
const EASTER: Record<number, string> = {
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
};
// Midsommardagen: the Saturday 20–26 June; alla helgons dag: the Saturday 31 Oct – 6 Nov.
const MIDSOMMARDAGEN: Record<number, string> = {
  2024: '2024-06-22',
  2025: '2025-06-21',
  2026: '2026-06-20',
  2027: '2027-06-26',
  2028: '2028-06-24',
  2029: '2029-06-23',
  2030: '2030-06-22',
};
const ALLA_HELGONS_DAG: Record<number, string> = {
  2024: '2024-11-02',
  2025: '2025-11-01',
  2026: '2026-10-31',
  2027: '2027-11-06',
  2028: '2028-11-04',
  2029: '2029-11-03',
  2030: '2030-11-02',
};
const YEARS = Object.keys(EASTER).map(Number);

describe.each(YEARS)('the days a deadline cannot fall on in %i', (year) => {
  const easter = EASTER[year];
  const expected = {
    nyårsdagen: `${year}-01-01`,
    'trettondedag jul': `${year}-01-06`,
    långfredagen: addDays(easter, -2),
    påskdagen: easter,
    'annandag påsk': addDays(easter, 1),
    'första maj': `${year}-05-01`,
    'Kristi himmelsfärdsdag': addDays(easter, 39),
    pingstdagen: addDays(easter, 49),
    nationaldagen: `${year}-06-06`,
    midsommarafton: addDays(MIDSOMMARDAGEN[year], -1),
    midsommardagen: MIDSOMMARDAGEN[year],
    'alla helgons dag': ALLA_HELGONS_DAG[year],
    julafton: `${year}-12-24`,
    juldagen: `${year}-12-25`,
    'annandag jul': `${year}-12-26`,
    nyårsafton: `${year}-12-31`,
  };
  test.each(Object.entries(expected))('%s (%s) is not a working day', (_name, date) => {
    expect(nonWorkingHolidays(year).has(date)).toBe(true);
    expect(isWorkingDay(date)).toBe(false);
  });

  test('no other weekday is a holiday', () => {
    expect([...nonWorkingHolidays(year)].sort()).toEqual([...new Set(Object.values(expected))].sort());
  });

  test.each([
    ['skärtorsdagen', addDays(easter, -3)],
    ['valborgsmässoafton', `${year}-04-30`],
    ['trettondagsafton', `${year}-01-05`],
  ])('%s (%s) is an ordinary day', (_name, date) => {
    expect(nonWorkingHolidays(year).has(date)).toBe(false);
  });
});

describe('a deadline on a non-working day moves to the next working day', () => {
  test.each([
    ['an ordinary Wednesday stays', '2026-11-25', '2026-11-25'],
    ['a Saturday → Monday', '2026-11-28', '2026-11-30'],
    ['a Sunday → Monday', '2026-11-29', '2026-11-30'],
    ['långfredagen 2026 → tisdag after annandag påsk', '2026-04-03', '2026-04-07'],
    ['påskafton 2027 (Saturday) → tisdag', '2027-03-27', '2027-03-30'],
    ['annandag påsk 2028 → tisdag', '2028-04-17', '2028-04-18'],
    ['Kristi himmelsfärdsdag 2026 (Thursday) → Friday', '2026-05-14', '2026-05-15'],
    ['Kristi himmelsfärdsdag 2030 (Thursday) → Friday', '2030-05-30', '2030-05-31'],
    ['midsommarafton 2026 → Monday', '2026-06-19', '2026-06-22'],
    ['midsommarafton 2029 → Monday', '2029-06-22', '2029-06-25'],
    ['julafton 2026 (Thursday) → Monday 28th', '2026-12-24', '2026-12-28'],
    ['julafton 2024 (Tuesday) → Friday 27th', '2024-12-24', '2024-12-27'],
    ['nyårsafton 2026 → 4 January (trettondedag on Wednesday is later)', '2026-12-31', '2027-01-04'],
    ['nyårsafton 2027 (Friday) → Monday 3 January', '2027-12-31', '2028-01-03'],
    ['nyårsdagen 2025 (Wednesday) → Thursday', '2025-01-01', '2025-01-02'],
    ['trettondedag jul 2026 (Tuesday) → Wednesday', '2026-01-06', '2026-01-07'],
    ['nationaldagen 2025 (Friday) → Monday', '2025-06-06', '2025-06-09'],
    ['första maj 2029 (Tuesday) → Wednesday', '2029-05-01', '2029-05-02'],
    ['pingstdagen 2026 (Sunday) → Monday (annandag pingst is no holiday)', '2026-05-24', '2026-05-25'],
  ])('%s: %s → %s', (_what, date, expected) => {
    expect(deadline(date)).toBe(expected);
  });
});
