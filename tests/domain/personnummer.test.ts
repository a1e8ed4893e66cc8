import {
  endsInCheckDigit,
  formatPersonnummer,
  luhnCheckDigit,
  makePersonnummer,
  maskPersonnummer,
  parsePersonnummer,
} from '../../server/src/domain/personnummer';

const TODAY = '2026-11-25';

describe('personnummer: every accepted written form normalises to 12 digits', () => {
  test.each([
    ['YYYYMMDD-NNNN', '19800101-1231', '198001011231'],
    ['YYYYMMDDNNNN', '198001011231', '198001011231'],
    ['YYMMDD-NNNN', '800101-1231', '198001011231'],
    ['YYMMDDNNNN', '8001011231', '198001011231'],
    ['with spaces', ' 800101 1231 ', '198001011231'],
    ['YYMMDD-NNNN of a child born this century', '121212-1212', '201212121212'],
    ['YYMMDD+NNNN from the year the person turns 100', '121212+1212', '191212121212'],
    ['YYMMDD+NNNN, turned 100 this calendar year before the birthday', '261224+9017', '192612249017'],
    ['YYYYMMDD-NNNN of a 102-year-old', '19240315-4566', '192403154566'],
    ['samordningsnummer (day + 60)', '900781-7894', '199007817894'],
    ['samordningsnummer, 12 digits', '199007817894', '199007817894'],
    ['leap day', '20000229-1235', '200002291235'],
  ])('%s: %s → %s', (_form, input, expected) => {
    expect(parsePersonnummer(input, TODAY)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['a wrong check digit', '19800101-1234'],
    ['a month 13', '19801301-1234'],
    ['30 February', '19800230-1234'],
    // A right check digit on a date that does not exist: the package's date check still refuses it.
    ['30 February with a right check digit', '19800230-1235'],
    ['a month 13 with a right check digit', '801301-1237'],
    ['a phone number typed without spaces', '0701234567'],
    ['29 February in a common year', '19810229-1230'],
    ['too few digits', '800101-123'],
    ['letters', '8001O1-1231'],
    ['+ together with a four-digit year', '19121212+1212'],
    ['a birth date in the future', '20270101-1230'],
    ['samordningsnummer with day > 91', '900792-1234'],
    ['empty', ''],
  ])('%s (%s) is refused', (_what, input) => {
    const result = parsePersonnummer(input, TODAY);
    expect(result.ok).toBe(false);
  });

  test('the check digit is Luhn over the 10-digit form', () => {
    expect(luhnCheckDigit('800101123')).toBe(1);
    expect(luhnCheckDigit('811218987')).toBe(6);
  });

  test.each([
    ['8001011231', true],
    ['8001011234', false],
    ['8112189876', true],
    ['0701234567', false],
    ['7', false], // no digits before the check digit
  ])('%s ends in its check digit: %s', (digits, expected) => {
    expect(endsInCheckDigit(digits)).toBe(expected);
  });

  test('generated numbers are valid for any birth date and serial', () => {
    for (const [birth, serial, coord] of [
      ['1980-01-01', 1, false],
      ['1924-03-15', 999, false],
      ['1990-07-21', 42, true],
      ['2004-02-29', 500, false],
    ] as const) {
      const twelve = makePersonnummer(birth, serial, coord);
      expect(parsePersonnummer(twelve, TODAY)).toEqual({ ok: true, value: twelve });
    }
  });

  test('shown whole on the record and masked in lists', () => {
    expect(formatPersonnummer('198001011231')).toBe('19800101-1231');
    expect(maskPersonnummer('198001011231')).toBe('19800101-****');
  });
});
