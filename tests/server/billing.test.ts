import { startTestEnv, type TestEnv, tableDigest } from '../support/testApp';
import { makePersonnummer } from '../../server/src/domain/personnummer';
import { isValidOcr, makeOcr } from '../../server/src/domain/ocr';
import { vatPart } from '../../server/src/domain/money';
import { createCustomer } from '../../server/src/services/customers';
import { applyDueIntervalChanges } from '../../server/src/services/billing';

let env: TestEnv;
let serial = 100;
// Logged in once, so that a login's own audit event never falls between two table digests.
const agents = {} as Record<'agent' | 'supervisor', Awaited<ReturnType<TestEnv['as']>>>;
beforeAll(async () => {
  env = await startTestEnv({ customers: 12 });
  agents.agent = await env.as('agent');
  agents.supervisor = await env.as('supervisor');
});
afterAll(async () => {
  expect(env.errors).toEqual([]);
  await env.close();
});

interface SubFixture {
  product?: 'IDLARM_PRIO' | 'KK_IDSKYDD' | 'BOLAGSKOLLEN';
  signed_on?: string;
  with_stickers?: boolean;
}
interface InvoiceFixture {
  period: [string, string];
  status?: 'unpaid' | 'paid';
  /** Sticker fee (with its sticker year) for the first subscription on this invoice. */
  sticker?: [string, string];
  service?: boolean;
}

