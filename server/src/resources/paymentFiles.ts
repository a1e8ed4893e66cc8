import { z } from 'zod';
import { badRequest } from '../core/errors';
import { rolesFor } from '../domain/permissions';
import { readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { bookPaymentFile, MAX_PAYMENT_FILE_BYTES, paymentFilesListing } from '../services/payments';

const querySchema = z
  .object({
    filename: z
      .string()
      .trim()
      .max(255)
      .refine((name) => !/[\\/]/.test(name) && [...name].every((c) => c.charCodeAt(0) >= 32), 'Ett filnamn utan snedstreck och styrtecken')
      .optional(),
  })
  .strict();

export const paymentFileRoutes: RouteDef[] = [
  ...readRoutes(paymentFilesListing),
  {
    // The BgMax file itself is the body (`Content-Type: text/plain`, ISO-8859-1 or UTF-8); `?filename=` names it in the history.
    method: 'post',
    path: '/payment_files',
    access: rolesFor('payment_files', 'create'),
    status: 201,
    rawBody: {
      types: ['text/plain', 'application/octet-stream'],
      limit: MAX_PAYMENT_FILE_BYTES,
      tooLarge: `Filen är större än ${MAX_PAYMENT_FILE_BYTES / 1024 / 1024} MB`,
    },
    handler: async (req, _res, ctx) => {
      const { filename } = parseOrThrow(querySchema, req.query, 'Ogiltig parameter');
      if (!Buffer.isBuffer(req.body)) {
        throw badRequest('Skicka BgMax-filen som text (Content-Type: text/plain)', { file: 'Bifoga BgMax-filen' });
      }
      return bookPaymentFile(ctx, req.body, filename || null);
    },
  },
];
