import { TEST_TODAY, tableDigest, useTestEnv } from '../support/testApp';
import { addDays } from '../../server/src/domain/calendarDate';
import { completeEndedCancellations } from '../../server/src/services/cancellations';
import { DAILY_JOBS } from '../../server/src/jobs/schedule';

const env = useTestEnv();

const q = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));

interface Sub {
  id: number;
  customer_id: number;
  signed_on: string;
  binding_months: number;
  binding_ends_on: string;
  status: string;
}

/** A subscription created through the API for one test, so that tests do not share state. */
async function sale(signed_on: string, binding_months = 12): Promise<Sub> {
  const agent = await env.as('agent');
  const res = await agent
    .post('/api/subscriptions')
    .send({ customer_id: 3, product_id: 1, signed_on, binding_months, with_stickers: false })
    .expect(201);
  return res.body;
}

/** A paid invoice with one line for the subscription, to make a refund. */
async function paidInvoice(subscriptionId: number, amount: number, status: 'paid' | 'unpaid' = 'paid') {
  const n = String(900000 + Math.floor(Math.random() * 99999));
  const [{ id }] = await env
    .db('invoices')
    .insert({
      customer_id: 3,
      invoice_number: n,
      ocr: `${n}9`,
      kind: 'invoice',
      issued_on: TEST_TODAY,
      due_on: addDays(TEST_TODAY, 30),
      total_ore: amount,
      vat_ore: amount / 5,
      open_ore: status === 'paid' ? 0 : amount,
      paid_ore: status === 'paid' ? amount : 0,
      status,
      payment_method: 'paper_invoice',
      created_at: new Date().toISOString(),
    })
    .returning('id');
  await env.db('invoice_lines').insert({
    invoice_id: Number(id),
    subscription_id: subscriptionId,
    kind: 'service',
    description: 'test',
    amount_ore: amount,
    vat_ore: amount / 5,
  });
}

const cancel = (subscription_id: number, requested_on = TEST_TODAY, extra: Record<string, unknown> = {}) => ({
  subscription_id,
  requested_on,
  channel: 'phone',
  reason: 'price',
  ...extra,
});

describe('POST /api/subscriptions: a sale by phone', () => {
  test('creates an active subscription with its binding end computed and audited', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .post('/api/subscriptions')
      .send({ customer_id: 3, product_id: 1, signed_on: '2026-08-31', binding_months: 6, with_stickers: true })
      .expect(201);
    expect(res.body).toMatchObject({ customer_id: 3, status: 'active', binding_ends_on: '2027-02-28', with_stickers: true, ends_on: null });
    const event = await env
      .db('audit_events')
      .where({ entity: 'subscriptions', entity_id: String(res.body.id), action: 'create' })
      .first();
    expect(event).toMatchObject({ actor: 'agent', customer_id: 3 });
  });

  test.each([
    ['signed in the future', { signed_on: addDays(TEST_TODAY, 1) }, 'signed_on'],
    ['binding over 36 months', { binding_months: 37 }, 'binding_months'],
    ['negative binding', { binding_months: -1 }, 'binding_months'],
    ['an unknown product', { product_id: 999 }, 'product_id'],
    ['an unknown customer', { customer_id: 999999 }, 'customer_id'],
    ['stickers on a product without them', { product_id: 3, with_stickers: true }, 'with_stickers'],
    ['a malformed date', { signed_on: '2026-02-30' }, 'signed_on'],
    ['an unknown field', { status: 'ended' }, 'status'],
  ])('%s is a 400 naming the field and changes nothing', async (_what, patch, field) => {
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    const res = await agent
      .post('/api/subscriptions')
      .send({ customer_id: 3, product_id: 1, signed_on: '2026-10-01', binding_months: 12, with_stickers: false, ...patch })
      .expect(400);
    expect(res.body.errors).toHaveProperty(field);
    expect(await tableDigest(env.db)).toBe(digest);
  });
});

