import fs from 'node:fs';
import path from 'node:path';
import { buildBgmax, type BgmaxBuildInput, type BgmaxBuildPayment, encodeLatin1 } from '../../server/src/domain/bgmax';
import { makePersonnummer } from '../../server/src/domain/personnummer';
import { stockholmDayStartUtc } from '../../server/src/domain/calendarDate';
import { createCustomer } from '../../server/src/services/customers';
import { issueDueInvoices } from '../../server/src/services/invoicing';
import { startTestEnv, type TestEnv, tableDigest, TEST_TODAY } from '../support/testApp';

/** Payments from Bankgirot: BgMax files booked whole or not at all, matched by OCR; the unmatched queue and its assignment. */
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

/** Every table (payments and payment files included): a refused file booked nothing. */
const moneyDigest = () => tableDigest(env.db);

let serial = 700;
/** A customer with ID-Larm Prio since 1 September: three unpaid invoices of 149 kr (September–November). */
async function customerWithInvoices() {
  serial += 1;
  const c = await createCustomer(env.ctx('fixture'), {
    personnummer: makePersonnummer('1970-02-02', serial),
    first_name: 'Inbetal',
    // Letters only: the customer search reads digits as a number, not a name.
    last_name: `Ningsson${[...String(serial)].map((d) => 'abcdefghij'[Number(d)]).join('')}`,
    street: 'Girovägen 3',
    postal_code: '333 44',
    city: 'Växjö',
    phone: null,
    email: null,
    invoice_interval: 'monthly',
    payment_method: 'paper_invoice',
  });
  const product = await env.db('products').where({ code: 'IDLARM_PRIO' }).first();
  const created_at = new Date(Date.parse(stockholmDayStartUtc('2026-09-01')) + 10 * 3_600_000).toISOString();
  await env.db('subscriptions').insert({
    customer_id: c.id,
    product_id: product!.id,
    signed_on: '2026-09-01',
    binding_months: 0,
    binding_ends_on: '2026-09-01',
    with_stickers: false,
    status: 'active',
    version: 1,
    created_at,
    updated_at: created_at,
  });
  await issueDueInvoices(env.db, c.id, TEST_TODAY);
  const invoices = await env.db('invoices').where({ customer_id: c.id }).orderBy('issued_on');
  return { customer: c, invoices };
}

let stamp = 0;
/** A BgMax file of the payments (one deposit on 24 November), each with its own timestamp so that no two are the same file. */
function file(payments: BgmaxBuildPayment[], extra: Partial<BgmaxBuildInput> = {}): Buffer {
  stamp += 1;
  const text = buildBgmax({
    timestamp: `2026-11-25T08:00:${String(stamp % 60).padStart(2, '0')}.${String(stamp).padStart(6, '0')}`,
    sections: [{ bankgiro: '56781234', payment_date: '2026-11-24', payments }],
    ...extra,
  });
  return Buffer.from(encodeLatin1(text));
}

const upload = (bytes: Buffer | string, contentType = 'text/plain', query = '') =>
  as.supervisor.post(`/api/payment_files${query}`).set('Content-Type', contentType).send(bytes);

