import { z } from 'zod';
import { badRequest, conflict, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam } from '../core/schemas';
import type { Block } from '../domain/apiTypes';
import { liftRefusal } from '../domain/blocks';
import { BLOCK_KINDS, type BlockKind } from '../domain/values';
import type { BlockRow } from '../db/tables';
import { type Changes, createdWithValues, diff, writeAudit } from './audit';
import { asStored, eq, filterOf, type ResourceDescription } from './listing';
import { updateVersioned } from './versioned';

export const blocksListing: ResourceDescription<'blocks', Block> = {
  name: 'blocks',
  table: 'blocks',
  sortable: ['id', 'placed_at', 'lifted_at'],
  defaultSort: ['placed_at', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    covered_person_id: eq('covered_person_id', idParam),
    kind: eq('kind', z.enum(BLOCK_KINDS)),
    /** true: still in force (not lifted); false: lifted. */
    open: filterOf(z.boolean(), (qb, value) => (value ? qb.whereNull('lifted_at') : qb.whereNotNull('lifted_at'))),
  },
  toApi: asStored,
};

export interface NewBlock {
  covered_person_id: number;
  kind: BlockKind;
  placed_with: string;
  reference: string | null;
  /** UTC instant; defaults to now, and is never later than now. */
  placed_at?: string;
  note: string | null;
}

function alreadyOpen(placedWith: string) {
  return conflict(`Det finns redan en öppen spärr av det slaget hos ${placedWith} för personen`, {
    placed_with: 'Det finns redan en öppen spärr här',
  });
}

/** A unique-key violation from `blocks_one_open`: the same block registered twice at once. */
function isOneOpenViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return /blocks_one_open/.test(`${e.constraint} ${e.message}`);
  return e?.code === 'SQLITE_CONSTRAINT' && /blocks\.covered_person_id, blocks\.kind, blocks\.placed_with/.test(String(e.message));
}

/**
 * Registers a block placed for a covered person (a credit block at a bureau, an ID document at the
 * police), audited. The same open block twice (person, kind, place) is a 409: safe to repeat.
 */
export async function registerBlock(ctx: Ctx, input: NewBlock): Promise<Block> {
  const now = new Date().toISOString();
  // The caller's clock may run a little ahead of ours (the resource allows a few minutes): never later than now.
  const placedAt = input.placed_at && input.placed_at < now ? input.placed_at : now;
  try {
    return await ctx.db.transaction(async (trx) => {
      const person = await trx('covered_persons').where({ id: input.covered_person_id }).first();
      if (!person) throw badRequest('Personen finns inte', { covered_person_id: 'Personen finns inte' });
      const open = await trx('blocks')
        .where({ covered_person_id: person.id, kind: input.kind, placed_with: input.placed_with })
        .whereNull('lifted_at')
        .first('id');
      if (open) throw alreadyOpen(input.placed_with);
      const values = {
        customer_id: person.customer_id,
        covered_person_id: person.id,
        kind: input.kind,
        placed_with: input.placed_with,
        reference: input.reference,
        placed_at: placedAt,
        note: input.note,
        created_by: ctx.actor,
      };
      const [{ id }] = await trx('blocks')
        .insert({ ...values, version: 1, created_at: now, updated_at: now })
        .returning('id');
      await writeAudit(trx, ctx, {
        action: 'register',
        entity: 'blocks',
        entityId: Number(id),
        customerId: person.customer_id,
        changes: createdWithValues({
          person: `${person.first_name} ${person.last_name}`,
          kind: values.kind,
          placed_with: values.placed_with,
          reference: values.reference,
          placed_at: values.placed_at,
          note: values.note,
        }),
      });
      return (await trx('blocks').where({ id }).first())!;
    });
  } catch (err) {
    if (isOneOpenViolation(err)) throw alreadyOpen(input.placed_with);
    throw err;
  }
}

export type BlockChanges = Partial<Pick<BlockRow, 'reference' | 'note' | 'lifted_at'>>;

/**
 * Changes an open block's reference or note, or lifts it (`lifted_at`, once, not before it was placed,
 * never later than now). Versioned and audited; a lifted block no longer changes.
 */
export async function updateBlock(ctx: Ctx, id: number, version: number, changes: BlockChanges): Promise<Block> {
  const now = new Date().toISOString();
  if (changes.lifted_at && changes.lifted_at > now) changes = { ...changes, lifted_at: now };
  return ctx.db.transaction(async (trx) => {
    const before = await trx('blocks').where({ id }).first();
    if (!before) throw notFound('Spärren finns inte');
    if (before.lifted_at !== null) throw conflict(`Spärren hävdes ${before.lifted_at.slice(0, 10)} och kan inte ändras`);
    if (changes.lifted_at) {
      const refusal = liftRefusal(before, changes.lifted_at);
      if (refusal) throw badRequest(refusal, { lifted_at: refusal });
    }
    const person = await trx('covered_persons').where({ id: before.covered_person_id }).first('first_name', 'last_name');
    const name = person ? `${person.first_name} ${person.last_name}` : null;
    // Which block, as context beside the changed fields (before = after).
    const context: Changes = {
      person: { before: name, after: name },
      kind: { before: before.kind, after: before.kind },
      placed_with: { before: before.placed_with, after: before.placed_with },
    };
    return updateVersioned(trx, ctx, {
      table: 'blocks',
      before,
      version,
      changes,
      where: { lifted_at: null } as Partial<BlockRow>,
      audit: {
        action: changes.lifted_at ? 'lift' : 'update',
        customerId: before.customer_id,
        changes: { ...context, ...diff(before, changes) },
      },
    });
  });
}
