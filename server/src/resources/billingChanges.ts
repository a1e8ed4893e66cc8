import { z } from 'zod';
import { idParam } from '../core/schemas';
import { rolesFor } from '../domain/permissions';
import { BILLING_CHANGE_KINDS, INVOICE_INTERVALS, PAYMENT_METHODS } from '../domain/values';
import { parseId, readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { billingChangesListing, changeInvoiceInterval, removeStickerFee } from '../services/billing';
import { cancelPendingChange, changePaymentMethod } from '../services/paymentMethods';

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

/** The bank details are checked by the service (domain/paymentMethods.ts), which names what is wrong. */
const paymentMethodSchema = z
  .object({
    kind: z.literal('payment_method'),
    customer_id: idParam,
    to_method: z.enum(PAYMENT_METHODS),
    clearing_number: z.string().max(20).nullish(),
    account_number: z.string().max(30).nullish(),
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
      let result: unknown;
      if (kind === 'invoice_interval') result = await changeInvoiceInterval(ctx, parseOrThrow(intervalSchema, req.body), { dryRun });
      else if (kind === 'payment_method') {
        const body = parseOrThrow(paymentMethodSchema, req.body);
        result = await changePaymentMethod(
          ctx,
          {
            customer_id: body.customer_id,
            to_method: body.to_method,
            clearing_number: body.clearing_number ?? undefined,
            account_number: body.account_number ?? undefined,
          },
          { dryRun },
        );
      } else result = await removeStickerFee(ctx, parseOrThrow(stickerSchema, req.body), { dryRun });
      res.status(dryRun ? 200 : 201).json(result);
    },
  },
  {
    // Cancels a change that has not taken effect (an interval switch before its day, autogiro awaiting its mandate).
    method: 'delete',
    path: '/billing_changes/:id',
    access: rolesFor('billing_changes', 'delete'),
    handler: async (req, _res, ctx) => cancelPendingChange(ctx, parseId(req.params.id)),
  },
];
