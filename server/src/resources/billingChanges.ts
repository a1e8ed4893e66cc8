import { z } from 'zod';
import { BILLING_CHANGE_KINDS, INVOICE_INTERVALS } from '../domain/values';
import { eq, readRoutes, type ResourceDescription } from '../http/restResource';
import { ALL_ROLES, type RouteDef } from '../http/routes';
import { idParam, parseOrThrow } from '../http/validate';
import { changeInvoiceInterval, removeStickerFee } from '../services/billing';

export const billingChangesResource: ResourceDescription = {
  name: 'billing_changes',
  table: 'billing_changes',
  sortable: ['id', 'effective_on', 'created_at'],
  defaultSort: ['id', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    subscription_id: eq('subscription_id', idParam),
    kind: eq('kind', z.enum(BILLING_CHANGE_KINDS)),
    // Interval changes waiting for their effective day.
    pending: { schema: z.boolean(), apply: (qb, value: boolean) => (value ? qb.whereNull('applied_on') : qb.whereNotNull('applied_on')) },
  },
  toApi: (row) => row,
};

const kindSchema = z.object({ kind: z.enum(BILLING_CHANGE_KINDS) });

const intervalSchema = z
  .object({
    kind: z.literal('invoice_interval'),
    customer_id: idParam,
    to_interval: z.enum(INVOICE_INTERVALS),
  })
  .strict();

const stickerSchema = z
  .object({
    kind: z.literal('sticker_fee_removal'),
    subscription_id: idParam,
    customer_id: idParam.optional(),
    refund: z.boolean().optional().default(false),
  })
  .strict();

const querySchema = z.object({ dry_run: z.enum(['true', 'false']).optional() }).strict();

export const billingChangeRoutes: RouteDef[] = [
  ...readRoutes(billingChangesResource, ALL_ROLES),
  {
    // `?dry_run=true` answers the same change as a preview (schedule before and after, credits) and writes nothing.
    method: 'post',
    path: '/billing_changes',
    access: ALL_ROLES,
    handler: async (req, res, ctx) => {
      const dryRun = parseOrThrow(querySchema, req.query, 'Ogiltig parameter').dry_run === 'true';
      const { kind } = parseOrThrow(kindSchema, req.body);
      const result =
        kind === 'invoice_interval'
          ? await changeInvoiceInterval(ctx, parseOrThrow(intervalSchema, req.body), { dryRun })
          : await removeStickerFee(ctx, parseOrThrow(stickerSchema, req.body), { dryRun });
      res.status(dryRun ? 200 : 201).json(result);
    },
  },
];
