import { isValidOcr, makeOcr, ocrCandidates } from '../../server/src/domain/ocr';

describe('OCR references: payload, a length digit and a Luhn check digit', () => {
  test.each([
    // payload, reference: length digit = whole length mod 10, then Luhn over everything before.
    ['500001', '50000181'],
    ['12345678', '1234567806'],
    ['1', '133'],
    ['100001', '10000180'],
  ])('payload %s makes %s', (payload, expected) => {
    expect(makeOcr(payload)).toBe(expected);
    expect(isValidOcr(expected)).toBe(true);
  });

  test.each([
    ['a wrong check digit', '50000182'],
    ['a wrong length digit', '50000171'],
    ['two digits swapped', '05000181'],
    ['letters', '5000A181'],
    ['spaces', '5000 0181'],
    ['too short', '12'],
    ['too long (26 digits)', '1'.repeat(26)],
    ['empty', ''],
  ])('%s is refused (%s)', (_what, ocr) => {
    expect(isValidOcr(ocr)).toBe(false);
  });

  test('every generated reference is valid, and changing any one digit makes it invalid', () => {
    for (let n = 500000; n < 500200; n++) {
      const ocr = makeOcr(String(n));
      expect(isValidOcr(ocr)).toBe(true);
      for (let i = 0; i < ocr.length; i++) {
        const changed = `${ocr.slice(0, i)}${(Number(ocr[i]) + 1) % 10}${ocr.slice(i + 1)}`;
        expect(isValidOcr(changed)).toBe(false);
      }
    }
  });

  test.each([[''], ['12a'], ['1'.repeat(24)]])('a payload that cannot be a reference (%s) is refused', (payload) => {
    expect(() => makeOcr(payload)).toThrow(RangeError);
  });
});

describe('which OCR numbers a payment reference may mean', () => {
  // makeOcr('500001') = 50000181, makeOcr('500002') = 50000280, makeOcr('61599') = 6159974.
  test.each([
    ['code 2: the OCR number itself', '50000181', '2', ['50000181']],
    ['code 2: right-aligned with blanks', '                 50000181', '2', ['50000181']],
    ['code 2: left-aligned with blanks', '50000181                 ', '2', ['50000181']],
    ['code 2: leading zeros removed', '0000050000181', '2', ['50000181']],
    ['code 2: taken as given even when its check digit fails (it then matches nothing)', '50000182', '2', ['50000182']],
    ['code 2: empty', '   ', '2', []],
    ['code 2 but not digits: read as free text', 'OCR 50000181', '2', ['50000181']],
    ['code 3: an OCR number inside free text', 'Faktnr 6159974', '3', ['6159974']],
    ['code 3: an invoice number is not an OCR number', 'Faktnr 61599', '3', []],
    ['code 3: written in groups, tried joined', 'OCR 5000 0181', '3', ['50000181']],
    ['code 3: written with a hyphen', '5000-0181', '3', ['50000181']],
    ['code 3: two invoices in one payment, in the order written', 'Fakt 50000181 och 50000280', '3', ['50000181', '50000280']],
    ['code 3: two numbers separated by a slash', '50000181/50000280', '3', ['50000181', '50000280']],
    ['code 3: a number given twice counts once', '50000181 50000181', '3', ['50000181']],
    ['code 3: leading zeros removed', 'ref 0050000181', '3', ['50000181']],
    ['code 3: a date and an amount are no OCR numbers', 'Betalt 2026-12-01, 149,00 kr', '3', []],
    ['code 3: letters only', 'Hyra december', '3', []],
    ['code 0 (no reference code): digits are still tried', '50000280', '0', ['50000280']],
  ])('%s', (_what, reference, code, expected) => {
    expect(ocrCandidates(reference, code)).toEqual(expected);
  });
});
