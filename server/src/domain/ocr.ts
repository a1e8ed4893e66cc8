import { luhnCheckDigit } from './personnummer';

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
  const body = ocr.slice(0, -1);
  if (Number(body[body.length - 1]) !== ocr.length % 10) return false;
  return luhnCheckDigit(body) === Number(ocr[ocr.length - 1]);
}
