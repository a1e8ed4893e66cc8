import { z } from 'zod';
import type { Ctx } from '../core/context';
import { notFound } from '../core/errors';
import { rowsOfRaw } from '../db/knex';
import { idParam } from '../core/schemas';
import type { Note } from '../domain/apiTypes';
import { created, writeAudit } from './audit';
import { asStored, eq, type ResourceDescription } from './listing';

export const notesListing: ResourceDescription<'notes', Note> = {
  name: 'notes',
  table: 'notes',
  sortable: ['id', 'created_at'],
  defaultSort: ['id', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    created_by: eq('created_by', z.string().max(50)),
  },
  toApi: asStored,
};

/** A call note on the customer's record, audited with the customer. */
export async function addNote(ctx: Ctx, input: { customer_id: number; body: string }): Promise<Note> {
  return ctx.db.transaction(async (trx) => {
    const row = { ...input, created_by: ctx.actor, created_at: new Date().toISOString() };
    // Inserted only if the customer exists, in one statement: under load each statement of a write costs a
    // turn of the event loop (BENCHMARKS.md, issue 14), and a note is the most frequent write.
    const inserted = rowsOfRaw<{ id: number }>(
      await trx.raw(
        'INSERT INTO notes (customer_id, body, created_by, created_at) SELECT id, ?, ?, ? FROM customers WHERE id = ? RETURNING id',
        [row.body, row.created_by, row.created_at, input.customer_id],
      ),
    );
    if (inserted.length === 0) throw notFound('Kunden finns inte');
    const [{ id }] = inserted;
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
