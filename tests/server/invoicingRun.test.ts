import type { Knex } from 'knex';
import { openDb } from '../../server/src/db/knex';
import { makePersonnummer } from '../../server/src/domain/personnummer';
import { isValidOcr } from '../../server/src/domain/ocr';
import { stockholmDayStartUtc } from '../../server/src/domain/calendarDate';
import { createCustomer } from '../../server/src/services/customers';
import { customerInvoiceSchedule } from '../../server/src/services/billing';
import { customersToInvoice, invoicesLeftToIssue, issueDueInvoices, runInvoicing } from '../../server/src/services/invoicing';
import { DAILY_JOBS } from '../../server/src/jobs/schedule';
import type { SubscriptionStatus } from '../../server/src/domain/values';
import { useTestEnv } from '../support/testApp';

/**
 * The invoicing run against a real database: exactly once (run twice, run concurrently, the unique key),
 * late runs, and the preview of a day being what the run issues that day.
 */
const env = useTestEnv({ customers: 12 });
let serial = 300;

/** A customer whose subscriptions were entered on their signing day (as if sold then), nothing invoiced yet. */
async function customerWith(
  subs: Array<{ signed_on: string; product?: string; with_stickers?: boolean; status?: SubscriptionStatus; ends_on?: string | null }>,
  extra: { interval?: 'monthly' | 'annual'; payment_method?: 'paper_invoice' | 'email_invoice' | 'autogiro' } = {},
) {
  serial += 1;
  const customer = await createCustomer(env.ctx('fixture'), {
    personnummer: makePersonnummer('1979-04-04', serial),
    first_name: 'Run',
    last_name: `Körsson${serial}`,
    street: 'Körgatan 1',
    postal_code: '111 22',
    city: 'Stockholm',
    phone: null,
    email: `run${serial}@example.se`,
    invoice_interval: extra.interval ?? 'monthly',
    payment_method: extra.payment_method ?? 'email_invoice',
  });
  for (const s of subs) {
    const product = await env
      .db('products')
      .where({ code: s.product ?? 'IDLARM_PRIO' })
      .first();
    const created_at = new Date(Date.parse(stockholmDayStartUtc(s.signed_on)) + 10 * 3_600_000).toISOString();
    await env.db('subscriptions').insert({
      customer_id: customer.id,
      product_id: product!.id,
      signed_on: s.signed_on,
      binding_months: 0,
      binding_ends_on: s.signed_on,
      with_stickers: s.with_stickers ?? false,
      status: s.status ?? 'active',
      ends_on: s.ends_on ?? null,
      version: 1,
      created_at,
      updated_at: created_at,
    });
  }
  return customer;
}

const runInvoices = (db: Knex, customerId: number) =>
  db('invoices').where({ customer_id: customerId, kind: 'invoice' }).orderBy('issued_on').select('*');

