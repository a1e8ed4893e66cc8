import { z } from 'zod';
import { eq, idFilter, readRoutes, type ResourceDescription } from '../http/restResource';
import { ALL_ROLES, type RouteDef } from '../http/routes';
import { idParam, parseOrThrow } from '../http/validate';
import { created, writeAudit } from '../services/audit';
import { getCustomer } from '../services/customers';
import type { Ctx } from '../core/context';

export const notesResource: ResourceDescription = {
  name: 'notes',
  table: 'notes',
  sortable: ['id', 'created_at'],
  defaultSort: ['id', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    created_by: eq('created_by', z.string().max(50)),
    id: idFilter,
  },
  toApi: (row) => row,
};

const noteSchema = z
  .object({
    customer_id: idParam,
    body: z.string().trim().min(1, 'Skriv något i anteckningen').max(4000),
  })
  .strict();

export async function addNote(ctx: Ctx, input: z.infer<typeof noteSchema>) {
  return ctx.db.transaction(async (trx) => {
    await getCustomer(trx, input.customer_id);
    const row = { ...input, created_by: ctx.actor, created_at: new Date().toISOString() };
    const [{ id }] = await trx('notes').insert(row).returning('id');
    await writeAudit(trx, ctx, {
      action: 'create',
      entity: 'notes',
      entityId: id,
      customerId: input.customer_id,
      changes: created({ body: input.body }),
    });
    return { id: Number(id), ...row };
  });
}

export const noteRoutes: RouteDef[] = [
  ...readRoutes(notesResource, ALL_ROLES),
  {
    method: 'post',
    path: '/notes',
    access: ALL_ROLES,
    status: 201,
    handler: async (req, _res, ctx) => addNote(ctx, parseOrThrow(noteSchema, req.body)),
  },
];
