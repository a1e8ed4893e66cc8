import { z } from 'zod';
import { eq, gte, lte, parseId, readRoutes, type ResourceDescription } from '../http/restResource';
import { ALL_ROLES, type RouteDef, SUPERVISORS } from '../http/routes';
import { idParam, isoDateSchema, parseOrThrow } from '../http/validate';
import { CANCELLATION_KINDS, CANCELLATION_REASONS, CANCELLATION_STATUSES } from '../domain/cancellationRules';
import { CHANNELS } from '../domain/values';
import { cancellationStats, changeCancellationStatus, monthRange, overdueForms, registerCancellation } from '../services/cancellations';

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Månad ska skrivas ÅÅÅÅ-MM');

export const cancellationsResource: ResourceDescription = {
  name: 'cancellations',
  table: 'cancellations',
  sortable: ['id', 'requested_on', 'ends_on', 'status', 'created_at', 'form_sent_on'],
  defaultSort: ['ends_on', 'ASC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    subscription_id: eq('subscription_id', idParam),
    status: eq('status', z.enum(CANCELLATION_STATUSES)),
    kind: eq('kind', z.enum(CANCELLATION_KINDS)),
    reason: eq('reason', z.enum(CANCELLATION_REASONS)),
    created_by: eq('created_by', z.string().max(50)),
    ends_from: gte('ends_on', isoDateSchema),
    ends_to: lte('ends_on', isoDateSchema),
    ends_month: {
      schema: monthSchema,
      apply: (qb, month: string) => {
        const [first, last] = monthRange(month);
        qb.whereBetween('cancellations.ends_on', [first, last]);
      },
    },
    form_overdue: {
      schema: z.boolean(),
      apply: (qb, overdue: boolean, ctx) => {
        if (overdue) overdueForms(qb, ctx.today);
        else qb.whereNot((w) => overdueForms(w, ctx.today));
      },
    },
  },
  toApi: (row) => row,
};

const createSchema = z
  .object({
    subscription_id: idParam,
    requested_on: isoDateSchema,
    channel: z.enum(CHANNELS),
    reason: z.enum(CANCELLATION_REASONS),
    reason_note: z.string().trim().max(500).nullish(),
  })
  .strict();

const updateSchema = z
  .object({
    status: z.enum(CANCELLATION_STATUSES),
    version: z.number({ error: 'Versionen saknas' }).int().positive(),
  })
  .strict();

export const cancellationRoutes: RouteDef[] = [
  // Before `/cancellations/:id`, which would otherwise take "stats" for an id.
  {
    method: 'get',
    path: '/cancellations/stats',
    access: SUPERVISORS,
    handler: async (_req, _res, ctx) => cancellationStats(ctx.db, ctx.today),
  },
  ...readRoutes(cancellationsResource, ALL_ROLES),
  {
    method: 'post',
    path: '/cancellations',
    access: ALL_ROLES,
    status: 201,
    handler: async (req, _res, ctx) => registerCancellation(ctx, parseOrThrow(createSchema, req.body)),
  },
  {
    method: 'put',
    path: '/cancellations/:id',
    access: ALL_ROLES,
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const body = parseOrThrow(updateSchema, req.body);
      return changeCancellationStatus(ctx, id, body.version, body.status);
    },
  },
];