describe('the run issues every due invoice exactly once', () => {
  test('run twice on the same day: nothing doubled, the second run issues nothing', async () => {
    const c = await customerWith([{ signed_on: '2026-10-01' }]);
    const first = await issueDueInvoices(env.db, c.id, '2026-11-25');
    expect(first.issued).toBe(2);
    const second = await issueDueInvoices(env.db, c.id, '2026-11-25');
    expect(second.issued).toBe(0);
    const whole = await runInvoicing(env.db, '2026-11-25');
    expect(whole.invoices).toBe(0);
    const invoices = await runInvoices(env.db, c.id);
    expect(invoices.map((i) => [i.issued_on, i.due_on, i.period_start, i.period_end, i.total_ore])).toEqual([
      ['2026-10-01', '2026-10-31', '2026-10-01', '2026-10-31', 14900],
      ['2026-11-01', '2026-12-01', '2026-11-01', '2026-11-30', 14900],
    ]);
  });

  test('each invoice has its number, a valid OCR, its lines, VAT, the payment method, and is audited once', async () => {
    const c = await customerWith([{ signed_on: '2026-11-01' }, { signed_on: '2026-11-01', product: 'BOLAGSKOLLEN' }], {
      payment_method: 'paper_invoice',
    });
    await issueDueInvoices(env.db, c.id, '2026-11-25');
    const [invoice] = await runInvoices(env.db, c.id);
    expect(invoice.invoice_number).toBe(String(500000 + invoice.id));
    expect(isValidOcr(invoice.ocr)).toBe(true);
    expect(invoice).toMatchObject({ total_ore: 14900 + 19900, vat_ore: 2980 + 3980, open_ore: 34800, status: 'unpaid' });
    expect(invoice.payment_method).toBe('paper_invoice');
    const lines = await env.db('invoice_lines').where({ invoice_id: invoice.id }).orderBy('id');
    expect(lines.map((l) => [l.kind, l.amount_ore, l.vat_ore, l.period_start, l.period_end])).toEqual([
      ['service', 14900, 2980, '2026-11-01', '2026-11-30'],
      ['service', 19900, 3980, '2026-11-01', '2026-11-30'],
    ]);
    const audits = await env.db('audit_events').where({ entity: 'invoices', entity_id: String(invoice.id) });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'create', actor: 'system', customer_id: c.id, request_id: 'job:invoicing:2026-11-25' });
  });

  test('two runs at the same moment from two connection pools: each invoice once', async () => {
    const ids: number[] = [];
    for (let n = 0; n < 5; n++) ids.push((await customerWith([{ signed_on: '2026-11-03' }])).id);
    // The runs of 1 December, from two pools (two instances on PostgreSQL; on SQLite one file, one writer).
    // SQLite: one process is one writer, so both runs share the pool (and its serialised transactions).
    const schema = (env.db.client.config.searchPath as string[] | undefined)?.[0];
    const second = process.env.DATABASE_URL ? openDb({ databaseUrl: process.env.DATABASE_URL, pgSchema: schema }) : undefined;
    const pools = [env.db, second ?? env.db];
    const [a, b] = await Promise.all(pools.map((db) => Promise.all(ids.map((id) => issueDueInvoices(db, id, '2026-12-01')))));
    await second?.destroy();
    const issued = [...a, ...b].reduce((n, r) => n + r.issued, 0);
    expect(issued).toBe(ids.length);
    for (const id of ids) {
      const invoices = await runInvoices(env.db, id);
      expect(invoices.map((i) => i.issued_on)).toEqual(['2026-12-01']);
    }
  });

  test('the database refuses a second run invoice for the same customer and day (the key, not the code)', async () => {
    const c = await customerWith([{ signed_on: '2026-11-01' }]);
    await issueDueInvoices(env.db, c.id, '2026-11-25');
    const { id: _id, ...copy } = (await runInvoices(env.db, c.id))[0];
    await expect(env.db('invoices').insert({ ...copy, invoice_number: 'X1', ocr: 'X1' })).rejects.toThrow();
  });

  test('the daily jobs on two pools at once issue each due invoice once (DAILY_JOBS includes the run)', async () => {
    const c = await customerWith([{ signed_on: '2026-11-05' }]);
    const job = DAILY_JOBS.find((j) => /invoicing run/.test(j.name))!;
    await Promise.all([job.run(env.db, '2026-12-02'), job.run(env.db, '2026-12-02')]);
    expect((await runInvoices(env.db, c.id)).map((i) => i.issued_on)).toEqual(['2026-12-01']);
  });
});

describe('interval switches go through the same run', () => {
  test('a switch to annual ordered in November: the daily jobs of 1 December apply it and issue twelve months at once', async () => {
    const c = await customerWith([{ signed_on: '2026-10-01' }]);
    await issueDueInvoices(env.db, c.id, '2026-11-25');
    const agent = await env.as('agent');
    await agent.post('/api/billing_changes').send({ kind: 'invoice_interval', customer_id: c.id, to_interval: 'annual' }).expect(201);
    const preview = await customerInvoiceSchedule({ db: env.db, today: '2026-11-25' }, c.id);
    for (const job of DAILY_JOBS) await job.run(env.db, '2026-12-01');
    const [december] = (await runInvoices(env.db, c.id)).filter((i) => i.issued_on === '2026-12-01');
    expect(december).toMatchObject({ period_start: '2026-12-01', period_end: '2027-11-30', total_ore: 12 * 14900 });
    expect(preview.invoices[0]).toMatchObject({ date: '2026-12-01', total_ore: december.total_ore });
    expect((await env.db('customers').where({ id: c.id }).first())!.invoice_interval).toBe('annual');
  });
});

describe('a late run', () => {
  test('the server was down on the 1st: the run on the 3rd issues the 1st’s invoice, dated the 1st', async () => {
    const c = await customerWith([{ signed_on: '2026-11-10' }]);
    expect((await issueDueInvoices(env.db, c.id, '2026-11-25')).issued).toBe(0);
    const { issued } = await issueDueInvoices(env.db, c.id, '2026-12-03');
    expect(issued).toBe(1);
    const [invoice] = await runInvoices(env.db, c.id);
    // 10–30 November pro rata (21 of 30 days) and December.
    expect(invoice).toMatchObject({ issued_on: '2026-12-01', due_on: '2026-12-31', total_ore: 10430 + 14900 });
    expect((await issueDueInvoices(env.db, c.id, '2026-12-04')).issued).toBe(0);
  });

  test('the run on the 3rd uses the payment method that held on the 1st, not the one approved on the 2nd', async () => {
    const c = await customerWith([{ signed_on: '2026-11-02' }], { payment_method: 'paper_invoice' });
    await env.db('customers').where({ id: c.id }).update({ payment_method: 'autogiro' });
    await env.db('billing_changes').insert({
      customer_id: c.id,
      kind: 'payment_method',
      to_method: 'autogiro',
      from_method: 'paper_invoice',
      effective_on: '2026-12-02',
      applied_on: '2026-12-02',
      created_by: 'agent',
      created_at: new Date().toISOString(),
    });
    await issueDueInvoices(env.db, c.id, '2026-12-03');
    await issueDueInvoices(env.db, c.id, '2027-01-01');
    const invoices = await runInvoices(env.db, c.id);
    expect(invoices.map((i) => [i.issued_on, i.payment_method])).toEqual([
      ['2026-12-01', 'paper_invoice'],
      ['2027-01-01', 'autogiro'],
    ]);
  });
});

