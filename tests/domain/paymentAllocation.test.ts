import { allocatePayment } from '../../server/src/domain/paymentAllocation';

describe('a payment reduces what is open on an invoice, never below 0; the rest is an unmatched surplus', () => {
  test.each([
    // open, paid amount → applied, surplus, paid
    ['paid in full', 14900, 14900, 14900, 0, true],
    ['paid in part', 14900, 10000, 10000, 0, false],
    ['paid in two parts: the second closes it', 4900, 4900, 4900, 0, true],
    ['paid too much: the excess is surplus', 14900, 20000, 14900, 5100, true],
    ['paid to an invoice with nothing open: all surplus', 0, 14900, 0, 14900, true],
    ['a payment of 0 changes nothing', 14900, 0, 0, 0, false],
    ['a payment of 1 öre', 1, 1, 1, 0, true],
    ['a deduction is never applied: an unpaid invoice stays as it is', 14900, -2000, 0, -2000, false],
    ['a deduction does not reopen a paid invoice', 0, -14900, 0, -14900, true],
  ])('%s', (_what, open, amount, applied, surplus, paid) => {
    expect(allocatePayment(open, amount)).toEqual({ applied_ore: applied, surplus_ore: surplus, paid });
  });

  test('applied plus surplus is always the whole payment', () => {
    for (const open of [0, 1, 9999, 14900]) {
      for (const amount of [-14900, -1, 0, 1, 14899, 14900, 14901, 100000]) {
        const { applied_ore, surplus_ore } = allocatePayment(open, amount);
        expect(applied_ore + surplus_ore).toBe(amount);
        expect(applied_ore).toBeGreaterThanOrEqual(0);
        expect(applied_ore).toBeLessThanOrEqual(open);
      }
    }
  });

  test.each([
    ['a negative open amount', -1, 100],
    ['öre fractions in the open amount', 10.5, 100],
    ['öre fractions in the payment', 100, 0.5],
    ['not a number', 100, Number.NaN],
  ])('refuses %s', (_what, open, amount) => {
    expect(() => allocatePayment(open, amount)).toThrow(RangeError);
  });
});
