import { z } from 'zod';
import { idParam } from '../core/schemas';
import { rolesFor } from '../domain/permissions';
import { BILLING_CHANGE_KINDS, INVOICE_INTERVALS } from '../domain/values';
import { readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { billingChangesListing, changeInvoiceInterval, removeStickerFee } from '../services/billing';

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
  ...readRoutes(billingChangesListing),
  {
    // `?dry_run=true` answers the same change as a preview (schedule before and after, credits) and writes nothing.
    method: 'post',
    path: '/billing_changes',
    access: rolesFor('billing_changes', 'create'),
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
