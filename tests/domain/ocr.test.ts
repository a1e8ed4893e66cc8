import { isValidOcr, makeOcr } from '../../server/src/domain/ocr';

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
