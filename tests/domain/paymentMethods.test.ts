import {
  maskAccountNumber,
  mayDecideMandate,
  parseAccountNumber,
  parseClearingNumber,
  paymentMethodOn,
} from '../../server/src/domain/paymentMethods';
import { MANDATE_STATUSES } from '../../server/src/domain/values';

describe('clearing numbers', () => {
  test.each([
    ['6000', '6000'],
    ['3300', '3300'],
    ['8327-9', '83279'],
    ['8327 9', '83279'],
    [' 9420 ', '9420'],
  ])('%s is accepted as %s', (raw, value) => {
    expect(parseClearingNumber(raw)).toEqual({ ok: true, value });
  });

  test.each([
    ['832', /fyra siffror/],
    ['832799', /fyra siffror/],
    ['60001', /Swedbank/],
    ['0123', /börjar inte på 0/],
    ['83A7', /bara innehålla siffror/],
    ['', /bara innehålla siffror/],
  ])('%s is refused (%s)', (raw, error) => {
    const result = parseClearingNumber(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('account numbers', () => {
  test.each([
    ['914 123 456-7', '9141234567'],
    ['1234567', '1234567'],
    ['12345', '12345'],
    ['123456789012', '123456789012'],
  ])('%s is accepted as %s', (raw, value) => {
    expect(parseAccountNumber(raw)).toEqual({ ok: true, value });
  });

  test.each([['1234'], ['1234567890123'], ['12 34A'], ['']])('%s is refused', (raw) => {
    expect(parseAccountNumber(raw).ok).toBe(false);
  });

  test('agents see the last four digits', () => {
    expect(maskAccountNumber('9141234567')).toBe('****4567');
  });
});

describe('the payment method that held on a day', () => {
  const changes = [
    { effective_on: '2026-06-10', from_method: 'paper_invoice', to_method: 'email_invoice' },
    { effective_on: '2026-11-25', from_method: 'email_invoice', to_method: 'autogiro' },
  ] as const;
  test.each([
    ['2026-01-01', 'paper_invoice'],
    ['2026-06-09', 'paper_invoice'],
    ['2026-06-10', 'email_invoice'],
    ['2026-11-01', 'email_invoice'],
    ['2026-11-25', 'autogiro'],
    ['2027-01-01', 'autogiro'],
  ])('on %s: %s', (date, method) => {
    expect(paymentMethodOn('autogiro', changes, date)).toBe(method);
  });

  test('without changes: the method now', () => {
    expect(paymentMethodOn('email_invoice', [], '2020-01-01')).toBe('email_invoice');
  });

  test('two changes on one day: before that day, the method before the first of them', () => {
    const sameDay = [
      { effective_on: '2026-11-25', from_method: 'paper_invoice', to_method: 'email_invoice' },
      { effective_on: '2026-11-25', from_method: 'email_invoice', to_method: 'autogiro' },
    ] as const;
    expect(paymentMethodOn('autogiro', sameDay, '2026-11-24')).toBe('paper_invoice');
  });
});

test('only a requested mandate is decided', () => {
  expect(MANDATE_STATUSES.filter(mayDecideMandate)).toEqual(['requested']);
});
