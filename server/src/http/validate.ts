import { z } from 'zod';
import { badRequest, type FieldErrors } from '../core/errors';

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

/** NUL (PostgreSQL refuses it in text) and lone UTF-16 surrogates (not text at all): never stored or searched. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path ("changes.0.new_value") of the first string, or object key, in a parsed JSON value that holds
 * a character no column can store, or undefined. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function unstorableTextPath(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return at || '_';
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const childPath = at ? `${at}.${k}` : k;
        if (UNSTORABLE.test(k)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/** Throws a 400 naming the field when `value` holds NUL or a lone surrogate. */
export function refuseUnstorableText(value: unknown, prefix = '') {
  const at = unstorableTextPath(value);
  if (at !== undefined) {
    throw badRequest('Ogiltigt tecken i förfrågan', {
      [prefix ? `${prefix}.${at}`.replace(/\._$/, '') : at]: 'Innehåller ett tecken som inte är tillåtet',
    });
  }
}

/**
 * The body of a `PUT /<resource>/:id`: react-admin's `update` sends the whole record, so besides the
 * fields an edit may change, the record's other fields (`readOnly`) are accepted as anything here; the
 * service decides whether they are ignored or must still hold the stored value. Unknown fields stay a 400.
 */
export function recordSchema<S extends z.ZodRawShape>(editable: S, readOnly: readonly string[]) {
  const others = Object.fromEntries(readOnly.map((field) => [field, z.unknown().optional()]));
  // Typed as the editable fields only: the others reach the service through `picked`.
  return z.strictObject({ ...others, ...editable }) as unknown as ReturnType<typeof z.strictObject<S>>;
}

/** The given fields of a parsed body that were sent (not undefined). */
export function picked(body: object, fields: readonly string[]): Record<string, unknown> {
  const values = body as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => values[f] !== undefined).map((f) => [f, values[f]]));
}
