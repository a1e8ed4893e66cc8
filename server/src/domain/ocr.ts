import { endsInCheckDigit, luhnCheckDigit } from './personnummer';

/**
 * OCR payment references (Bankgirot): the payload digits, then a length digit (the whole reference's
 * length modulo 10), then a Luhn check digit over everything before it.
 */
export function makeOcr(payload: string): string {
  if (!/^\d{1,23}$/.test(payload)) throw new RangeError('OCR payload must be 1–23 digits');
  const lengthDigit = (payload.length + 2) % 10;
  const body = `${payload}${lengthDigit}`;
  return `${body}${luhnCheckDigit(body)}`;
}

export function isValidOcr(ocr: string): boolean {
  if (!/^\d{3,25}$/.test(ocr)) return false;
  // The length digit, just before the check digit.
  if (Number(ocr[ocr.length - 2]) !== ocr.length % 10) return false;
  return endsInCheckDigit(ocr);
}

/** Bankgirot's reference code for "the reference is an OCR number". */
export const OCR_REFERENCE_CODE = '2';

const withoutLeadingZeros = (digits: string) => digits.replace(/^0+(?=\d)/, '');

/**
 * The OCR numbers a payment's reference may mean, most likely first; matching tries them in order
 * against the invoices' OCR numbers.
 *
 * - Reference code 2: Bankgirot read the reference as an OCR number, so it is that number with the
 *   padding blanks and leading zeros removed (our OCR numbers never start with 0), whether or not its
 *   check digits hold: an unknown number simply matches nothing.
 * - Any other code (3 = free text such as "Faktnr 50000181", or none): every group of digits that passes
 *   the OCR check. A group written with blanks or hyphens ("5000 0181") is tried joined first, then its
 *   parts. A number that fails the check (an invoice number, a date, an amount) is never a candidate,
 *   so free text cannot pay the wrong invoice by accident.
 */
export function ocrCandidates(reference: string, referenceCode: string): string[] {
  const trimmed = reference.trim();
  if (referenceCode === OCR_REFERENCE_CODE && /^\d+$/.test(trimmed)) return [withoutLeadingZeros(trimmed)];
  const candidates: string[] = [];
  for (const group of trimmed.match(/\d+(?:[ -]\d+)*/g) ?? []) {
    const runs = group.split(/[ -]/);
    for (const digits of runs.length > 1 ? [runs.join(''), ...runs] : runs) {
      const ocr = withoutLeadingZeros(digits);
      if (isValidOcr(ocr) && !candidates.includes(ocr)) candidates.push(ocr);
    }
  }
  return candidates;
}
