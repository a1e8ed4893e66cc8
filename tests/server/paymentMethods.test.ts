import { makePersonnummer } from '../../server/src/domain/personnummer';
import { stockholmDayStartUtc } from '../../server/src/domain/calendarDate';
import { createCustomer } from '../../server/src/services/customers';
import { issueDueInvoices } from '../../server/src/services/invoicing';
import { applyDueIntervalChanges } from '../../server/src/services/billing';
import { startTestEnv, type TestEnv, tableDigest, TEST_TODAY } from '../support/testApp';

/** Byt betalsätt: payment-method changes, autogiro mandates and their decisions, and cancelling a pending change. */
let env: TestEnv;
const as = {} as Record<'agent' | 'supervisor' | 'admin', Awaited<ReturnType<TestEnv['as']>>>;
beforeAll(async () => {
  env = await startTestEnv({ customers: 12 });
  for (const role of ['agent', 'supervisor', 'admin'] as const) as[role] = await env.as(role);
});
afterAll(async () => {
  expect(env.errors).toEqual([]);
  await env.close();
});

let serial = 500;
/** A customer with one subscription sold on 1 October and invoiced through November. */
async function customer(options: { email?: string | null; method?: 'paper_invoice' | 'email_invoice' | 'autogiro' } = {}) {
  serial += 1;
  const c = await createCustomer(env.ctx('fixture'), {
    personnummer: makePersonnummer('1983-08-08', serial),
    first_name: 'Betal',
    last_name: `Sättsson${serial}`,
    street: 'Bankgatan 2',
    postal_code: '222 33',
    city: 'Lund',
    phone: null,
    email: options.email === undefined ? `betal${serial}@example.se` : options.email,
    invoice_interval: 'monthly',
    payment_method: options.method ?? 'paper_invoice',
  });
  const product = await env.db('products').where({ code: 'IDLARM_PRIO' }).first();
  const created_at = new Date(Date.parse(stockholmDayStartUtc('2026-10-01')) + 10 * 3_600_000).toISOString();
  await env.db('subscriptions').insert({
    customer_id: c.id,
    product_id: product!.id,
    signed_on: '2026-10-01',
    binding_months: 0,
    binding_ends_on: '2026-10-01',
    with_stickers: false,
    status: 'active',
    version: 1,
    created_at,
    updated_at: created_at,
  });
  await issueDueInvoices(env.db, c.id, TEST_TODAY);
  return c;
}

const change = (body: Record<string, unknown>, query = '') =>
  as.agent.post(`/api/billing_changes${query}`).send({ kind: 'payment_method', ...body });