describe('GET /api/subscriptions/:id/cancellation-terms', () => {
  test('answers the exact preview shape', async () => {
    const sub = await sale('2026-11-14', 0);
    const agent = await env.as('agent');
    const res = await agent.get(`/api/subscriptions/${sub.id}/cancellation-terms`).query({ requested_on: TEST_TODAY }).expect(200);
    expect(res.body).toEqual({
      kind: 'withdrawal',
      requested_on: TEST_TODAY,
      // 14 days after 2026-11-14 is Saturday 28 November: the deadline moves to Monday.
      withdrawal_deadline: '2026-11-30',
      binding_ends_on: '2026-11-14',
      ends_on: TEST_TODAY,
      refund_ore: 0,
    });
    const older = await sale('2025-06-30', 0);
    const notice = await agent.get(`/api/subscriptions/${older.id}/cancellation-terms`).query({ requested_on: TEST_TODAY }).expect(200);
    expect(notice.body).toMatchObject({ kind: 'notice', ends_on: '2027-02-25' });
  });

  test.each([
    ['in the future', () => addDays(TEST_TODAY, 1), 'Får inte vara i framtiden'],
    ['before the contract was signed', () => '2026-11-01', 'Tidigast 2026-11-14, dagen avtalet tecknades'],
  ])('a date %s is refused in the preview itself: 400 with the error on requested_on', async (_what, date, error) => {
    const sub = await sale('2026-11-14', 0);
    const agent = await env.as('agent');
    const res = await agent.get(`/api/subscriptions/${sub.id}/cancellation-terms`).query({ requested_on: date() }).expect(400);
    expect(res.body.errors).toEqual({ requested_on: error });
    // Registering the same date is refused the same way.
    const post = await agent.post('/api/cancellations').send(cancel(sub.id, date())).expect(400);
    expect(post.body.errors).toEqual({ requested_on: error });
  });

  test('a date further back than registering allows is refused in the preview too', async () => {
    const sub = await sale('2025-01-01', 0);
    const agent = await env.as('agent');
    const res = await agent
      .get(`/api/subscriptions/${sub.id}/cancellation-terms`)
      .query({ requested_on: addDays(TEST_TODAY, -31) })
      .expect(400);
    expect(res.body.errors).toEqual({ requested_on: 'Högst 30 dagar bakåt' });
  });

  test('a subscription that already has an open cancellation, or has ended, is refused in the preview: 409', async () => {
    const sub = await sale('2025-01-01', 0);
    const agent = await env.as('agent');
    await agent.post('/api/cancellations').send(cancel(sub.id)).expect(201);
    const res = await agent.get(`/api/subscriptions/${sub.id}/cancellation-terms`).query({ requested_on: TEST_TODAY }).expect(409);
    expect(res.body.errors).toHaveProperty('subscription_id');
  });

  test('without a date it answers for today', async () => {
    const agent = await env.as('agent');
    const res = await agent.get('/api/subscriptions/3/cancellation-terms').expect(200);
    expect(res.body.requested_on).toBe(TEST_TODAY);
  });

  test('the refund of a withdrawal is what was paid on that subscription’s invoices, unpaid ones left out', async () => {
    const sub = await sale(addDays(TEST_TODAY, -3));
    await paidInvoice(sub.id, 14900);
    await paidInvoice(sub.id, 5000);
    await paidInvoice(sub.id, 7000, 'unpaid');
    const agent = await env.as('agent');
    const res = await agent.get(`/api/subscriptions/${sub.id}/cancellation-terms`).query({ requested_on: TEST_TODAY }).expect(200);
    expect(res.body).toMatchObject({ kind: 'withdrawal', refund_ore: 19900 });
  });

  test.each([
    ['a malformed date', { requested_on: '25/11/2026' }, 400],
    ['an impossible date', { requested_on: '2026-02-29' }, 400],
    ['an unknown parameter', { requested_on: TEST_TODAY, foo: '1' }, 400],
  ])('%s is a 400', async (_what, query, status) => {
    const agent = await env.as('agent');
    await agent.get('/api/subscriptions/3/cancellation-terms').query(query).expect(status);
  });

  test('an unknown subscription is a 404', async () => {
    const agent = await env.as('agent');
    await agent.get('/api/subscriptions/999999/cancellation-terms').expect(404);
  });
});

