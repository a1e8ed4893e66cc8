import { z } from 'zod';
import { badRequest, type FieldErrors } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam, isoDateSchema, versionSchema } from '../core/schemas';
import { RECTIFIABLE_FIELDS } from '../domain/customerFields';
import { gdprDueDate } from '../domain/gdprDeadlines';
import { GDPR_START, GDPR_TYPES, IDENTITY_METHODS } from '../domain/gdprRules';
import { rolesFor } from '../domain/permissions';
import { CHANNELS } from '../domain/values';
import { parseId, readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow, picked, recordSchema } from '../http/validate';
import { customerFieldSchemas } from '../services/customerFields';
import {
  completeGdprRequest,
  customerDataExport,
  extendGdprRequest,
  gdprRequestsListing,
  type LogGdprRequestInput,
  logGdprRequest,
  rejectGdprRequest,
} from '../services/gdpr';

const notInFuture = (today: string, message = 'Kan inte vara i framtiden') => isoDateSchema.refine((d) => d <= today, message);

/** A field's value as typed or as read on the record: text, or null for an empty phone or e-mail. */
const fieldValue = z.union([z.string().max(300), z.null()]);

function createSchema(today: string) {
  return z
    .object({
      customer_id: idParam,
      type: z.enum(GDPR_TYPES),
      channel: z.enum(CHANNELS),
      received_on: notInFuture(today, 'Mottagningsdagen kan inte vara i framtiden')
        .refine((d) => d >= GDPR_START, `Tidigast ${GDPR_START}`)
        .optional(),
      identity_method: z.enum(IDENTITY_METHODS),
      identity_verified: z.boolean(),
      identity_verified_on: notInFuture(today).nullable().optional(),
      changes: z
        .array(z.object({ field: z.enum(RECTIFIABLE_FIELDS), old_value: fieldValue.optional(), new_value: z.unknown() }).strict())
        .max(RECTIFIABLE_FIELDS.length)
        .optional(),
    })
    .strict();
}

/**
 * The body of `POST /gdpr_requests`. A rectification's new values are judged by exactly the schemas of
 * an edit of the customer; their errors are keyed `changes.<i>.new_value`. An `old_value` (what the agent
 * read on the record) is normalised the same way, so that `070-123 45 67` matches the stored number.
 */
function parseCreate(body: unknown, today: string): LogGdprRequestInput {
  const input = parseOrThrow(createSchema(today), body);
  const errors: FieldErrors = {};
  const fieldSchemas = customerFieldSchemas(today);
  const changes: LogGdprRequestInput['changes'] = [];
  const requested = input.changes ?? [];
  if (input.type === 'rectification' && requested.length === 0) {
    errors.changes = 'Ange minst ett fält som ska rättas';
  }
  if (input.type !== 'rectification' && requested.length > 0) {
    errors.changes = 'Bara en rättelse har ändrade värden';
  }
  const seen = new Set<string>();
  requested.forEach((c, i) => {
    if (seen.has(c.field)) errors[`changes.${i}.field`] = 'Fältet finns redan med';
    seen.add(c.field);
    const parsed = fieldSchemas[c.field].safeParse(c.new_value);
    if (!parsed.success) {
      errors[`changes.${i}.new_value`] = parsed.error.issues[0]?.message ?? 'Ogiltigt värde';
      return;
    }
    let oldValue: string | null | undefined = c.old_value;
    if (oldValue !== undefined) {
      const old = fieldSchemas[c.field].safeParse(oldValue);
      if (old.success) oldValue = old.data as string | null;
    }
    changes.push({ field: c.field, old_value: oldValue, new_value: parsed.data as string | null });
  });
  const receivedOn = input.received_on ?? today;
  if (Object.keys(errors).length) throw badRequest('Ogiltiga uppgifter', errors);
  return {
    customer_id: input.customer_id,
    type: input.type,
    channel: input.channel,
    received_on: receivedOn,
    identity_method: input.identity_method,
    identity_verified: input.identity_verified,
    // Verified during the call that logs the request unless another date is given.
    identity_verified_on: input.identity_verified ? (input.identity_verified_on ?? today) : null,
    changes,
  };
}

/**
 * `PUT /gdpr_requests/:id` moves an open request on; the body says how, always with the `version` the
 * supervisor saw (a stale one is a 409), alone or with the whole record as react-admin's `update` sends it:
 * - complete: `{ status: 'completed', outcome?, version }` (a rectification applies its values);
 * - reject:   `{ status: 'rejected', outcome: <reason>, version }`;
 * - extend:   `{ due_on?, extension_reason, extension_notified_on, version }` with no status (or the
 *             record's `status: 'open'`); `due_on` defaults to the longest extension allowed (received +
 *             3 months, moved to a working day).
 * The record's other fields must still hold what is stored (`READ_ONLY`, and what the step does not
 * change); who and when are accepted and ignored (`IGNORED`).
 */