describe('paper and e-mail invoices', () => {
  test('the dry run says what changes and which next invoice gets the new method; it writes nothing', async () => {
    const c = await customer();
    const before = await tableDigest(env.db);
    const res = await change({ customer_id: c.id, to_method: 'email_invoice' }, '?dry_run=true').expect(200);
    expect(res.body).toMatchObject({
      dry_run: true,
      waits_for_approval: false,
      mandate: null,
      change: { kind: 'payment_method', to_method: 'email_invoice', from_method: 'paper_invoice', effective_on: TEST_TODAY },
      next_invoice: { date: '2026-12-01', payment_method: 'email_invoice' },
    });
    expect(res.body.before.invoices[0].payment_method).toBe('paper_invoice');
    expect(res.body.after.invoices[0].payment_method).toBe('email_invoice');
    expect(await tableDigest(env.db)).toBe(before);
  });

  test('the change takes effect today: the customer’s method, the next invoice the run issues; issued invoices keep theirs', async () => {
    const c = await customer();
    const res = await change({ customer_id: c.id, to_method: 'email_invoice' }).expect(201);
    expect(res.body).toMatchObject({
      kind: 'payment_method',
      to_method: 'email_invoice',
      from_method: 'paper_invoice',
      applied_on: TEST_TODAY,
    });
    expect((await env.db('customers').where({ id: c.id }).first())!.payment_method).toBe('email_invoice');
    await issueDueInvoices(env.db, c.id, '2026-12-01');
    const invoices = await env.db('invoices').where({ customer_id: c.id }).orderBy('issued_on');
    expect(invoices.map((i) => [i.issued_on, i.payment_method])).toEqual([
      ['2026-10-01', 'paper_invoice'],
      ['2026-11-01', 'paper_invoice'],
      ['2026-12-01', 'email_invoice'],
    ]);
    const audits = await env.db('audit_events').where({ customer_id: c.id, request_id: res.headers['x-request-id'] });
    expect(audits.map((a) => `${a.action} ${a.entity}`).sort()).toEqual(['create billing_changes', 'update customers']);
  });

  test('e-mail invoice needs an e-mail on record: a field error, nothing changed', async () => {
    const c = await customer({ email: null });
    const before = await tableDigest(env.db);
    const res = await change({ customer_id: c.id, to_method: 'email_invoice' }).expect(400);
    expect(res.body.errors.to_method).toMatch(/e-postadress/);
    expect(await tableDigest(env.db)).toBe(before);
  });

  test('the method the customer already has is a 409', async () => {
    const c = await customer();
    const res = await change({ customer_id: c.id, to_method: 'paper_invoice' }).expect(409);
    expect(res.body.errors.to_method).toMatch(/redan pappersfaktura/);
  });

  test.each([
    ['an unknown method', { to_method: 'cash' }, 'to_method'],
    ['bank details without autogiro', { to_method: 'email_invoice', account_number: '1234567' }, 'account_number'],
    ['an unknown field', { to_method: 'email_invoice', iban: 'SE12' }, 'iban'],
    ['no customer', { customer_id: undefined, to_method: 'email_invoice' }, 'customer_id'],
    ['an unknown customer', { customer_id: 999999, to_method: 'email_invoice' }, 'customer_id'],
  ])('%s is a 400 naming the field', async (_what, body, field) => {
    const c = await customer();
    const res = await change({ customer_id: c.id, ...body }).expect(400);
    expect(res.body.errors).toHaveProperty(field);
  });

  test('editing payment_method on the customer is refused with a pointer to Byt betalsätt; sent back unchanged it is fine', async () => {
    const c = await customer();
    const { body: record } = await as.agent.get(`/api/customers/${c.id}`).expect(200);
    const refused = await as.agent
      .put(`/api/customers/${c.id}`)
      .send({ ...record, payment_method: 'autogiro' })
      .expect(400);
    expect(refused.body.message).toMatch(/Byt betalsätt/);
    expect(refused.body.errors).toHaveProperty('payment_method');
    await as.agent
      .put(`/api/customers/${c.id}`)
      .send({ ...record, city: 'Malmö' })
      .expect(200);
  });

  test('a new customer cannot start on autogiro (no mandate yet)', async () => {
    const res = await as.agent
      .post('/api/customers')
      .send({
        personnummer: makePersonnummer('1985-03-12', 777),
        first_name: 'Ny',
        last_name: 'Kund',
        street: 'Gatan 1',
        postal_code: '123 45',
        city: 'Umeå',
        payment_method: 'autogiro',
      })
      .expect(400);
    expect(res.body.errors).toHaveProperty('payment_method');
  });
});

