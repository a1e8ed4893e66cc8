import { z } from 'zod';
import { versionSchema } from '../core/schemas';
import { MANDATE_DECISIONS } from '../domain/paymentMethods';
import { rolesFor } from '../domain/permissions';
import { parseId, readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow, picked, recordSchema } from '../http/validate';
import { autogiroMandatesListing, decideMandate } from '../services/paymentMethods';

/** Set when the mandate is requested or decided; sent back with the record, they must be unchanged. */
const READ_ONLY = ['customer_id', 'clearing_number', 'account_number', 'requested_on'] as const;
/** Who and when, and what the decision itself sets: accepted and ignored. */
const IGNORED = ['id', 'created_by', 'created_at', 'updated_at', 'decided_on', 'decided_by'] as const;

/** A supervisor's decision: `approved` or `rejected` (with the reason the call screen shows), and the version seen. */
const decisionSchema = recordSchema(
  {
    status: z.enum(MANDATE_DECISIONS, { error: 'Välj godkänt eller avslaget' }),
    reason: z.string().trim().max(500).nullish(),
    version: versionSchema,
  },
  [...READ_ONLY, ...IGNORED],
);

export const autogiroMandateRoutes: RouteDef[] = [
  ...readRoutes(autogiroMandatesListing),
  {
    method: 'put',
    path: '/autogiro_mandates/:id',
    access: rolesFor('autogiro_mandates', 'edit'),
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const body = parseOrThrow(decisionSchema, req.body);
      return decideMandate(ctx, id, { status: body.status, reason: body.reason, version: body.version }, picked(body, READ_ONLY));
    },
  },
];
