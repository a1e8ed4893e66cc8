import { formatPhone, normalisePhone } from '../../server/src/domain/phone';

describe('phone numbers normalise to E.164 from every common form', () => {
  test.each([
    ['070-123 45 67', '+46701234567'],
    ['0701234567', '+46701234567'],
    ['070 123 45 67', '+46701234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['+46701234567', '+46701234567'],
    ['0046701234567', '+46701234567'],
    ['(070) 123 45 67', '+46701234567'],
    ['08-123 456 78', '+46812345678'],
    ['042-12 19 11', '+4642121911'],
    ['+47 412 34 567', '+4741234567'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePhone(input)).toEqual({ ok: true, value: expected });
  });

  test.each([['12'], ['abc'], ['070-123'], ['+46 70 123 45 67 89 00'], ['070-123 45 67; DROP']])('%s is refused', (input) => {
    expect(normalisePhone(input).ok).toBe(false);
  });

  test('Swedish numbers read back in the national form', () => {
    expect(formatPhone('+46701234567')).toBe('070-123 45 67');
  });
});
