import {
  maskAccountNumber,
  maskAuditChanges,
  maskEmail,
  maskPersonnummerValue,
  maskPhone,
  maskPostalCode,
  maskStreet,
  maskValue,
} from '../../server/src/domain/personalDataMasking';

describe('each personal value is masked so that a person can still follow the history', () => {
  test.each([
    [maskPersonnummerValue, '198001011231', '19800101-****'],
    [maskPersonnummerValue, '19800101-1231', '19800101-****'],
    [maskPersonnummerValue, '800101-1231', '800101-****'],
    [maskPersonnummerValue, '19900781-7894', '19900781-****'],
    [maskPersonnummerValue, 'x', '****'],
    [maskPhone, '+46701234567', '070-*** ** 67'],
    [maskPhone, '+4646123456', '046-** ** 56'],
    [maskPhone, '+46812345678', '08-1** *** 78'],
    [maskPhone, '+4741234567', '+47 4* ** ** 67'],
    [maskPhone, '070-123 45 67', '070-*** ** 67'],
    [maskPhone, '12345', '*****'],
    [maskEmail, 'anna.andersson@example.se', 'a***n@example.se'],
    [maskEmail, 'anna.ny@example.se', 'a***y@example.se'],
    [maskEmail, 'bo@x.se', 'b***@x.se'],
    [maskEmail, 'Ö@exempel.se', 'Ö***@exempel.se'],
    [maskEmail, 'no-at-sign', 'n***n'],
    [maskStreet, 'Storgatan 1', 'Sto***'],
    [maskStreet, 'Åby 12 B', 'Åby***'],
    [maskStreet, 'Ek 3', 'Ek***'],
    [maskPostalCode, '252 24', '25* **'],
    [maskPostalCode, '25224', '25***'],
    [maskAccountNumber, '9412345678', '****5678'],
  ])('%p(%s) → %s', (mask, value, expected) => {
    expect(mask(value)).toBe(expected);
  });
});

describe("an audit event's changes as an agent reads them", () => {
  test('masks the personal fields on both sides and leaves the others', () => {
    expect(
      maskAuditChanges({
        phone: { before: '+46701234567', after: '+46735559876' },
        email: { before: null, after: 'ny@example.se' },
        personnummer: { before: '198001011231', after: '198001011249' },
        street: { before: 'Storgatan 1', after: 'Lillgatan 2' },
        postal_code: { before: '252 24', after: '222 20' },
        city: { before: 'Helsingborg', after: 'Lund' },
        first_name: { before: 'Anna', after: 'Anne' },
        version: { before: 1, after: 2 },
      }),
    ).toEqual({
      phone: { before: '070-*** ** 67', after: '073-*** ** 76' },
      email: { before: null, after: 'n***@example.se' },
      personnummer: { before: '19800101-****', after: '19800101-****' },
      street: { before: 'Sto***', after: 'Lil***' },
      postal_code: { before: '25* **', after: '22* **' },
      city: { before: 'Helsingborg', after: 'Lund' },
      first_name: { before: 'Anna', after: 'Anne' },
      version: { before: 1, after: 2 },
    });
  });

  test("masks a rectification's values by the field each change names, and a created record's fields", () => {
    expect(
      maskAuditChanges({
        changes: {
          before: null,
          after: [
            { field: 'phone', old_value: '+46701234567', new_value: '+46735559876' },
            { field: 'city', old_value: 'Lund', new_value: 'Malmö' },
          ],
        },
        covered: { before: null, after: { personnummer: '201001011234', alarm_phone: '+46701234567', alarm_email: 'b@x.se' } },
      }),
    ).toEqual({
      changes: {
        before: null,
        after: [
          { field: 'phone', old_value: '070-*** ** 67', new_value: '073-*** ** 76' },
          { field: 'city', old_value: 'Lund', new_value: 'Malmö' },
        ],
      },
      covered: { before: null, after: { personnummer: '20100101-****', alarm_phone: '070-*** ** 67', alarm_email: 'b***@x.se' } },
    });
  });

  test("masks where an alarm was sent: each destination's phone number or e-mail address", () => {
    expect(
      maskAuditChanges({
        sent_to: {
          before: null,
          after: [
            { channel: 'sms', address: '+46701234567', owner: 'holder' },
            { channel: 'email', address: 'sara.lindberg@example.se', owner: 'own' },
          ],
        },
      }),
    ).toEqual({
      sent_to: {
        before: null,
        after: [
          { channel: 'sms', address: '070-*** ** 67', owner: 'holder' },
          { channel: 'email', address: 's***g@example.se', owner: 'own' },
        ],
      },
    });
  });

  test('field names inherited from Object are no maskers, and values of other types pass through', () => {
    expect(maskValue('x', 'constructor')).toBe('x');
    expect(maskValue(42, 'version')).toBe(42);
    expect(maskValue(198001011231, 'personnummer')).toBe('19800101-****');
  });
});
