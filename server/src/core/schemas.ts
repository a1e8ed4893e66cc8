import { z } from 'zod';
import { parseInstant } from '../domain/instant';
import { isIsoDate } from '../domain/calendarDate';

/**
 * Field schemas that both the HTTP edge (request bodies and queries) and the services (the filters of
 * their list descriptions) use, so that a value is judged the same way wherever it arrives.
 */
/**
 * An id: a JSON number, or in a path or query a plain decimal string (`"42"`). Nothing that only
 * converts to a number is accepted — `0x10`, `1e3`, `" 1"`, `01`, `1.0` are a 400 — so one record has one
 * spelling in URLs, logs and caches.
 */
export const ID_PATTERN = /^[1-9]\d{0,9}$/;
export const idParam = z.preprocess(
  (value) => (typeof value === 'string' && ID_PATTERN.test(value) ? Number(value) : value),
  z
    .number({ error: 'Ska vara ett positivt heltal' })
    .int('Ska vara ett positivt heltal')
    .positive('Ska vara ett positivt heltal')
    .max(2_147_483_647, 'Ska vara ett positivt heltal'),
);

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum ska skrivas ÅÅÅÅ-MM-DD')
  .refine(isIsoDate, 'Ogiltigt datum')
  // The deadline rule's holiday calendar (and any real contract or request) lies well inside these years.
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', 'Året ska vara mellan 1900 och 2199');

/** The `version` a client saw, sent back with every edit of a versioned record. */
export const versionSchema = z.number({ error: 'Versionen saknas' }).int().positive();

/** An instant with its offset (`2026-11-20T14:32:00+01:00`), normalised to UTC; not in the future (a few minutes' skew allowed). */
export const instantSchema = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const parsed = parseInstant(s, Date.now());
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.value;
  });
