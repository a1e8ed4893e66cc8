import { formatKronor, vatPart } from '../../server/src/domain/money';

describe('kronor as a Swedish reader reads them', () => {
  // sv-SE: a non-breaking space between thousands, a decimal comma, the minus sign U+2212.
  test.each([
    [0, '0,00 kr'],
    [5, '0,05 kr'],
    [9900, '99,00 kr'],
    [123456, '1\u00a0234,56 kr'],
    [100000000, '1\u00a0000\u00a0000,00 kr'],
    [-12345, '\u2212123,45 kr'],
  ])('%i öre is %s', (ore, expected) => {
    expect(formatKronor(ore)).toBe(expected);
  });
});

describe('the VAT part of a price that includes 25 % VAT is a fifth of it', () => {
  test.each([
    [12500, 2500],
    [9900, 1980],
    [1, 0],
    [3, 1],
  ])('%i öre holds %i öre VAT', (price, vat) => {
    expect(vatPart(price)).toBe(vat);
  });
});