/** A customer built for one test: subscriptions and issued invoices exactly as described. */
async function customerWith(options: { interval?: 'monthly' | 'annual'; subs?: SubFixture[]; invoices?: InvoiceFixture[] } = {}) {
  serial += 1;
  const customer = await createCustomer(env.ctx('fixture'), {
    personnummer: makePersonnummer('1985-05-05', serial),
    first_name: 'Test',
    last_name: `Fakturasson${serial}`,
    street: 'Testgatan 1',
    postal_code: '111 22',
    city: 'Stockholm',
    phone: null,
    email: null,
    invoice_interval: options.interval ?? 'monthly',
    payment_method: 'email_invoice',
  });
  const now = new Date().toISOString();
  const subIds: number[] = [];
  const prices: Array<{ price: number; sticker: number }> = [];
  for (const s of options.subs ?? [{}]) {
    const product = await env
      .db('products')
      .where({ code: s.product ?? 'IDLARM_PRIO' })
      .first();
    const signed_on = s.signed_on ?? '2025-03-10';
    const [{ id }] = await env
      .db('subscriptions')
      .insert({
        customer_id: customer.id,
        product_id: product!.id,
        signed_on,
        binding_months: 0,
        binding_ends_on: signed_on,
        with_stickers: s.with_stickers ?? false,
        status: 'active',
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    subIds.push(Number(id));
    prices.push({ price: product!.monthly_price_ore, sticker: product!.sticker_yearly_fee_ore });
  }
  const invoiceIds: number[] = [];
  for (const inv of options.invoices ?? []) {
    const lines: Array<Record<string, unknown>> = [];
    const months = options.interval === 'annual' ? 12 : 1;
    if (inv.service !== false) {
      const amount = prices[0].price * months;
      lines.push({
        subscription_id: subIds[0],
        kind: 'service',
        description: 'Tjänsteavgift',
        period_start: inv.period[0],
        period_end: inv.period[1],
        amount_ore: amount,
        vat_ore: vatPart(amount),
      });
    }
    if (inv.sticker) {
      lines.push({
        subscription_id: subIds[0],
        kind: 'sticker',
        description: `Stöldskyddsdekaler, årsavgift från ${inv.sticker[0]}`,
        period_start: inv.sticker[0],
        period_end: inv.sticker[1],
        amount_ore: prices[0].sticker,
        vat_ore: vatPart(prices[0].sticker),
      });
    }
    const total = lines.reduce((s, l) => s + Number(l.amount_ore), 0);
    const paid = inv.status === 'paid';
    const number = String(900000 + serial * 10 + invoiceIds.length);
    const [{ id }] = await env
      .db('invoices')
      .insert({
        customer_id: customer.id,
        invoice_number: number,
        ocr: makeOcr(number),
        kind: 'invoice',
        issued_on: inv.period[0],
        due_on: inv.period[0],
        period_start: inv.period[0],
        period_end: inv.period[1],
        total_ore: total,
        vat_ore: lines.reduce((s, l) => s + Number(l.vat_ore), 0),
        open_ore: paid ? 0 : total,
        status: paid ? 'paid' : 'unpaid',
        payment_method: 'email_invoice',
        paid_on: paid ? inv.period[0] : null,
        created_at: now,
      })
      .returning('id');
    invoiceIds.push(Number(id));
    await env.db('invoice_lines').insert(lines.map((l) => ({ ...l, invoice_id: Number(id) })));
  }
  return { customer, subIds, invoiceIds };
}

const NOVEMBER: [string, string] = ['2026-11-01', '2026-11-30'];

async function post(role: 'agent' | 'supervisor', status: number, body: unknown, query = '') {
  return agents[role]
    .post(`/api/billing_changes${query}`)
    .send(body as object)
    .expect(status);
}

describe('GET /api/customers/:id/invoice-schedule', () => {
  test('answers the next 12 months of invoices in the documented shape', async () => {
    const { customer, subIds } = await customerWith({ invoices: [{ period: NOVEMBER }] });
    const agent = await env.as('agent');
    const res = await agent.get(`/api/customers/${customer.id}/invoice-schedule`).expect(200);
    expect(res.body.invoices).toHaveLength(12);
    expect(res.body.invoices[0]).toEqual({
      date: '2026-12-01',
      due_on: '2026-12-31',
      lines: [
        {
          kind: 'service',
          subscription_id: subIds[0],
          description: 'ID-Larm Prio 2026-12-01 – 2026-12-31',
          amount_ore: 14900,
          vat_ore: 2980,
        },
      ],
      total_ore: 14900,
      vat_ore: 2980,
      payment_method: 'email_invoice',
    });
  });

  test('an unknown customer is a 404, a malformed id a 400', async () => {
    const agent = await env.as('agent');
    await agent.get('/api/customers/999999/invoice-schedule').expect(404);
    const bad = await agent.get('/api/customers/abc/invoice-schedule').expect(400);
    expect(bad.body.errors).toHaveProperty('id');
  });

  test('needs a session', async () => {
    await env.anonymous().get('/api/customers/1/invoice-schedule').expect(401);
  });
});

describe('switching the invoice interval', () => {
  test('the preview shows the next invoice before and after, and writes nothing', async () => {
    const { customer } = await customerWith({ invoices: [{ period: NOVEMBER }] });
    const before = await tableDigest(env.db);
    const res = await post('agent', 200, { kind: 'invoice_interval', customer_id: customer.id, to_interval: 'annual' }, '?dry_run=true');
    expect(res.body.change).toMatchObject({ kind: 'invoice_interval', to_interval: 'annual', effective_on: '2026-12-01' });
    expect(res.body.before.invoices[0]).toMatchObject({ date: '2026-12-01', total_ore: 14900 });
    expect(res.body.after.invoices).toHaveLength(1);
    expect(res.body.after.invoices[0]).toMatchObject({ date: '2026-12-01', total_ore: 178800, vat_ore: 35760 });
    expect(await tableDigest(env.db)).toBe(before);
  });

  test('a switch to annual is stored from the first of next month, audited, and the schedule follows it', async () => {
    const { customer } = await customerWith({ invoices: [{ period: NOVEMBER }] });
    const res = await post('agent', 201, { kind: 'invoice_interval', customer_id: customer.id, to_interval: 'annual' });
    expect(res.body).toMatchObject({
      customer_id: customer.id,
      kind: 'invoice_interval',
      to_interval: 'annual',
      effective_on: '2026-12-01',
      created_by: 'agent',
      applied_on: null,
    });
    const audit = await env
      .db('audit_events')
      .where({ entity: 'billing_changes', entity_id: String(res.body.id) })
      .first();
    expect(audit).toMatchObject({ actor: 'agent', action: 'create', customer_id: customer.id, request_id: res.headers['x-request-id'] });

    const agent = await env.as('agent');
    const schedule = await agent.get(`/api/customers/${customer.id}/invoice-schedule`).expect(200);
    expect(schedule.body.invoices.map((i: { date: string; total_ore: number }) => [i.date, i.total_ore])).toEqual([['2026-12-01', 178800]]);
    // The customer's interval changes on the effective day, not before.
    expect((await env.db('customers').where({ id: customer.id }).first())!.invoice_interval).toBe('monthly');
  });

  test('the daily job applies the change on its effective day, once, with an audit event', async () => {
    const { customer } = await customerWith({ invoices: [{ period: NOVEMBER }] });
    const res = await post('agent', 201, { kind: 'invoice_interval', customer_id: customer.id, to_interval: 'annual' });
    await applyDueIntervalChanges(env.db, '2026-11-30');
    expect((await env.db('customers').where({ id: customer.id }).first())!.invoice_interval).toBe('monthly');
    await applyDueIntervalChanges(env.db, '2026-12-01');
    const after = await env.db('customers').where({ id: customer.id }).first();
    expect(after).toMatchObject({ invoice_interval: 'annual', version: customer.version + 1 });
    expect((await env.db('billing_changes').where({ id: res.body.id }).first())!.applied_on).toBe('2026-12-01');
    const audits = await env.db('audit_events').where({ entity: 'customers', entity_id: String(customer.id), actor: 'system' });
    expect(audits).toHaveLength(1);
    const digest = await tableDigest(env.db);
    await applyDueIntervalChanges(env.db, '2026-12-02');
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('a switch back to monthly takes effect when the current annual period ends', async () => {
    const { customer } = await customerWith({ interval: 'annual', invoices: [{ period: ['2026-06-01', '2027-05-31'] }] });
    const res = await post('agent', 201, { kind: 'invoice_interval', customer_id: customer.id, to_interval: 'monthly' });
    expect(res.body.effective_on).toBe('2027-06-01');
  });

  test.each([
    ['the interval the customer already has', 'monthly', false],
    ['an annual switch that is already pending', 'annual', true],
    ['going back while a switch is pending', 'monthly', true],
  ] as const)('%s is a 409 and changes nothing', async (_name, to, pendingFirst) => {
    const { customer } = await customerWith({ invoices: [{ period: NOVEMBER }] });
    if (pendingFirst) await post('agent', 201, { kind: 'invoice_interval', customer_id: customer.id, to_interval: 'annual' });
    const before = await tableDigest(env.db);
    const res = await post('agent', 409, { kind: 'invoice_interval', customer_id: customer.id, to_interval: to });
    expect(res.body.errors).toHaveProperty('to_interval');
    expect(await tableDigest(env.db)).toBe(before);
  });
});

describe('bad input is a 400 with field errors and changes nothing', () => {
  test.each([
    ['no kind', { customer_id: 1, to_interval: 'annual' }, '', 'kind'],
    ['an unknown kind', { kind: 'discount', customer_id: 1 }, '', 'kind'],
    ['no customer', { kind: 'invoice_interval', to_interval: 'annual' }, '', 'customer_id'],
    ['an unknown customer', { kind: 'invoice_interval', customer_id: 999999, to_interval: 'annual' }, '', 'customer_id'],
    ['an unknown interval', { kind: 'invoice_interval', customer_id: 1, to_interval: 'weekly' }, '', 'to_interval'],
    ['an unknown field', { kind: 'invoice_interval', customer_id: 1, to_interval: 'annual', discount: 5 }, '', 'discount'],
    ['no subscription', { kind: 'sticker_fee_removal' }, '', 'subscription_id'],
    ['an unknown subscription', { kind: 'sticker_fee_removal', subscription_id: 999999 }, '', 'subscription_id'],
    ['refund that is not a yes/no', { kind: 'sticker_fee_removal', subscription_id: 1, refund: 'ja' }, '', 'refund'],
    [
      'an interval field on a sticker removal',
      { kind: 'sticker_fee_removal', subscription_id: 1, to_interval: 'annual' },
      '',
      'to_interval',
    ],
    ['a dry_run that is not true/false', { kind: 'invoice_interval', customer_id: 1, to_interval: 'annual' }, '?dry_run=kanske', 'dry_run'],
    ['an unknown query parameter', { kind: 'invoice_interval', customer_id: 1, to_interval: 'annual' }, '?preview=true', 'preview'],
  ])('%s', async (_name, body, query, field) => {
    const before = await tableDigest(env.db);
    const res = await post('agent', 400, body, query);
    expect(res.body.errors).toHaveProperty(field);
    expect(await tableDigest(env.db)).toBe(before);
  });

  test('a sticker removal naming another customer than the subscription’s', async () => {
    const { subIds } = await customerWith({ subs: [{ with_stickers: true }] });
    const res = await post('agent', 400, { kind: 'sticker_fee_removal', subscription_id: subIds[0], customer_id: 1 });
    expect(res.body.errors).toHaveProperty('subscription_id');
  });
});

describe('removing the sticker fee', () => {
  const stickerYear: [string, string] = ['2026-11-10', '2027-11-09'];

  test('credits an unpaid sticker fee with a credit note referencing the invoice and reduces its open amount', async () => {
    const { customer, subIds, invoiceIds } = await customerWith({
      subs: [{ signed_on: '2024-11-10', with_stickers: true }],
      invoices: [{ period: NOVEMBER, sticker: stickerYear }],
    });
    const res = await post('agent', 201, { kind: 'sticker_fee_removal', subscription_id: subIds[0], customer_id: customer.id });
    expect(res.body).toMatchObject({
      kind: 'sticker_fee_removal',
      subscription_id: subIds[0],
      effective_on: '2026-11-25',
      credited_ore: 19900,
      refunded_ore: 0,
    });

    const invoice = await env.db('invoices').where({ id: invoiceIds[0] }).first();
    expect(invoice).toMatchObject({ open_ore: 14900, status: 'unpaid', total_ore: 34800 });
    const note = await env.db('invoices').where({ credits_invoice_id: invoiceIds[0] }).first();
    expect(note).toMatchObject({
      kind: 'credit_note',
      customer_id: customer.id,
      total_ore: -19900,
      vat_ore: -3980,
      open_ore: 0,
      issued_on: '2026-11-25',
    });
    expect(isValidOcr(note!.ocr)).toBe(true);
    expect(note!.invoice_number).toMatch(/^\d+$/);
    const lines = await env.db('invoice_lines').where({ invoice_id: note!.id });
    expect(lines).toEqual([expect.objectContaining({ kind: 'credit', subscription_id: subIds[0], amount_ore: -19900, vat_ore: -3980 })]);
    expect(res.body.credit_notes).toEqual([
      expect.objectContaining({ id: note!.id, credits_invoice_id: invoiceIds[0], total_ore: -19900 }),
    ]);

    expect((await env.db('subscriptions').where({ id: subIds[0] }).first())!.sticker_fee_removed_on).toBe('2026-11-25');
    const audits = await env.db('audit_events').where({ request_id: res.headers['x-request-id'] }).select('entity', 'action', 'entity_id');
    expect(audits).toEqual(
      expect.arrayContaining([
        { entity: 'subscriptions', action: 'update', entity_id: String(subIds[0]) },
        { entity: 'invoices', action: 'create', entity_id: String(note!.id) },
        { entity: 'invoices', action: 'update', entity_id: String(invoiceIds[0]) },
        { entity: 'billing_changes', action: 'create', entity_id: String(res.body.id) },
      ]),
    );
  });

  test('an invoice with nothing but the sticker fee is wholly credited', async () => {
    const { subIds, invoiceIds } = await customerWith({
      subs: [{ signed_on: '2024-11-10', with_stickers: true }],
      invoices: [{ period: NOVEMBER, sticker: stickerYear, service: false }],
    });
    await post('agent', 201, { kind: 'sticker_fee_removal', subscription_id: subIds[0] });
    expect(await env.db('invoices').where({ id: invoiceIds[0] }).first()).toMatchObject({ open_ore: 0, status: 'credited' });
  });

  test('no further sticker fee appears in the schedule', async () => {
    const { customer, subIds } = await customerWith({
      subs: [{ signed_on: '2025-03-10', with_stickers: true }],
      invoices: [{ period: NOVEMBER }],
    });
    const agent = await env.as('agent');
    const stickerLines = async () =>
      (await agent.get(`/api/customers/${customer.id}/invoice-schedule`).expect(200)).body.invoices
        .flatMap((i: { lines: Array<{ kind: string }> }) => i.lines)
        .filter((l: { kind: string }) => l.kind === 'sticker');
    expect(await stickerLines()).toHaveLength(1);
    await post('agent', 201, { kind: 'sticker_fee_removal', subscription_id: subIds[0] });
    expect(await stickerLines()).toHaveLength(0);
  });

  test('the preview shows the credit and the schedule after, and writes nothing', async () => {
    const { subIds, invoiceIds } = await customerWith({
      subs: [{ signed_on: '2024-11-10', with_stickers: true }],
      invoices: [{ period: NOVEMBER, sticker: stickerYear }],
    });
    const before = await tableDigest(env.db);
    const res = await post('agent', 200, { kind: 'sticker_fee_removal', subscription_id: subIds[0] }, '?dry_run=true');
    expect(res.body.change).toMatchObject({ credited_ore: 19900, refunded_ore: 0, effective_on: '2026-11-25' });
    expect(res.body.credits).toEqual([expect.objectContaining({ kind: 'credit', invoice_id: invoiceIds[0], amount_ore: 19900 })]);
    expect(res.body.before.invoices).toHaveLength(12);
    expect(await tableDigest(env.db)).toBe(before);
  });

  test.each([
    ['a subscription without stickers', { with_stickers: false }, false],
    ['a sticker fee already removed', { with_stickers: true }, true],
  ])('%s is a 409 and changes nothing', async (_name, sub, removeFirst) => {
    const { subIds } = await customerWith({ subs: [sub] });
    if (removeFirst) await post('agent', 201, { kind: 'sticker_fee_removal', subscription_id: subIds[0] });
    const before = await tableDigest(env.db);
    const res = await post('agent', 409, { kind: 'sticker_fee_removal', subscription_id: subIds[0] });
    expect(res.body.errors).toHaveProperty('subscription_id');
    expect(await tableDigest(env.db)).toBe(before);
  });

  describe('a paid sticker fee', () => {
    const paid = () =>
      customerWith({
        subs: [{ signed_on: '2024-11-10', with_stickers: true }],
        invoices: [{ period: NOVEMBER, sticker: stickerYear, status: 'paid' }],
      });

    test('is not refunded without refund', async () => {
      const { subIds, invoiceIds } = await paid();
      const res = await post('agent', 201, { kind: 'sticker_fee_removal', subscription_id: subIds[0] });
      expect(res.body).toMatchObject({ credited_ore: 0, refunded_ore: 0, credit_notes: [] });
      expect(await env.db('invoices').where({ credits_invoice_id: invoiceIds[0] })).toEqual([]);
    });

    test('an agent may not refund it (403, nothing changes)', async () => {
      const { subIds } = await paid();
      const before = await tableDigest(env.db);
      await post('agent', 403, { kind: 'sticker_fee_removal', subscription_id: subIds[0], refund: true });
      expect(await tableDigest(env.db)).toBe(before);
    });

    test('a supervisor refunds it with a credit note', async () => {
      const { subIds, invoiceIds } = await paid();
      const res = await post('supervisor', 201, { kind: 'sticker_fee_removal', subscription_id: subIds[0], refund: true });
      expect(res.body).toMatchObject({ credited_ore: 0, refunded_ore: 19900, created_by: 'supervisor' });
      const note = await env.db('invoices').where({ credits_invoice_id: invoiceIds[0] }).first();
      expect(note).toMatchObject({ kind: 'credit_note', total_ore: -19900 });
      // The paid invoice itself is unchanged.
      expect(await env.db('invoices').where({ id: invoiceIds[0] }).first()).toMatchObject({ status: 'paid', open_ore: 0 });
    });
  });
});

describe('billing changes are listed per customer', () => {
  test('filter pending interval changes', async () => {
    const { customer } = await customerWith({ invoices: [{ period: NOVEMBER }] });
    await post('agent', 201, { kind: 'invoice_interval', customer_id: customer.id, to_interval: 'annual' });
    const agent = await env.as('agent');
    const res = await agent
      .get('/api/billing_changes')
      .query({ filter: JSON.stringify({ customer_id: customer.id, kind: 'invoice_interval', pending: true }) })
      .expect(200);
    expect(res.body).toEqual([expect.objectContaining({ to_interval: 'annual', effective_on: '2026-12-01' })]);
  });
});