describe('autogiro', () => {
  test.each([
    ['a clearing number of three digits', { clearing_number: '832', account_number: '9141234567' }, 'clearing_number'],
    ['five digits not from Swedbank', { clearing_number: '60001', account_number: '9141234567' }, 'clearing_number'],
    ['letters in the account', { clearing_number: '8327-9', account_number: '91412A4567' }, 'account_number'],
    ['no account number', { clearing_number: '8327-9' }, 'account_number'],
    ['no clearing number', { account_number: '9141234567' }, 'clearing_number'],
  ])('%s is a field error', async (_what, details, field) => {
    const c = await customer();
    const res = await change({ customer_id: c.id, to_method: 'autogiro', ...details }, '?dry_run=true').expect(400);
    expect(res.body.errors).toHaveProperty(field);
  });

  test('the dry run: autogiro waits for a supervisor’s approval, nothing changes before; the agent sees the account masked', async () => {
    const c = await customer();
    const res = await change(
      { customer_id: c.id, to_method: 'autogiro', clearing_number: '8327 9', account_number: '914 123 456-7' },
      '?dry_run=true',
    ).expect(200);
    expect(res.body).toMatchObject({
      waits_for_approval: true,
      next_invoice: null,
      mandate: { clearing_number: '83279', account_number: '****4567' },
    });
    expect(res.body.after).toEqual(res.body.before);
  });

  test('requested → the method stays until a supervisor approves; then autogiro holds from that day, invoices before keep theirs', async () => {
    const c = await customer();
    const res = await change({ customer_id: c.id, to_method: 'autogiro', clearing_number: '8327-9', account_number: '9141234567' }).expect(
      201,
    );
    expect(res.body).toMatchObject({ to_method: 'autogiro', applied_on: null, from_method: null });
    expect(res.body.mandate).toMatchObject({ status: 'requested', account_number: '****4567', clearing_number: '83279' });
    expect((await env.db('customers').where({ id: c.id }).first())!.payment_method).toBe('paper_invoice');

    // Agents see it masked, supervisors whole; agents may not decide.
    const mandateId = res.body.mandate.id;
    expect((await as.agent.get(`/api/autogiro_mandates/${mandateId}`).expect(200)).body.account_number).toBe('****4567');
    const { body: mandate } = await as.supervisor.get(`/api/autogiro_mandates/${mandateId}`).expect(200);
    expect(mandate.account_number).toBe('9141234567');
    await as.agent.put(`/api/autogiro_mandates/${mandateId}`).send({ status: 'approved', version: mandate.version }).expect(403);

    const pending = await as.agent.get('/api/billing_changes').query({ filter: JSON.stringify({ customer_id: c.id, pending: true }) });
    expect(pending.body.map((b: { kind: string }) => b.kind)).toEqual(['payment_method']);

    // The supervisor approves, sending the whole record back as react-admin does.
    const approved = await as.supervisor
      .put(`/api/autogiro_mandates/${mandateId}`)
      .send({ ...mandate, status: 'approved' })
      .expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decided_on: TEST_TODAY,
      decided_by: 'supervisor',
      version: mandate.version + 1,
    });
    expect((await env.db('customers').where({ id: c.id }).first())!.payment_method).toBe('autogiro');
    const applied = await env.db('billing_changes').where({ id: res.body.id }).first();
    expect(applied).toMatchObject({ applied_on: TEST_TODAY, effective_on: TEST_TODAY, from_method: 'paper_invoice' });

    await issueDueInvoices(env.db, c.id, '2026-12-01');
    const methods = (await env.db('invoices').where({ customer_id: c.id }).orderBy('issued_on')).map((i) => i.payment_method);
    expect(methods).toEqual(['paper_invoice', 'paper_invoice', 'autogiro']);

    // Decided once: a second decision is a 409.
    await as.supervisor
      .put(`/api/autogiro_mandates/${mandateId}`)
      .send({ status: 'rejected', reason: 'x', version: approved.body.version })
      .expect(409);
  });

  test('rejected: the method stays, the change is closed, and the mandate says why', async () => {
    const c = await customer({ method: 'email_invoice' });
    const res = await change({ customer_id: c.id, to_method: 'autogiro', clearing_number: '6000', account_number: '123456789' }).expect(
      201,
    );
    const id = res.body.mandate.id;
    const noReason = await as.supervisor.put(`/api/autogiro_mandates/${id}`).send({ status: 'rejected', version: 1 }).expect(400);
    expect(noReason.body.errors).toHaveProperty('reason');
    const rejected = await as.supervisor
      .put(`/api/autogiro_mandates/${id}`)
      .send({ status: 'rejected', reason: 'Kontot tillhör inte kunden', version: 1 })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Kontot tillhör inte kunden' });
    expect((await env.db('customers').where({ id: c.id }).first())!.payment_method).toBe('email_invoice');
    expect(await env.db('billing_changes').where({ id: res.body.id }).first()).toMatchObject({
      applied_on: null,
      cancelled_on: TEST_TODAY,
    });
    // A new request is possible again.
    await change({ customer_id: c.id, to_method: 'autogiro', clearing_number: '6000', account_number: '987654321' }).expect(201);
  });

  test('a second open mandate is a 409, also when twenty requests race', async () => {
    const c = await customer();
    const body = { customer_id: c.id, to_method: 'autogiro', clearing_number: '8327-9', account_number: '9141234567' };
    const results = await Promise.all(Array.from({ length: 20 }, () => change(body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await env.db('autogiro_mandates').where({ customer_id: c.id, status: 'requested' })).toHaveLength(1);
    // While it waits, another method is refused too (cancel the autogiro request first).
    const other = await change({ customer_id: c.id, to_method: 'email_invoice' }).expect(409);
    expect(other.body.message).toMatch(/väntar redan/);
  });

  test('the mandates list filters by customer and status; the queue is the supervisors’', async () => {
    const c = await customer();
    await change({ customer_id: c.id, to_method: 'autogiro', clearing_number: '8327-9', account_number: '9141234567' }).expect(201);
    const res = await as.supervisor
      .get('/api/autogiro_mandates')
      .query({ filter: JSON.stringify({ customer_id: c.id, status: 'requested' }) })
      .expect(200);
    expect(res.body).toHaveLength(1);
    expect(res.headers['content-range']).toMatch(/^autogiro_mandates 0-0\/1$/);
    await as.agent
      .get('/api/autogiro_mandates')
      .query({ filter: JSON.stringify({ status: 'nope' }) })
      .expect(400);
  });

  test('leaving autogiro cancels the approved mandate', async () => {
    const c = await customer();
    const res = await change({ customer_id: c.id, to_method: 'autogiro', clearing_number: '8327-9', account_number: '9141234567' }).expect(
      201,
    );
    await as.supervisor.put(`/api/autogiro_mandates/${res.body.mandate.id}`).send({ status: 'approved', version: 1 }).expect(200);
    await change({ customer_id: c.id, to_method: 'paper_invoice' }).expect(201);
    expect(await env.db('autogiro_mandates').where({ id: res.body.mandate.id }).first()).toMatchObject({ status: 'cancelled' });
  });
});

