import { z } from 'zod';
import type { Ctx } from '../core/context';
import { idParam } from '../core/schemas';
import type { Note } from '../domain/apiTypes';
import { created, writeAudit } from './audit';
import { getCustomer } from './customers';
import { eq, type ResourceDescription } from './listing';

export const notesListing: ResourceDescription<'notes', Note> = {
  name: 'notes',
  table: 'notes',
  sortable: ['id', 'created_at'],
  defaultSort: ['id', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    created_by: eq('created_by', z.string().max(50)),
  },
  toApi: (row) => row,
};

/** A call note on the customer's record, audited with the customer. */
export async function addNote(ctx: Ctx, input: { customer_id: number; body: string }): Promise<Note> {
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