describe('POST /api/cancellations', () => {
  test('a withdrawal stores exactly the preview, refunds everything paid and withdraws the subscription', async () => {
    const sub = await sale(addDays(TEST_TODAY, -5));
    await paidInvoice(sub.id, 14900);
    const agent = await env.as('agent');
    const requested = addDays(TEST_TODAY, -1);
    const { body: preview } = await agent
      .get(`/api/subscriptions/${sub.id}/cancellation-terms`)
      .query({ requested_on: requested })
      .expect(200);
    const res = await agent
      .post('/api/cancellations')
      .send(cancel(sub.id, requested, { reason: 'dissatisfied', reason_note: '  Ångrade sig  ' }))
      .expect(201);
    expect(res.body).toMatchObject({
      ...preview,
      status: 'registered',
      created_by: 'agent',
      reason: 'dissatisfied',
      reason_note: 'Ångrade sig',
      refund_ore: 14900,
    });
    const subscription = await env.db('subscriptions').where({ id: sub.id }).first();
    expect(subscription).toMatchObject({ status: 'withdrawn', ends_on: requested });
    const events = await env.db('audit_events').where({
      request_id: (await env
        .db('audit_events')
        .where({ entity: 'cancellations', entity_id: String(res.body.id) })
        .first())!.request_id,
    });
    // The paid invoice's refund is a credit note of its own, issued in the same transaction.
    expect(events.map((e: { entity: string; action: string }) => `${e.action} ${e.entity}`).sort()).toEqual([
      'create cancellations',
      'create invoices',
      'update subscriptions',
    ]);
  });

  test('a notice stores exactly the preview and gives notice on the subscription', async () => {
    const sub = await sale('2025-03-31', 24);
    const agent = await env.as('agent');
    const requested = addDays(TEST_TODAY, -30);
    const { body: preview } = await agent
      .get(`/api/subscriptions/${sub.id}/cancellation-terms`)
      .query({ requested_on: requested })
      .expect(200);
    expect(preview).toMatchObject({ kind: 'notice', binding_ends_on: '2027-03-31', ends_on: '2027-03-31', refund_ore: 0 });
    const res = await agent.post('/api/cancellations').send(cancel(sub.id, requested)).expect(201);
    for (const field of ['kind', 'requested_on', 'ends_on', 'refund_ore'] as const) expect(res.body[field]).toBe(preview[field]);
    expect(await env.db('subscriptions').where({ id: sub.id }).first()).toMatchObject({ status: 'notice_given', ends_on: '2027-03-31' });
  });

  test('a second open cancellation is a 409 and changes nothing', async () => {
    const sub = await sale('2025-01-01');
    const agent = await env.as('agent');
    await agent.post('/api/cancellations').send(cancel(sub.id)).expect(201);
    const digest = await tableDigest(env.db);
    const res = await agent.post('/api/cancellations').send(cancel(sub.id)).expect(409);
    expect(res.body.errors).toHaveProperty('subscription_id');
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('two racing registrations: one wins, the other is a 409, never a 500', async () => {
    const sub = await sale('2025-01-01');
    const [a, b] = await Promise.all([env.as('agent'), env.as('supervisor')]);
    const results = await Promise.all([
      a.post('/api/cancellations').send(cancel(sub.id)),
      b.post('/api/cancellations').send(cancel(sub.id)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await env.db('cancellations').where({ subscription_id: sub.id })).toHaveLength(1);
  });

  test('the unique index itself refuses a second open cancellation', async () => {
    const sub = await sale('2025-01-01');
    const agent = await env.as('agent');
    const { body } = await agent.post('/api/cancellations').send(cancel(sub.id)).expect(201);
    const { id: _id, ...copy } = (await env.db('cancellations').where({ id: body.id }).first())!;
    await expect(env.db('cancellations').insert(copy)).rejects.toThrow();
  });

  test.each([
    ['ended', "status = 'ended'"],
    ['withdrawn', "status = 'withdrawn'"],
  ])('an %s subscription is a 409 and changes nothing', async (_status, where) => {
    const sub = await env.db('subscriptions').whereRaw(where).first();
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    await agent.post('/api/cancellations').send(cancel(sub!.id)).expect(409);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test.each([
    ['requested in the future', { requested_on: addDays(TEST_TODAY, 1) }, 'requested_on'],
    ['requested more than 30 days back', { requested_on: addDays(TEST_TODAY, -31) }, 'requested_on'],
    ['requested before the contract was signed', { requested_on: addDays(TEST_TODAY, -10) }, 'requested_on'],
    ['a reason outside the list', { reason: 'bored' }, 'reason'],
    ['a missing channel', { channel: undefined }, 'channel'],
    ['an unknown channel', { channel: 'fax' }, 'channel'],
    ['an over-long note', { reason_note: 'x'.repeat(501) }, 'reason_note'],
    ['a malformed date', { requested_on: '2026-11-31' }, 'requested_on'],
    ['an unknown field', { kind: 'withdrawal' }, 'kind'],
    ['a client-chosen end date', { ends_on: '2026-12-01' }, 'ends_on'],
  ])('%s is a 400 naming the field and changes nothing', async (_what, patch, field) => {
    // Signed two days ago, so ten days back is before the contract.
    const sub = await sale(addDays(TEST_TODAY, -2));
    const body = cancel(sub.id, TEST_TODAY, patch);
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    const res = await agent.post('/api/cancellations').send(body).expect(400);
    expect(res.body.errors).toHaveProperty(field);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('an unknown subscription is a 404', async () => {
    const agent = await env.as('agent');
    await agent.post('/api/cancellations').send(cancel(999999)).expect(404);
  });
});

async function registered() {
  const sub = await sale('2025-01-01', 0);
  const agent = await env.as('agent');
  const { body } = await agent.post('/api/cancellations').send(cancel(sub.id)).expect(201);
  return body as { id: number; version: number; subscription_id: number };
}

describe('PUT /api/cancellations/:id: the form lifecycle', () => {
  test('registered → form_sent (agent) → confirmed → completed (supervisor), each dated, signed and audited', async () => {
    const c = await registered();
    const agent = await env.as('agent');
    const supervisor = await env.as('supervisor');
    const sent = await agent.put(`/api/cancellations/${c.id}`).send({ status: 'form_sent', version: c.version }).expect(200);
    expect(sent.body).toMatchObject({ status: 'form_sent', form_sent_on: TEST_TODAY, updated_by: 'agent', version: c.version + 1 });
    const confirmed = await supervisor
      .put(`/api/cancellations/${c.id}`)
      .send({ status: 'confirmed', version: sent.body.version })
      .expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', form_received_on: TEST_TODAY, updated_by: 'supervisor' });
    const completed = await supervisor
      .put(`/api/cancellations/${c.id}`)
      .send({ status: 'completed', version: confirmed.body.version })
      .expect(200);
    expect(completed.body).toMatchObject({ status: 'completed', completed_on: TEST_TODAY });
    const events = await env
      .db('audit_events')
      .where({ entity: 'cancellations', entity_id: String(c.id), action: 'update' })
      .orderBy('id');
    expect(events.map((e: { changes: string }) => JSON.parse(e.changes).status.after)).toEqual(['form_sent', 'confirmed', 'completed']);
    expect(events.map((e: { actor: string }) => e.actor)).toEqual(['agent', 'supervisor', 'supervisor']);
    // Completed before the end date: the subscription runs until the job ends it.
    expect(await env.db('subscriptions').where({ id: c.subscription_id }).first()).toMatchObject({ status: 'notice_given' });
  });

  test.each(['confirmed', 'completed'])('an agent may not mark %s: 403, nothing changes', async (status) => {
    const c = await registered();
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    await agent.put(`/api/cancellations/${c.id}`).send({ status, version: c.version }).expect(403);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('revoking before the end date puts the subscription back to active', async () => {
    const c = await registered();
    const agent = await env.as('agent');
    const res = await agent
      .put(`/api/cancellations/${c.id}`)
      .send({ status: 'revoked', version: c.version, revoke_reason: 'Kunden ångrade sig' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'revoked', revoked_on: TEST_TODAY, updated_by: 'agent', revoke_reason: 'Kunden ångrade sig' });
    const event = await env
      .db('audit_events')
      .where({ entity: 'cancellations', entity_id: String(c.id), action: 'update' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(event!.changes).revoke_reason).toEqual({ before: null, after: 'Kunden ångrade sig' });
    expect(await env.db('subscriptions').where({ id: c.subscription_id }).first()).toMatchObject({ status: 'active', ends_on: null });
    // And a new notice may then be given.
    await agent.post('/api/cancellations').send(cancel(c.subscription_id)).expect(201);
  });

  test('a withdrawal cannot be revoked once its end date has come', async () => {
    const sub = await sale(addDays(TEST_TODAY, -2));
    const agent = await env.as('agent');
    const { body } = await agent.post('/api/cancellations').send(cancel(sub.id)).expect(201);
    await agent
      .put(`/api/cancellations/${body.id}`)
      .send({ status: 'revoked', version: body.version, revoke_reason: 'Ångrade sig' })
      .expect(409);
  });

  test.each([
    ['without a reason', {}],
    ['with an empty reason', { revoke_reason: '   ' }],
    ['with a null reason', { revoke_reason: null }],
  ])('revoking %s is a 400 on revoke_reason and changes nothing', async (_what, extra) => {
    const c = await registered();
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    const res = await agent
      .put(`/api/cancellations/${c.id}`)
      .send({ status: 'revoked', version: c.version, ...extra })
      .expect(400);
    expect(res.body.errors).toEqual({ revoke_reason: 'Ange varför uppsägningen återkallas' });
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('another step with a reason that differs from the stored one is a 400 on revoke_reason', async () => {
    const c = await registered();
    const agent = await env.as('agent');
    const res = await agent
      .put(`/api/cancellations/${c.id}`)
      .send({ status: 'form_sent', version: c.version, revoke_reason: 'Något' })
      .expect(400);
    expect(res.body.errors).toHaveProperty('revoke_reason');
    // The whole record as react-admin sends it (the reason still null) is fine.
    const { body: record } = await agent.get(`/api/cancellations/${c.id}`).expect(200);
    expect(record.revoke_reason).toBeNull();
    await agent
      .put(`/api/cancellations/${c.id}`)
      .send({ ...record, status: 'form_sent' })
      .expect(200);
  });

  test('the database refuses a revoked cancellation without a reason', async () => {
    const c = await registered();
    await expect(env.db('cancellations').where({ id: c.id }).update({ status: 'revoked', revoked_on: TEST_TODAY })).rejects.toThrow();
  });

  test.each([
    ['registered → confirmed', [], 'confirmed'],
    ['registered → completed', [], 'completed'],
    ['registered → registered', [], 'registered'],
    ['form_sent → form_sent', ['form_sent'], 'form_sent'],
    ['revoked → form_sent', ['revoked'], 'form_sent'],
    ['revoked → revoked', ['revoked'], 'revoked'],
    ['completed → revoked', ['form_sent', 'confirmed', 'completed'], 'revoked'],
  ])('%s is a 409 and changes nothing', async (_what, path, to) => {
    const c = await registered();
    const supervisor = await env.as('supervisor');
    let version = c.version;
    const reason = (status: string) => (status === 'revoked' ? { revoke_reason: 'Kunden ångrade sig' } : {});
    for (const status of path)
      version = (
        await supervisor
          .put(`/api/cancellations/${c.id}`)
          .send({ status, version, ...reason(status) })
          .expect(200)
      ).body.version;
    const digest = await tableDigest(env.db);
    const res = await supervisor
      .put(`/api/cancellations/${c.id}`)
      .send({ status: to, version, ...reason(to) })
      .expect(409);
    expect(res.body.errors).toHaveProperty('status');
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('a stale version is a 409 and overwrites nothing', async () => {
    const c = await registered();
    const agent = await env.as('agent');
    await agent.put(`/api/cancellations/${c.id}`).send({ status: 'form_sent', version: c.version }).expect(200);
    const digest = await tableDigest(env.db);
    const res = await agent
      .put(`/api/cancellations/${c.id}`)
      .send({ status: 'revoked', version: c.version, revoke_reason: 'Ångrade sig' })
      .expect(409);
    expect(res.body).toEqual({
      message: 'Uppsägningen har ändrats av någon annan sedan du öppnade den. Ladda om och försök igen.',
      errors: {},
    });
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test.each([
    ['a missing version', { status: 'form_sent' }, 'version'],
    ['an unknown status', { status: 'lost', version: 1 }, 'status'],
    ['another field', { status: 'form_sent', version: 1, ends_on: '2030-01-01' }, 'ends_on'],
  ])('%s is a 400', async (_what, body, field) => {
    const c = await registered();
    const agent = await env.as('agent');
    const res = await agent.put(`/api/cancellations/${c.id}`).send(body).expect(400);
    expect(res.body.errors).toHaveProperty(field);
  });
});

describe('the supervisor queue', () => {
  test('filters by status, sorted by end date, through the (status, ends_on) index', async () => {
    const supervisor = await env.as('supervisor');
    const res = await supervisor
      .get('/api/cancellations')
      .query(q({ filter: { status: 'registered' }, sort: ['ends_on', 'ASC'], range: [0, 24] }))
      .expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const c of res.body) expect(c.status).toBe('registered');
    const ends = res.body.map((c: { ends_on: string }) => c.ends_on);
    expect(ends).toEqual([...ends].sort());
    if (env.db.client.config.client !== 'pg') {
      const plan = await env.db.raw(
        "EXPLAIN QUERY PLAN SELECT * FROM cancellations WHERE status = 'registered' ORDER BY ends_on ASC, id ASC LIMIT 25",
      );
      const detail = plan.map((p: { detail: string }) => p.detail).join(' | ');
      expect(detail).toMatch(/USING INDEX cancellations_status_ends_on_index/);
      expect(detail).not.toMatch(/TEMP B-TREE/);
    }
  });

  test('form_overdue finds the forms sent more than 14 days ago and not returned', async () => {
    const c = await registered();
    const supervisor = await env.as('supervisor');
    await supervisor.put(`/api/cancellations/${c.id}`).send({ status: 'form_sent', version: c.version }).expect(200);
    await env
      .db('cancellations')
      .where({ id: c.id })
      .update({ form_sent_on: addDays(TEST_TODAY, -15) });
    const fresh = await registered();
    await supervisor.put(`/api/cancellations/${fresh.id}`).send({ status: 'form_sent', version: fresh.version }).expect(200);
    await env
      .db('cancellations')
      .where({ id: fresh.id })
      .update({ form_sent_on: addDays(TEST_TODAY, -14) });
    const overdue = await supervisor
      .get('/api/cancellations')
      .query(q({ filter: { form_overdue: true }, range: [0, 499] }))
      .expect(200);
    const ids = overdue.body.map((r: { id: number }) => r.id);
    expect(ids).toContain(c.id);
    expect(ids).not.toContain(fresh.id);
    for (const r of overdue.body) {
      expect(r.form_received_on).toBeNull();
      expect(r.form_sent_on < addDays(TEST_TODAY, -14)).toBe(true);
    }
    const notOverdue = await supervisor
      .get('/api/cancellations')
      .query(q({ filter: { form_overdue: false }, range: [0, 499] }))
      .expect(200);
    expect(notOverdue.body.map((r: { id: number }) => r.id)).toContain(fresh.id);
    expect(notOverdue.body.map((r: { id: number }) => r.id)).not.toContain(c.id);
  });

  test.each([
    ['kind', { kind: 'notice' }, (r: Record<string, unknown>) => r.kind === 'notice'],
    ['reason', { reason: 'price' }, (r: Record<string, unknown>) => r.reason === 'price'],
    ['agent', { created_by: 'agent' }, (r: Record<string, unknown>) => r.created_by === 'agent'],
    ['end month', { ends_month: '2027-02' }, (r: Record<string, unknown>) => String(r.ends_on).startsWith('2027-02')],
    [
      'end range',
      { ends_from: '2027-01-01', ends_to: '2027-01-31' },
      (r: Record<string, unknown>) => String(r.ends_on).startsWith('2027-01'),
    ],
  ])('filter by %s', async (_what, filter, holds) => {
    const supervisor = await env.as('supervisor');
    const res = await supervisor
      .get('/api/cancellations')
      .query(q({ filter, range: [0, 499] }))
      .expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const r of res.body) expect(holds(r)).toBe(true);
  });

  test.each([
    ['a bad month', { ends_month: '2027-13' }],
    ['an unknown reason', { reason: 'bored' }],
    ['a non-boolean overdue', { form_overdue: 'yes' }],
  ])('%s is a 400', async (_what, filter) => {
    const supervisor = await env.as('supervisor');
    await supervisor.get('/api/cancellations').query(q({ filter })).expect(400);
  });

  test('the dashboard figures are for supervisors only', async () => {
    const agent = await env.as('agent');
    await agent.get('/api/cancellations/stats').expect(403);
    const supervisor = await env.as('supervisor');
    const res = await supervisor.get('/api/cancellations/stats').expect(200);
    expect(res.body.today).toBe(TEST_TODAY);
    expect(res.body.weeks).toHaveLength(12);
    expect(res.body.weeks[11].week_start).toBe('2026-11-23');
    const registeredThisWeek = await env.db('cancellations').where('requested_on', '>=', '2026-11-23').count({ c: '*' }).first();
    expect(res.body.weeks[11].withdrawal + res.body.weeks[11].notice).toBe(Number(registeredThisWeek?.c));
    expect(res.body.reasons.length).toBeGreaterThan(0);
    expect(Object.keys(res.body.by_status).sort()).toEqual(['completed', 'confirmed', 'form_sent', 'registered', 'revoked']);
    expect(res.body.overdue_forms).toBeGreaterThanOrEqual(1);
    expect(typeof res.body.ending_this_month).toBe('number');
  });
});

describe('the daily job', () => {
  test('is registered for npm run jobs and the server', () => {
    expect(DAILY_JOBS.map((j) => j.run)).toContain(completeEndedCancellations);
  });

  test('ends subscriptions and completes cancellations whose end date has passed, once', async () => {
    const later = '2027-03-01';
    const dueCancellations = await env
      .db('cancellations')
      .whereIn('status', ['registered', 'form_sent', 'confirmed'])
      .andWhere('ends_on', '<', later);
    const notDue = await env
      .db('cancellations')
      .whereIn('status', ['registered', 'form_sent', 'confirmed'])
      .andWhere('ends_on', '>=', later);
    expect(dueCancellations.length).toBeGreaterThan(0);
    expect(notDue.length).toBeGreaterThan(0);
    const first = await completeEndedCancellations(env.db, later);
    expect(first.cancellations).toBe(dueCancellations.length);
    for (const c of dueCancellations) {
      expect(await env.db('cancellations').where({ id: c.id }).first()).toMatchObject({
        status: 'completed',
        completed_on: later,
        updated_by: 'system',
      });
      const sub = await env.db('subscriptions').where({ id: c.subscription_id }).first();
      expect(['ended', 'withdrawn']).toContain(sub!.status);
    }
    for (const c of notDue) expect((await env.db('cancellations').where({ id: c.id }).first())!.status).toBe(c.status);
    expect(await env.db('subscriptions').where({ status: 'notice_given' }).andWhere('ends_on', '<', later)).toEqual([]);
    const digest = await tableDigest(env.db);
    expect(await completeEndedCancellations(env.db, later)).toEqual({ cancellations: 0, subscriptions: 0 });
    expect(await tableDigest(env.db)).toBe(digest);
  });
});
