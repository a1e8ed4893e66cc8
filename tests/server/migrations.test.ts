import { migrationSource } from '../../migrations';
import { startTestEnv, type TestEnv } from '../support/testApp';

/** The money migration on the database under test (SQLite, or PostgreSQL with DATABASE_URL): down and up keep the data, and its keys hold. */
let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv({ customers: 12 });
});
afterAll(async () => {
  await env.close();
});

const now = new Date().toISOString();
const counts = async () => {
  const out: Record<string, number> = {};
  for (const table of ['customers', 'invoices', 'invoice_lines', 'billing_changes'])
    out[table] = Number((await env.db(table).count({ c: '*' }).first())!.c);
  return out;
};

test('down and up again keep every row, and the ledger columns are filled so that open = total − paid − credited', async () => {
  await env.db('billing_changes').insert({
    customer_id: 1,
    kind: 'invoice_interval',
    to_interval: 'annual',
    effective_on: '2026-12-01',
    created_by: 'test',
    created_at: now,
  });
  const before = await counts();
  // By name: later migrations (which do not touch these tables) stay in place.
  await env.db.migrate.down({ migrationSource, name: '20261127000000_money' });
  expect(await env.db.schema.hasTable('payments')).toBe(false);
  await env.db.migrate.latest({ migrationSource });
  expect(await counts()).toEqual(before);
  const off = await env
    .db('invoices')
    .where({ kind: 'invoice' })
    .whereRaw('open_ore <> total_ore - paid_ore - credited_ore')
    .count({ c: '*' })
    .first();
  expect(Number(off!.c)).toBe(0);
});

test('exactly once is a key: one run invoice per customer and day, one payment file per digest, one requested mandate per customer', async () => {
  const { id: _id, ...invoice } = (await env.db('invoices').where({ kind: 'invoice' }).whereNotNull('period_start').first())!;
  await expect(env.db('invoices').insert({ ...invoice, invoice_number: 'T1', ocr: 'T1' })).rejects.toThrow();
  await env.db('invoices').insert({ ...invoice, invoice_number: 'T2', ocr: 'T2', kind: 'credit_note' }); // a credit note may share the day

  const file = {
    digest: 'f'.repeat(64),
    uploaded_by: 'supervisor',
    uploaded_at: now,
    payments: 0,
    matched: 0,
    unmatched: 0,
    amount_ore: 0,
  };
  await env.db('payment_files').insert(file);
  await expect(env.db('payment_files').insert(file)).rejects.toThrow();

  const mandate = {
    customer_id: 2,
    clearing_number: '8327',
    account_number: '9412345678',
    requested_on: '2026-11-25',
    created_by: 'agent',
    created_at: now,
    updated_at: now,
  };
  await env.db('autogiro_mandates').insert(mandate);
  await expect(env.db('autogiro_mandates').insert(mandate)).rejects.toThrow();
  await env.db('autogiro_mandates').insert({ ...mandate, status: 'rejected' });

  await env.db('billing_changes').insert({
    customer_id: 2,
    kind: 'payment_method',
    to_method: 'autogiro',
    effective_on: '2026-11-25',
    created_by: 'agent',
    created_at: now,
  });
});
