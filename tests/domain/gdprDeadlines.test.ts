import { checkExtension, gdprDueDate, latestExtendedDueDate } from '../../server/src/domain/gdprDeadlines';

describe('a GDPR request is due one month after it was received, moved to the next working day', () => {
  test.each([
    ['an ordinary weekday', '2026-11-30', '2026-12-30'],
    ['a Saturday moves to Monday', '2026-10-28', '2026-11-30'],
    ['a Sunday moves to Monday', '2027-01-31', '2027-03-01'],
    ['31 January: clamped to 28 February (a Saturday) → Monday 2 March', '2026-01-31', '2026-03-02'],
    ['31 January in a leap year: 29 February', '2028-01-31', '2028-02-29'],
    ['31 March: clamped to 30 April', '2026-03-31', '2026-04-30'],
    ['juldagen, then the weekend', '2026-11-25', '2026-12-28'],
    ['julafton counts as a holiday', '2026-11-24', '2026-12-28'],
    ['nyårsdagen, then the weekend', '2026-12-01', '2027-01-04'],
    ['trettondedag jul', '2026-12-06', '2027-01-07'],
    // No received date reaches nyårsafton: 30 November + 1 month is 30 December, a working day.
    ['30 November: 30 December, the day before nyårsafton', '2027-11-30', '2027-12-30'],
    ['långfredag, the weekend and annandag påsk', '2026-03-03', '2026-04-07'],
    ['midsommarafton counts as a holiday', '2026-05-19', '2026-06-22'],
    ['Kristi himmelsfärdsdag', '2026-04-14', '2026-05-15'],
    ['a month end across the year', '2025-12-31', '2026-02-02'],
  ])('%s: received %s → due %s', (_case, received, due) => {
    expect(gdprDueDate(received)).toBe(due);
  });
});

describe('an extension reaches at most two further months', () => {
  test.each([
    ['an ordinary weekday', '2026-11-25', '2027-02-25'],
    ['month end clamped to a Sunday → Monday', '2026-11-30', '2027-03-01'],
    ['clamped to 30 April', '2026-01-31', '2026-04-30'],
    ['juldagen and the weekend', '2026-09-25', '2026-12-28'],
  ])('%s: received %s → at most %s', (_case, received, latest) => {
    expect(latestExtendedDueDate(received)).toBe(latest);
  });
});

describe('checking an extension', () => {
  const base = { receivedOn: '2026-11-02', originalDueOn: '2026-12-02', today: '2026-11-25' };

  test.each([
    ['no new due date: the longest extension', { notifiedOn: '2026-11-20' }, '2027-02-02'],
    ['one further month', { notifiedOn: '2026-11-20', newDueOn: '2027-01-04' }, '2027-01-04'],
    ['told on the day the request arrived', { notifiedOn: '2026-11-02' }, '2027-02-02'],
    ['told on the original due date', { notifiedOn: '2026-12-02', today: '2026-12-02' }, '2027-02-02'],
  ])('%s is allowed', (_case, input, dueOn) => {
    expect(checkExtension({ ...base, ...input })).toEqual({ ok: true, dueOn });
  });

  test.each([
    ['a due date past two further months', { notifiedOn: '2026-11-20', newDueOn: '2027-02-03' }, 'due_on'],
    ['a due date not after the original one', { notifiedOn: '2026-11-20', newDueOn: '2026-12-02' }, 'due_on'],
    ['told after the first month', { notifiedOn: '2026-12-03', today: '2026-12-10' }, 'extension_notified_on'],
    ['told before the request arrived', { notifiedOn: '2026-11-01' }, 'extension_notified_on'],
    ['told in the future', { notifiedOn: '2026-11-26' }, 'extension_notified_on'],
  ])('%s is refused on %s', (_case, input, field) => {
    const result = checkExtension({ ...base, ...input });
    expect(result).toMatchObject({ ok: false, field });
  });
});
