import Personnummer from 'personnummer';
import { type IsoDate, fromParts, isIsoDate } from './calendarDate';

/**
 * Swedish personal identity numbers (and samordningsnummer, day + 60), accepted in every written form:
 * YYMMDD-NNNN, YYMMDD+NNNN (from the calendar year the person turns 100), YYYYMMDD-NNNN, YYYYMMDDNNNN,
 * YYMMDDNNNN. Stored as 12 digits.
 *
 * The century of a short form depends on "today", which the app can pin (TODAY): that is why the short
 * forms are expanded here and not by the `personnummer` package, which reads the machine clock. The
 * package then checks the expanded number (date, samordningsnummer, Luhn on the 10-digit form).
 */
export type ParseResult = { ok: true; value: string } | { ok: false; error: string };

const FORMS = /^(\d{2})?(\d{6})([-+]?)(\d{4})$/;

export function parsePersonnummer(input: string, today: IsoDate): ParseResult {
  const compact = input.replace(/\s+/g, '');
  const m = FORMS.exec(compact);
  if (!m) return { ok: false, error: 'Personnumret ska skrivas ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN' };
  const [, century, yymmdd, separator, last4] = m;
  if (century && separator === '+') {
    return { ok: false, error: 'Plustecken används bara med tvåsiffrigt år (ÅÅMMDD+NNNN)' };
  }
  const currentYear = Number(today.slice(0, 4));
  let fullYear: number;
  if (century) {
    fullYear = Number(century + yymmdd.slice(0, 2));
  } else {
    const yy = Number(yymmdd.slice(0, 2));
    fullYear = Math.floor(currentYear / 100) * 100 + yy;
    if (fullYear > currentYear) fullYear -= 100;
    if (separator === '+') fullYear -= 100;
  }
  const twelve = `${String(fullYear).padStart(4, '0')}${yymmdd.slice(2)}${last4}`;
  const pnrDigits = `${fullYear}${yymmdd.slice(2)}-${last4}`;
  // The check digit first: most ten-digit terms that are not personnummer (a phone number typed without
  // spaces) fail it here, before the package, which builds and throws an Error to say no.
  if (
    !endsInCheckDigit(`${yymmdd}${last4}`) ||
    !Personnummer.valid(pnrDigits, { allowCoordinationNumber: true, allowInterimNumber: false })
  ) {
    return { ok: false, error: 'Ogiltigt personnummer (fel datum eller kontrollsiffra)' };
  }
  const birth = birthDate(twelve);
  if (birth > today) return { ok: false, error: 'Personnumret anger ett födelsedatum i framtiden' };
  return { ok: true, value: twelve };
}

/** The birth date encoded in a normalised 12-digit number (samordningsnummer: day − 60). */
export function birthDate(twelve: string): IsoDate {
  const year = Number(twelve.slice(0, 4));
  const month = Number(twelve.slice(4, 6));
  let day = Number(twelve.slice(6, 8));
  if (day > 60) day -= 60;
  const date = fromParts(year, month, day);
  if (!isIsoDate(date)) throw new RangeError(`Not a birth date: ${twelve}`);
  return date;
}

export function isSamordningsnummer(twelve: string): boolean {
  return Number(twelve.slice(6, 8)) > 60;
}

/** `YYYYMMDD-NNNN`, as the record shows it. */
export function formatPersonnummer(twelve: string): string {
  return `${twelve.slice(0, 8)}-${twelve.slice(8)}`;
}

/** `YYYYMMDD-****`, as lists show it. */
export function maskPersonnummer(twelve: string): string {
  return `${twelve.slice(0, 8)}-****`;
}

/** Luhn check digit for a string of digits (used for personnummer and OCR references). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit counting from the right-most digit of the payload.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether the last digit is the Luhn check digit of the digits before it (personnummer, OCR references). */
export function endsInCheckDigit(digits: string): boolean {
  return digits.length > 1 && luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

/**
 * A valid 12-digit personnummer for a birth date and a three-digit serial: used by the seeds.
 * `coordination` adds 60 to the day.
 */
export function makePersonnummer(birth: IsoDate, serial: number, coordination = false): string {
  if (serial < 1 || serial > 999) throw new RangeError('The serial is 001–999');
  const [y, m, d] = birth.split('-');
  const day = String(Number(d) + (coordination ? 60 : 0)).padStart(2, '0');
  const nine = `${y.slice(2)}${m}${day}${String(serial).padStart(3, '0')}`;
  return `${y}${m}${day}${String(serial).padStart(3, '0')}${luhnCheckDigit(nine)}`;
}
