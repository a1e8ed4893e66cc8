import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { conflict, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { created, diff, writeAudit } from './audit';

export interface CustomerRow {
  id: number;
  customer_number: string;
  personnummer: string;
  first_name: string;
  last_name: string;
  first_name_lc: string;
  last_name_lc: string;
  street: string;
  postal_code: string;
  city: string;
  phone: string | null;
  email: string | null;
  invoice_interval: 'monthly' | 'annual';
  payment_method: 'paper_invoice' | 'email_invoice' | 'autogiro';
  version: number;
  created_at: string;
  updated_at: string;
}

export type CustomerInput = Pick<
  CustomerRow,
  'personnummer' | 'first_name' | 'last_name' | 'street' | 'postal_code' | 'city' | 'phone' | 'email'
> &
  Partial<Pick<CustomerRow, 'invoice_interval' | 'payment_method'>>;

export type CustomerChanges = Partial<CustomerInput & Pick<CustomerRow, 'invoice_interval' | 'payment_method'>>;

/** Lower-cased name copies kept beside the names for indexed prefix search. */
export function searchKey(name: string): string {
  return name.trim().toLocaleLowerCase('sv-SE');
}

function withSearchKeys(values: CustomerChanges): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  if (values.first_name !== undefined) out.first_name_lc = searchKey(values.first_name);
  if (values.last_name !== undefined) out.last_name_lc = searchKey(values.last_name);
  return out;
}

export const CUSTOMER_NUMBER_BASE = 100000;

async function assertPersonnummerFree(trx: Knex.Transaction, personnummer: string, exceptId?: number) {
  const q = trx('customers').where({ personnummer }).first('id');
  if (exceptId) q.whereNot({ id: exceptId });
  if (await q) {
    throw conflict('Det finns redan en kund med det personnumret', {
      personnummer: 'Det finns redan en kund med det personnumret',
    });
  }
}

export async function createCustomer(ctx: Ctx, input: CustomerInput, trx?: Knex.Transaction): Promise<CustomerRow> {
  const run = async (t: Knex.Transaction) => {
    await assertPersonnummerFree(t, input.personnummer);
    const now = new Date().toISOString();
    // The customer number follows the id; a unique placeholder holds the row until the id is known.
    const [{ id }] = await t('customers')
      .insert({
        ...withSearchKeys(input),
        customer_number: `T${randomUUID().replace(/-/g, '').slice(0, 11)}`,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const customerNumber = String(CUSTOMER_NUMBER_BASE + Number(id));
    await t('customers').where({ id }).update({ customer_number: customerNumber });
    const row = (await t('customers').where({ id }).first()) as CustomerRow;
    await writeAudit(t, ctx, {
      action: 'create',
      entity: 'customers',
      entityId: row.id,
      customerId: row.id,
      changes: created({ customer_number: customerNumber, ...input }),
    });
    return row;
  };
  return trx ? run(trx) : ctx.db.transaction(run);
}

export async function getCustomer(db: Knex | Knex.Transaction, id: number): Promise<CustomerRow> {
  const row = await db('customers').where({ id }).first();
  if (!row) throw notFound('Kunden finns inte');
  return row as CustomerRow;
}

/**
 * Optimistic update: the row changes only when its version is still the one the agent saw; otherwise
 * 409, and nothing is overwritten. `guard` may refuse the edit inside the transaction (e.g. a GDPR
 * restriction).
 */
export async function updateCustomer(
  ctx: Ctx,
  id: number,
  version: number,
  changes: CustomerChanges,
  options: { trx?: Knex.Transaction; action?: string; guard?: (t: Knex.Transaction, row: CustomerRow) => Promise<void> } = {},
): Promise<CustomerRow> {
  const run = async (t: Knex.Transaction) => {
    const before = await getCustomer(t, id);
    await options.guard?.(t, before);
    if (before.version !== version) throw staleVersion();
    if (changes.personnummer !== undefined && changes.personnummer !== before.personnummer) {
      await assertPersonnummerFree(t, changes.personnummer, id);
    }
    const changed = diff(before as unknown as Record<string, unknown>, changes);
    if (Object.keys(changed).length === 0) return before;
    const updated = await t('customers')
      .where({ id, version })
      .update({ ...withSearchKeys(changes), version: version + 1, updated_at: new Date().toISOString() });
    if (updated === 0) throw staleVersion();
    await writeAudit(t, ctx, {
      action: options.action ?? 'update',
      entity: 'customers',
      entityId: id,
      customerId: id,
      changes: changed,
    });
    return getCustomer(t, id);
  };
  return options.trx ? run(options.trx) : ctx.db.transaction(run);
}

/**
 * No field errors on purpose: react-admin then shows the message itself (with field errors it would
 * only say "the form is invalid"), and the form keeps what the agent typed.
 */
export function staleVersion() {
  return conflict('Någon annan har ändrat kunden sedan du öppnade den. Ladda om sidan – det du skrivit finns kvar här tills dess.');
}