const READ_ONLY = [
  'customer_id',
  'type',
  'channel',
  'received_on',
  'identity_method',
  'identity_verified',
  'identity_verified_on',
  'changes',
] as const;
const IGNORED = ['id', 'created_by', 'created_at', 'updated_at', 'handled_by', 'completed_on', 'overdue'] as const;
const EXTENSION = ['due_on', 'extension_reason', 'extension_notified_on'] as const;

const completeSchema = recordSchema(
  { status: z.literal('completed'), outcome: z.string().trim().max(1000).nullable().optional(), version: versionSchema },
  [...READ_ONLY, ...IGNORED, ...EXTENSION],
);
const rejectSchema = recordSchema(
  {
    status: z.literal('rejected'),
    outcome: z.string({ error: 'Ange skälet till avslaget' }).trim().min(1, 'Ange skälet till avslaget').max(1000),
    version: versionSchema,
  },
  [...READ_ONLY, ...IGNORED, ...EXTENSION],
);
const extendSchema = recordSchema(
  {
    status: z.literal('open').optional(),
    due_on: isoDateSchema.optional(),
    extension_reason: z.string({ error: 'Ange skälet till förlängningen' }).trim().min(1, 'Ange skälet till förlängningen').max(500),
    extension_notified_on: isoDateSchema,
    version: versionSchema,
  },
  [...READ_ONLY, ...IGNORED, 'outcome'],
);

async function updateRequest(body: unknown, id: number, ctx: Ctx) {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const status = fields.status;
  if (status === undefined || (status === 'open' && 'extension_reason' in fields)) {
    const input = parseOrThrow(extendSchema, body);
    return extendGdprRequest(
      ctx,
      id,
      input.version,
      { due_on: input.due_on, extension_reason: input.extension_reason, extension_notified_on: input.extension_notified_on },
      picked(input, [...READ_ONLY, 'outcome']),
    );
  }
  if (status === 'completed') {
    const input = parseOrThrow(completeSchema, body);
    return completeGdprRequest(ctx, id, input.version, input.outcome || null, picked(input, [...READ_ONLY, ...EXTENSION]));
  }
  if (status === 'rejected') {
    const input = parseOrThrow(rejectSchema, body);
    return rejectGdprRequest(ctx, id, input.version, input.outcome, picked(input, [...READ_ONLY, ...EXTENSION]));
  }
  throw badRequest('Ogiltig status', { status: 'Ska vara completed eller rejected' });
}

export const gdprRequestRoutes: RouteDef[] = [
  {
    // The dialog's preview: today's date on the server (the default received date) and the due date.
    // Before `/gdpr_requests/:id`, which would otherwise take "due-date" for an id.
    method: 'get',
    path: '/gdpr_requests/due-date',
    access: rolesFor('gdpr_requests', 'create'),
    handler: async (req, _res, ctx) => {
      // The same rule as registering (createSchema): never a due date for a day a request cannot have come in.
      const receivedOn = notInFuture(ctx.today, 'Mottagningsdagen kan inte vara i framtiden').refine(
        (d) => d >= GDPR_START,
        `Tidigast ${GDPR_START}`,
      );
      const { received_on } = parseOrThrow(z.object({ received_on: receivedOn.optional() }).strict(), req.query);
      const day = received_on ?? ctx.today;
      return { today: ctx.today, received_on: day, due_on: gdprDueDate(day) };
    },
  },
  ...readRoutes(gdprRequestsListing),
  {
    method: 'post',
    path: '/gdpr_requests',
    access: rolesFor('gdpr_requests', 'create'),
    status: 201,
    handler: async (req, _res, ctx) => logGdprRequest(ctx, parseCreate(req.body, ctx.today)),
  },
  {
    method: 'put',
    path: '/gdpr_requests/:id',
    // Completing, rejecting and extending are the supervisors' (PRODUCT.md, Roles).
    access: rolesFor('gdpr_requests', 'edit'),
    handler: async (req, _res, ctx) => updateRequest(req.body, parseId(req.params.id), ctx),
  },
  {
    method: 'get',
    path: '/customers/:id/data-export',
    // Access and portability requests are handled by supervisors, and the extract holds everything.
    access: rolesFor('customers', 'data_export'),
    handler: async (req, _res, ctx) => customerDataExport(ctx, parseId(req.params.id)),
  },
];