describe('DELETE /api/billing_changes/:id cancels a change that has not taken effect', () => {
  test('a pending interval switch: cancelled and audited; the schedule is as before; a second DELETE is a 409', async () => {
    const c = await customer();
    const { body: schedule } = await as.agent.get(`/api/customers/${c.id}/invoice-schedule`).expect(200);
    const { body: switched } = await as.agent
      .post('/api/billing_changes')
      .send({ kind: 'invoice_interval', customer_id: c.id, to_interval: 'annual' })
      .expect(201);
    const res = await as.agent.delete(`/api/billing_changes/${switched.id}`).expect(200);
    expect(res.body).toMatchObject({ id: switched.id, cancelled_on: TEST_TODAY, cancelled_by: 'agent', applied_on: null });
    expect((await as.agent.get(`/api/customers/${c.id}/invoice-schedule`).expect(200)).body).toEqual(schedule);
    const audit = await env.db('audit_events').where({ entity: 'billing_changes', entity_id: String(switched.id), action: 'cancel' });
    expect(audit).toHaveLength(1);
    await as.agent.delete(`/api/billing_changes/${switched.id}`).expect(409);
    // The daily job does not apply a cancelled switch.
    await applyDueIntervalChanges(env.db, '2026-12-01');
    expect((await env.db('customers').where({ id: c.id }).first())!.invoice_interval).toBe('monthly');
  });

  test('a pending autogiro request: the change and its mandate are cancelled', async () => {
    const c = await customer();
    const { body } = await change({
      customer_id: c.id,
      to_method: 'autogiro',
      clearing_number: '8327-9',
      account_number: '9141234567',
    }).expect(201);
    await as.agent.delete(`/api/billing_changes/${body.id}`).expect(200);
    expect(await env.db('autogiro_mandates').where({ id: body.mandate.id }).first()).toMatchObject({ status: 'cancelled' });
    await as.supervisor.put(`/api/autogiro_mandates/${body.mandate.id}`).send({ status: 'approved', version: 2 }).expect(409);
  });

  test('a change in effect is a 409 and stays as it is', async () => {
    const c = await customer();
    const { body } = await change({ customer_id: c.id, to_method: 'email_invoice' }).expect(201);
    const res = await as.agent.delete(`/api/billing_changes/${body.id}`).expect(409);
    expect(res.body.message).toMatch(/gäller redan/);
    expect(await env.db('billing_changes').where({ id: body.id }).first()).toMatchObject({ cancelled_on: null });
    await as.agent.delete('/api/billing_changes/999999').expect(404);
  });
});
