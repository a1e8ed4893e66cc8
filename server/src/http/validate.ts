import { z } from 'zod';
import { isIsoDate } from '../domain/calendarDate';
import { badRequest, FieldErrors } from './errors';

/** Turns zod issues into react-admin's `{ field: message }`; unknown keys are named one by one. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors[[...issue.path, key].join('.')] = 'Okänt fält';
      continue;
    }
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Parses `input` or throws a 400 carrying a message per field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, message = 'Ogiltiga uppgifter'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw badRequest(message, fieldErrors(result.error));
  return result.data;
}

/** Swedish messages for the common zod issues, so every 400 reads well in the UI. */
export const swedishErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Obligatoriskt fält' : 'Fel typ av värde';
    case 'too_big':
      return issue.origin === 'string' ? `Högst ${issue.maximum} tecken` : `Högst ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'Obligatoriskt fält' : `Minst ${issue.minimum} tecken`;
      return `Minst ${issue.minimum}`;
    case 'invalid_value':
      return `Ogiltigt värde, tillåtna: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'Ogiltig e-postadress' : 'Ogiltigt format';
    case 'unrecognized_keys':
      return 'Okänt fält';
    default:
      return undefined;
  }
};
z.config({ customError: swedishErrorMap });

/** Common field schemas. */
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum ska skrivas ÅÅÅÅ-MM-DD')
  .refine(isIsoDate, 'Ogiltigt datum');
