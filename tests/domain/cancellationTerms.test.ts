import { bindingEndsOn, cancellationTerms, noticeEndDate, withdrawalDeadline } from '../../server/src/domain/cancellationTerms';

describe('the withdrawal deadline is signed_on + 14 days, moved to the next working day', () => {
  test.each([
    ['an ordinary day', '2026-11-11', '2026-11-25'],
    ['ending on a Saturday', '2026-11-14', '2026-11-30'],
    ['ending on a Sunday', '2026-11-15', '2026-11-30'],
    ['ending on julafton', '2026-12-10', '2026-12-28'],
    ['ending on nyårsafton', '2026-12-17', '2027-01-04'],
    ['ending on långfredagen', '2026-03-20', '2026-04-07'],
    ['ending on Kristi himmelsfärdsdag', '2026-04-30', '2026-05-15'],
    ['ending on midsommarafton', '2026-06-05', '2026-06-22'],
    ['across a leap day', '2028-02-20', '2028-03-06'],
  ])('%s: signed %s → %s', (_what, signed, expected) => {
    expect(withdrawalDeadline(signed)).toBe(expected);
  });
});

describe('binding end is signed_on + binding months, clamped', () => {
  test.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2027-01-31', 13, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-15', 0, '2026-05-15'],
    ['2026-05-15', 24, '2028-05-15'],
  ])('signed %s with %i months binds until %s', (signed, months, expected) => {
    expect(bindingEndsOn(signed, months)).toBe(expected);
  });
});

describe('the notice end date is the later of binding end and requested_on + 3 months', () => {
  test.each([
    ['binding already over', '2026-11-25', '2026-01-01', '2027-02-25'],
    ['binding ends later', '2026-11-25', '2027-06-30', '2027-06-30'],
    ['both on the same day', '2026-11-25', '2027-02-25', '2027-02-25'],
    ['notice on 30 Nov, clamped to February', '2026-11-30', '2026-01-01', '2027-02-28'],
    ['notice on 30 Nov before a leap year', '2027-11-30', '2026-01-01', '2028-02-29'],
    ['notice on 31 March → 30 June', '2026-03-31', '2026-01-01', '2026-06-30'],
  ])('%s: notice %s, binding %s → %s', (_what, requested, binding, expected) => {
    expect(noticeEndDate(requested, binding)).toBe(expected);
  });
});

describe('withdrawal or notice, decided to the day', () => {
  const paid = 29800;
  test.each([
    // signed, binding months, requested → kind, ends_on, refund
    ['the day after signing', '2026-11-11', 12, '2026-11-12', 'withdrawal', '2026-11-12', paid],
    ['on the deadline itself', '2026-11-11', 12, '2026-11-25', 'withdrawal', '2026-11-25', paid],
    ['the day after the deadline', '2026-11-11', 12, '2026-11-26', 'notice', '2027-11-11', 0],
    ['deadline moved over a weekend, called on Monday', '2026-11-14', 0, '2026-11-30', 'withdrawal', '2026-11-30', paid],
    ['deadline moved over a weekend, called on Tuesday', '2026-11-14', 0, '2026-12-01', 'notice', '2027-03-01', 0],
    ['deadline moved over Christmas, called on 28 Dec', '2026-12-10', 12, '2026-12-28', 'withdrawal', '2026-12-28', paid],
    ['deadline moved over Christmas, called on 29 Dec', '2026-12-10', 12, '2026-12-29', 'notice', '2027-12-10', 0],
    ['no binding, three months notice', '2025-01-15', 0, '2026-11-25', 'notice', '2027-02-25', 0],
    ['binding over, month-end notice', '2024-05-31', 12, '2026-11-30', 'notice', '2027-02-28', 0],
    ['inside a 24-month binding', '2026-01-31', 24, '2026-11-25', 'notice', '2028-01-31', 0],
  ] as const)('%s', (_what, signed_on, binding_months, requested, kind, ends_on, refund) => {
    const terms = cancellationTerms({ signed_on, binding_months }, requested, paid);
    expect(terms).toEqual({
      kind,
      requested_on: requested,
      withdrawal_deadline: withdrawalDeadline(signed_on),
      binding_ends_on: bindingEndsOn(signed_on, binding_months),
      ends_on,
      refund_ore: refund,
    });
  });
});