describe('POST /api/payment_files', () => {
  test('the sample file seeds/bgmax-demo.txt pays the seeded payment-demo invoices as the README says', async () => {
    const bytes = fs.readFileSync(path.join(__dirname, '..', '..', 'seeds', 'bgmax-demo.txt'));
    const res = await upload(bytes, 'text/plain; charset=iso-8859-1', '?filename=bgmax-demo.txt').expect(201);
    expect(res.body).toMatchObject({
      payments: 4,
      matched: 3,
      unmatched: 2,
      matched_ore: 14900 + 10000 + 14900,
      unmatched_ore: 5100 + 9900,
    });
    const karin = await env.db('invoices').whereIn('invoice_number', ['500003', '500004', '500005']).orderBy('invoice_number');
    expect(karin.map((i) => [i.invoice_number, i.status, i.open_ore])).toEqual([
      ['500003', 'paid', 0],
      ['500004', 'unpaid', 4900],
      ['500005', 'paid', 0],
    ]);
    const unknown = await env.db('payments').where({ payment_file_id: res.body.id, customer_id: null }).first();
    expect(unknown).toMatchObject({ payer_name: 'Örjan Åkesson', amount_ore: 9900, status: 'unmatched' });
  });

  test('books full, partial and overpaid payments and keeps unknown references, all in one go', async () => {
    const { customer, invoices } = await customerWithInvoices();
    const [sep, oct, nov] = invoices;
    const bytes = file([
      { reference: sep.ocr, amount_ore: 14900 }, // in full
      { reference: oct.ocr, amount_ore: 10000 }, // in part
      { reference: nov.ocr, amount_ore: 20000 }, // 51 kr too much
      { reference: `Faktnr ${nov.invoice_number}`, reference_code: '3', amount_ore: 5000, payer_name: 'Örjan Åkesson' }, // not an OCR
    ]);
    const res = await upload(bytes, 'text/plain; charset=iso-8859-1', '?filename=bgmax-2026-11-24.txt').expect(201);
    expect(res.body).toMatchObject({
      payments: 4,
      matched: 3,
      unmatched: 2,
      amount_ore: 14900 + 10000 + 20000 + 5000,
      matched_ore: 14900 + 10000 + 14900,
      unmatched_ore: 5100 + 5000,
      filename: 'bgmax-2026-11-24.txt',
      uploaded_by: 'supervisor',
    });
    const after = await env.db('invoices').whereIn('id', [sep.id, oct.id, nov.id]).orderBy('issued_on');
    expect(after.map((i) => [i.status, i.open_ore, i.paid_ore, i.paid_on])).toEqual([
      ['paid', 0, 14900, '2026-11-24'],
      ['unpaid', 4900, 10000, null],
      ['paid', 0, 14900, '2026-11-24'],
    ]);
    // open = total − paid − credited, on every invoice the file touched.
    for (const i of after) expect(i.open_ore).toBe(i.total_ore - i.paid_ore - i.credited_ore);

    const payments = await env.db('payments').where({ payment_file_id: res.body.id }).orderBy('id');
    expect(payments.map((p) => [p.status, p.invoice_id, p.customer_id, p.amount_ore, p.payer_name])).toEqual([
      ['matched', sep.id, customer.id, 14900, null],
      ['matched', oct.id, customer.id, 10000, null],
      ['matched', nov.id, customer.id, 14900, null],
      ['unmatched', null, customer.id, 5100, null],
      ['unmatched', null, null, 5000, 'Örjan Åkesson'],
    ]);
    // The customer's history says, in words, that payments were booked.
    const history = await as.agent
      .get('/api/audit_events')
      .query({ filter: JSON.stringify({ customer_id: customer.id }), sort: '["id","ASC"]', range: '[0,99]' })
      .expect(200);
    const booked = history.body.filter((e: { action: string; entity: string }) => e.entity === 'payments' && e.action === 'book');
    expect(booked).toHaveLength(3);
    expect(booked[0].changes).toMatchObject({ amount_ore: { after: 14900 }, invoice_number: { after: sep.invoice_number } });
  });

  test('a UTF-8 file reads the same as ISO-8859-1', async () => {
    const { invoices } = await customerWithInvoices();
    const text = buildBgmax({
      timestamp: '2026-11-25T09:00:00',
      sections: [
        {
          bankgiro: '56781234',
          payment_date: '2026-11-24',
          payments: [
            { reference: 'Gåva', reference_code: '3', amount_ore: 100, payer_name: 'Åsa' },
            { reference: invoices[0].ocr, amount_ore: 14900 },
          ],
        },
      ],
    });
    const res = await upload(Buffer.from(text, 'utf8')).expect(201);
    expect(res.body).toMatchObject({ payments: 2, matched: 1, unmatched: 1 });
    expect((await env.db('payments').where({ payment_file_id: res.body.id, status: 'unmatched' }).first())!.payer_name).toBe('Åsa');
  });

  test('the same file twice is a 409 that books nothing', async () => {
    const { invoices } = await customerWithInvoices();
    const bytes = file([{ reference: invoices[0].ocr, amount_ore: 14900 }]);
    await upload(bytes).expect(201);
    const before = await moneyDigest();
    const res = await upload(bytes).expect(409);
    expect(res.body.errors.file).toMatch(/redan inläst/);
    expect(await moneyDigest()).toBe(before);
  });

  test('the same file twice at the same moment: one 201, one 409', async () => {
    const { invoices } = await customerWithInvoices();
    const bytes = file([{ reference: invoices[1].ocr, amount_ore: 14900 }]);
    const statuses = (await Promise.all([upload(bytes), upload(bytes)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
    expect((await env.db('invoices').where({ id: invoices[1].id }).first())!.paid_ore).toBe(14900);
  });

  test.each([
    [
      'a wrong sum in the deposit',
      (t: string) => t.replace(/^(15.{48})(\d{18})/m, (_m, a, sum) => a + String(Number(sum) + 1).padStart(18, '0')),
      /Rad 4/,
    ],
    ['an unknown record kind', (t: string) => t.replace(/^20/m, '99'), /Rad 3: okänd posttyp "99"/],
    ['a short payment record', (t: string) => t.replace(/^(20.{30}).*$/m, '$1'), /Rad 3: posten är för kort/],
    ['a wrong count in the end record', (t: string) => t.replace(/^70(\d{8})/m, '7000000009'), /Rad 5/],
  ])('a malformed file (%s) is a 400 naming the line, and books nothing', async (_what, corrupt, message) => {
    const { invoices } = await customerWithInvoices();
    const text = buildBgmax({
      timestamp: '2026-11-25T10:00:00',
      sections: [{ bankgiro: '56781234', payment_date: '2026-11-24', payments: [{ reference: invoices[0].ocr, amount_ore: 14900 }] }],
    });
    const before = await moneyDigest();
    const res = await upload(Buffer.from(encodeLatin1(corrupt(text)))).expect(400);
    expect(res.body.errors.file).toMatch(message);
    expect(res.body.message).toMatch(/kunde inte läsas/);
    expect(await moneyDigest()).toBe(before);
  });

  test.each([
    ['an empty body', Buffer.alloc(0), 'text/plain', 400],
    ['JSON instead of the file', JSON.stringify({ file: 'x' }), 'application/json', 400],
    ['a test file from Bankgirot', file([{ reference: '50000181', amount_ore: 100 }], { test: true }), 'text/plain', 400],
    ['a file larger than 5 MB', Buffer.alloc(5 * 1024 * 1024 + 10, 0x41), 'text/plain', 413],
  ])('%s is refused with a field error on the file', async (_what, body, type, status) => {
    const before = await moneyDigest();
    const res = await upload(body as Buffer, type).expect(status);
    expect(res.body.errors).toHaveProperty('file');
    expect(await moneyDigest()).toBe(before);
  });

  test('agents may not upload; anonymous callers are asked to log in, before any file is read', async () => {
    await as.agent.post('/api/payment_files').set('Content-Type', 'text/plain').send('01BGMAX').expect(403);
    await env.anonymous().post('/api/payment_files').set('Content-Type', 'text/plain').send('01BGMAX').expect(401);
  });

  test('a deduction (BgMax 21) on a known invoice stays unmatched and reopens nothing', async () => {
    const { invoices } = await customerWithInvoices();
    const res = await upload(
      file([
        { reference: invoices[0].ocr, amount_ore: 14900 },
        { reference: invoices[0].ocr, amount_ore: -14900 },
      ]),
    ).expect(201);
    expect(res.body).toMatchObject({ payments: 2, matched: 1, unmatched: 1, amount_ore: 0 });
    expect((await env.db('invoices').where({ id: invoices[0].id }).first())!.status).toBe('paid');
  });

  test('the file history is the supervisors’, newest first', async () => {
    const res = await as.supervisor.get('/api/payment_files').expect(200);
    expect(res.body.length).toBeGreaterThan(1);
    expect(res.body[0].id).toBeGreaterThan(res.body[1].id);
    await as.agent.get('/api/payment_files').expect(403);
  });
});

describe('payments and the unmatched queue', () => {
  test('agents read the payments of an invoice and of a customer; filters are whitelisted', async () => {
    const { customer, invoices } = await customerWithInvoices();
    await upload(file([{ reference: invoices[0].ocr, amount_ore: 14900 }])).expect(201);
    const byInvoice = await as.agent
      .get('/api/payments')
      .query({ filter: JSON.stringify({ invoice_id: invoices[0].id }) })
      .expect(200);
    expect(byInvoice.body).toHaveLength(1);
    const byCustomer = await as.agent
      .get('/api/payments')
      .query({ filter: JSON.stringify({ customer_id: customer.id, status: 'matched' }) })
      .expect(200);
    expect(byCustomer.body).toHaveLength(1);
    const { body: invoice } = await as.agent.get(`/api/invoices/${invoices[0].id}`).expect(200);
    expect(invoice.payments.map((p: { amount_ore: number }) => p.amount_ore)).toEqual([14900]);
    await as.agent
      .get('/api/payments')
      .query({ filter: JSON.stringify({ payer_name: 'x' }) })
      .expect(400);
  });

  test('a supervisor assigns an unmatched payment: booked like a match, the rest stays in the queue as a new payment', async () => {
    const { customer, invoices } = await customerWithInvoices();
    // 200 kr without a usable reference.
    const res = await upload(
      file([{ reference: 'Betalning', reference_code: '3', amount_ore: 20000, payer_name: 'Inbetal Ningsson' }]),
    ).expect(201);
    const [payment] = await env.db('payments').where({ payment_file_id: res.body.id });
    expect(payment.status).toBe('unmatched');
    await as.agent.put(`/api/payments/${payment.id}`).send({ invoice_id: invoices[2].id, version: 1 }).expect(403);

    const { body: record } = await as.supervisor.get(`/api/payments/${payment.id}`).expect(200);
    const assigned = await as.supervisor
      .put(`/api/payments/${payment.id}`)
      .send({ ...record, invoice_id: invoices[2].id })
      .expect(200);
    expect(assigned.body).toMatchObject({
      status: 'matched',
      invoice_id: invoices[2].id,
      customer_id: customer.id,
      amount_ore: 14900,
      assigned_by: 'supervisor',
      version: 2,
    });
    expect(assigned.body.remainder).toMatchObject({
      status: 'unmatched',
      amount_ore: 5100,
      customer_id: customer.id,
      payer_name: 'Inbetal Ningsson',
    });
    expect(await env.db('invoices').where({ id: invoices[2].id }).first()).toMatchObject({
      status: 'paid',
      open_ore: 0,
      paid_ore: 14900,
      paid_on: '2026-11-24',
    });
    // Assigned once: again is a 409; a stale version too.
    await as.supervisor.put(`/api/payments/${payment.id}`).send({ invoice_id: invoices[1].id, version: 2 }).expect(409);
    // The rest goes on the October invoice.
    await as.supervisor.put(`/api/payments/${assigned.body.remainder.id}`).send({ invoice_id: invoices[1].id, version: 1 }).expect(200);
    expect((await env.db('invoices').where({ id: invoices[1].id }).first())!.open_ore).toBe(14900 - 5100);
  });

  test.each([
    ['an unknown invoice', { invoice_id: 999999 }, 400, 'invoice_id'],
    ['a credit note', 'credit_note', 400, 'invoice_id'],
    ['an invoice with nothing open', 'paid', 409, 'invoice_id'],
    ['a stale version', { version: 7 }, 409, undefined],
    ['a changed amount sent back', { amount_ore: 1 }, 400, 'amount_ore'],
  ])('assigning to %s is refused and changes nothing', async (_what, patch, status, field) => {
    const { invoices } = await customerWithInvoices();
    const res = await upload(file([{ reference: 'Okänd', reference_code: '3', amount_ore: 3000 }])).expect(201);
    const [payment] = await env.db('payments').where({ payment_file_id: res.body.id });
    let body: Record<string, unknown> = { invoice_id: invoices[0].id, version: 1 };
    if (patch === 'paid') {
      await upload(file([{ reference: invoices[0].ocr, amount_ore: 14900 }])).expect(201);
    } else if (patch === 'credit_note') {
      const [{ id }] = await env
        .db('invoices')
        .insert({ ...invoices[0], id: undefined, kind: 'credit_note', invoice_number: `K${serial}`, ocr: `K${serial}`, period_start: null })
        .returning('id');
      body.invoice_id = Number(id);
    } else body = { ...body, ...(patch as Record<string, unknown>) };
    const before = await moneyDigest();
    const refused = await as.supervisor.put(`/api/payments/${payment.id}`).send(body).expect(status);
    if (field) expect(refused.body.errors).toHaveProperty(field);
    expect(await moneyDigest()).toBe(before);
  });

  test('the invoice search finds an invoice by number, by OCR and by the customer’s name', async () => {
    const { customer, invoices } = await customerWithInvoices();
    const search = (q: string) =>
      as.supervisor
        .get('/api/invoices')
        .query({ filter: JSON.stringify({ q, kind: 'invoice' }), range: '[0,49]' })
        .expect(200);
    expect((await search(invoices[0].invoice_number)).body.map((i: { id: number }) => i.id)).toEqual([invoices[0].id]);
    expect((await search(invoices[1].ocr)).body.map((i: { id: number }) => i.id)).toEqual([invoices[1].id]);
    const byName = (await search(`Inbetal ${customer.last_name}`)).body.map((i: { id: number }) => i.id).sort();
    expect(byName).toEqual(invoices.map((i) => i.id).sort());
  });
});

describe('a withdrawal settles the money', () => {
  test('unpaid lines are credited and what was paid is refunded, as the preview said, in one transaction', async () => {
    serial += 1;
    const c = await createCustomer(env.ctx('fixture'), {
      personnummer: makePersonnummer('1991-01-01', serial),
      first_name: 'Ånger',
      last_name: 'Rättsson',
      street: 'Ångervägen 1',
      postal_code: '444 55',
      city: 'Borås',
      phone: null,
      email: null,
      invoice_interval: 'monthly',
      payment_method: 'paper_invoice',
    });
    const { body: sub } = await as.agent
      .post('/api/subscriptions')
      .send({ customer_id: c.id, product_id: 1, signed_on: '2026-11-20', binding_months: 0, with_stickers: false })
      .expect(201);
    // The run on 1 December (the sale is backdated into the past for the test): 20–30 Nov and December.
    await env
      .db('subscriptions')
      .where({ id: sub.id })
      .update({ created_at: new Date(Date.parse(stockholmDayStartUtc('2026-11-20')) + 36e6).toISOString() });
    await issueDueInvoices(env.db, c.id, '2026-12-01');
    const [invoice] = await env.db('invoices').where({ customer_id: c.id });
    expect(invoice.total_ore).toBe(5463 + 14900);
    // Half of it paid.
    await upload(file([{ reference: invoice.ocr, amount_ore: 10000 }])).expect(201);
    const { body: terms } = await as.agent
      .get(`/api/subscriptions/${sub.id}/cancellation-terms`)
      .query({ requested_on: TEST_TODAY })
      .expect(200);
    expect(terms).toMatchObject({ kind: 'withdrawal', refund_ore: 10000 });
    const res = await as.agent
      .post('/api/cancellations')
      .send({ subscription_id: sub.id, requested_on: TEST_TODAY, channel: 'phone', reason: 'dissatisfied' })
      .expect(201);
    expect(res.body.refund_ore).toBe(terms.refund_ore);
    const notes = await env.db('invoices').where({ customer_id: c.id, kind: 'credit_note' }).orderBy('id');
    expect(notes.map((n) => [n.total_ore, n.credits_invoice_id])).toEqual([
      [-(invoice.total_ore - 10000), invoice.id],
      [-10000, invoice.id],
    ]);
    expect(await env.db('invoices').where({ id: invoice.id }).first()).toMatchObject({
      status: 'credited',
      open_ore: 0,
      paid_ore: 10000,
      credited_ore: invoice.total_ore - 10000,
    });
  });
});
