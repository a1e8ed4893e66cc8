import { z } from 'zod';
import { idParam, isoDateSchema, versionSchema } from '../core/schemas';
import { CANCELLATION_REASONS, CANCELLATION_STATUSES } from '../domain/cancellationRules';
import { rolesFor } from '../domain/permissions';
import { CHANNELS } from '../domain/values';
import { parseId, readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { badRequest } from '../core/errors';
import { parseOrThrow, picked, recordSchema } from '../http/validate';
import { cancellationsListing, cancellationStats, changeCancellationStatus, registerCancellation } from '../services/cancellations';

const createSchema = z
  .object({
    subscription_id: idParam,
    requested_on: isoDateSchema,
    channel: z.enum(CHANNELS),
    reason: z.enum(CANCELLATION_REASONS),
    reason_note: z.string().trim().max(500).nullish(),
  })
  .strict();

/** Set when the cancellation is registered or by its steps; sent back with the record, they must be unchanged. */
const READ_ONLY = [
  'subscription_id',
  'customer_id',
  'kind',
  'requested_on',
  'channel',
  'reason',
  'reason_note',
  'ends_on',
  'refund_ore',
  'form_sent_on',
  'form_received_on',
  'completed_on',
  'revoked_on',
] as const;
/** Who and when: accepted and ignored. */
const IGNORED = ['id', 'created_by', 'updated_by', 'created_at', 'updated_at'] as const;

/**
 * A step in the queue: the new `status` and the `version` seen, alone or with the whole record. Revoking
 * also needs the reason (`revoke_reason`: the customer changed their mind, …); on any other step the
 * reason is part of the record and must be unchanged.
 */
const updateSchema = recordSchema(
  {
    status: z.enum(CANCELLATION_STATUSES),
    version: versionSchema,
    revoke_reason: z.string().trim().max(500, 'Högst 500 tecken').nullish(),
  },
  [...READ_ONLY, ...IGNORED],
);

export const cancellationRoutes: RouteDef[] = [
  // Before `/cancellations/:id`, which would otherwise take "stats" for an id.
  {
    method: 'get',
    path: '/cancellations/stats',
    access: rolesFor('cancellations', 'stats'),
    handler: async (_req, _res, ctx) => cancellationStats(ctx),
  },
  ...readRoutes(cancellationsListing),
  {
    method: 'post',
    path: '/cancellations',
    access: rolesFor('cancellations', 'create'),
    status: 201,
    handler: async (req, _res, ctx) => registerCancellation(ctx, parseOrThrow(createSchema, req.body)),
  },
  {
    // Open to every role that may edit; which steps a role may take is the service's check (`can`).
    method: 'put',
    path: '/cancellations/:id',
    access: rolesFor('cancellations', 'edit'),
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const body = parseOrThrow(updateSchema, req.body);
      if (body.status === 'revoked') {
        if (!body.revoke_reason) {
          throw badRequest('Ange varför uppsägningen återkallas', { revoke_reason: 'Ange varför uppsägningen återkallas' });
        }
        return changeCancellationStatus(ctx, id, body.version, body.status, picked(body, READ_ONLY), { revokeReason: body.revoke_reason });
      }
      return changeCancellationStatus(ctx, id, body.version, body.status, picked(body, [...READ_ONLY, 'revoke_reason']));
    },
  },
];