describe('the preview of a date is what the run issues on it', () => {
  test.each([
    ['signed on the 27th', [{ signed_on: '2026-11-20' }], {}],
    [
      'two services, stickers',
      [
        { signed_on: '2025-12-06', with_stickers: true },
        { signed_on: '2026-10-15', product: 'KK_IDSKYDD' },
      ],
      {},
    ],
    ['an annual customer', [{ signed_on: '2026-09-01' }], { interval: 'annual' as const }],
    ['a notice ending in December', [{ signed_on: '2026-01-01', status: 'notice_given' as const, ends_on: '2026-12-14' }], {}],
  ])('%s', async (_what, subs, extra) => {
    const c = await customerWith(subs, extra);
    // Catch up to today, then: what the preview of 25 November shows for 1 December is what the run issues then.
    await issueDueInvoices(env.db, c.id, '2026-11-25');
    const preview = await customerInvoiceSchedule({ db: env.db, today: '2026-11-25' }, c.id);
    const shown = preview.invoices.find((i) => i.date === '2026-12-01');
    await issueDueInvoices(env.db, c.id, '2026-12-01');
    const issued = (await runInvoices(env.db, c.id)).filter((i) => i.issued_on === '2026-12-01');
    if (!shown) {
      expect(issued).toEqual([]);
      return;
    }
    expect(issued).toHaveLength(1);
    const lines = await env.db('invoice_lines').where({ invoice_id: issued[0].id }).orderBy('id');
    expect({
      date: issued[0].issued_on,
      due_on: issued[0].due_on,
      total_ore: issued[0].total_ore,
      vat_ore: issued[0].vat_ore,
      payment_method: issued[0].payment_method,
      lines: lines.map((l) => ({
        kind: l.kind,
        subscription_id: l.subscription_id,
        description: l.description,
        amount_ore: l.amount_ore,
        vat_ore: l.vat_ore,
      })),
    }).toEqual(shown);
  });

  test('the preview never shows an invoice before today, nor a line before signed_on', async () => {
    const c = await customerWith([{ signed_on: '2026-11-20' }]);
    const { invoices } = await customerInvoiceSchedule({ db: env.db, today: '2026-11-25' }, c.id);
    expect(invoices[0].date).toBe('2026-12-01');
    expect(invoices[0].lines[0].description).toMatch(/2026-11-20 – 2026-11-30/);
    expect(invoices.every((i) => i.date >= '2026-11-25')).toBe(true);
  });
});

describe('who the run looks at', () => {
  test('customers invoiced through the date are skipped; a new sale, or the next first, brings them back', async () => {
    const c = await customerWith([{ signed_on: '2026-11-01' }]);
    expect(await customersToInvoice(env.db, '2026-11-25')).toContain(c.id);
    await issueDueInvoices(env.db, c.id, '2026-11-25');
    expect(await customersToInvoice(env.db, '2026-11-25')).not.toContain(c.id);
    expect(await customersToInvoice(env.db, '2026-12-01')).toContain(c.id);
  });

  test('a withdrawn subscription is never invoiced', async () => {
    const c = await customerWith([{ signed_on: '2026-11-01', status: 'withdrawn', ends_on: '2026-11-05' }]);
    expect(await customersToInvoice(env.db, '2026-12-01')).not.toContain(c.id);
    expect((await issueDueInvoices(env.db, c.id, '2026-12-01')).issued).toBe(0);
  });

  test('the seeded demo customers are invoiced through today: the run on today finds nothing to issue', async () => {
    expect(await invoicesLeftToIssue(env.db, '2026-11-25')).toBe(0);
    const result = await runInvoicing(env.db, '2026-11-25');
    expect(result.invoices).toBe(0);
  });

  test('what is left to issue on a first is what the run then issues', async () => {
    const left = await invoicesLeftToIssue(env.db, '2027-01-01');
    expect(left).toBeGreaterThan(5);
    expect((await runInvoicing(env.db, '2027-01-01')).invoices).toBe(left);
    expect(await invoicesLeftToIssue(env.db, '2027-01-01')).toBe(0);
  });
});
