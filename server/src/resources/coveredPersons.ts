import { z } from 'zod';
import { idParam, versionSchema } from '../core/schemas';
import { ADDABLE_RELATIONS } from '../domain/coveredPersons';
import { rolesFor } from '../domain/permissions';
import { COVERED_RELATIONS } from '../domain/values';
import { listRoute, parseId } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow, picked, recordSchema } from '../http/validate';
import { customerFieldSchemas } from '../services/customerFields';
import {
  addCoveredPerson,
  type CoveredPersonChanges,
  coveredPersonsListing,
  getCoveredPerson,
  removeCoveredPerson,
  updateCoveredPerson,
} from '../services/coveredPersons';

/**
 * People covered by a subscription. The personnummer, names and alarm contacts are judged exactly as a
 * customer's are (services/customerFields.ts). An empty alarm phone or e-mail routes that channel to the
 * holder's (domain/coveredPersons.ts).
 */
function fieldSchemas(today: string) {
  const f = customerFieldSchemas(today);
  return { personnummer: f.personnummer, first_name: f.first_name, last_name: f.last_name, alarm_phone: f.phone, alarm_email: f.email };
}

function createSchema(today: string) {
  const f = fieldSchemas(today);
  return z
    .object({
      subscription_id: idParam,
      ...f,
      relation: z.enum(ADDABLE_RELATIONS),
      alarm_phone: f.alarm_phone.optional().default(null),
      alarm_email: f.alarm_email.optional().default(null),
    })
    .strict();
}

const EDITABLE = ['personnummer', 'first_name', 'last_name', 'relation', 'alarm_phone', 'alarm_email'] as const;
/** Sent back with the whole record by react-admin's `update`; never written by an edit. */
const IGNORED = ['id', 'subscription_id', 'customer_id', 'added_on', 'removed_on', 'created_at', 'updated_at'] as const;

function updateSchema(today: string) {
  const f = fieldSchemas(today);
  return recordSchema(
    {
      personnummer: f.personnummer.optional(),
      first_name: f.first_name.optional(),
      last_name: f.last_name.optional(),
      relation: z.enum(COVERED_RELATIONS).optional(),
      alarm_phone: f.alarm_phone.optional(),
      alarm_email: f.alarm_email.optional(),
      version: versionSchema,
    },
    IGNORED,
  );
}

/** `DELETE /covered_persons/:id` removes the person from today; a `version` in the body guards against a stale view. */
const removeSchema = z.object({ version: versionSchema.optional() }).strict();

export const coveredPersonRoutes: RouteDef[] = [
  listRoute(coveredPersonsListing, rolesFor('covered_persons', 'list')),
  {
    method: 'get',
    path: '/covered_persons/:id',
    access: rolesFor('covered_persons', 'show'),
    handler: async (req, _res, ctx) => getCoveredPerson(ctx, parseId(req.params.id)),
  },
  {
    method: 'post',
    path: '/covered_persons',
    access: rolesFor('covered_persons', 'create'),
    status: 201,
    handler: async (req, _res, ctx) => addCoveredPerson(ctx, parseOrThrow(createSchema(ctx.today), req.body)),
  },
  {
    method: 'put',
    path: '/covered_persons/:id',
    access: rolesFor('covered_persons', 'edit'),
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const body = parseOrThrow(updateSchema(ctx.today), req.body);
      return updateCoveredPerson(ctx, id, body.version, picked(body, EDITABLE) as CoveredPersonChanges);
    },
  },
  {
    method: 'delete',
    path: '/covered_persons/:id',
    access: rolesFor('covered_persons', 'delete'),
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const { version } = parseOrThrow(removeSchema, req.body ?? {});
      return removeCoveredPerson(ctx, id, version);
    },
  },
];
