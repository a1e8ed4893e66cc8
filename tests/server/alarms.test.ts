import request from 'supertest';
import { createApp } from '../../server/src/app';
import type { Alarm } from '../../server/src/domain/apiTypes';
import { makePersonnummer } from '../../server/src/domain/personnummer';
import { ALARM_TOKEN, SECRET, tableDigest, TEST_TODAY, useTestEnv } from '../support/testApp';

/** Alarms from the monitoring service: its token opens the ingest, routing at arrival, once per alarm; agents read them. */
const env = useTestEnv({ customers: 20 });

const SARA = '198405148019';
const ELSA = '201103088025';
const bearer = `Bearer ${ALARM_TOKEN}`;

const report = (patch: Record<string, unknown> = {}) => ({
  personnummer: '110308-8025',
  kind: 'credit_inquiry',
  source: 'UC',
  counterparty: 'Tele2 Sverige AB',
  details: 'Kreditupplysning inför mobilabonnemang',
  occurred_at: '2026-11-24T19:42:00+01:00',
  ...patch,
});
/** `auth` null: no Authorization header at all. */
const ingest = (body: unknown, auth: string | null = bearer) => {
  const call = request(env.app).post('/api/alarms');
  if (auth !== null) call.set('Authorization', auth);
  return call.send(body as object);
};
const alarmCount = async () => Number((await env.db('alarms').count({ c: '*' }).first())!.c);

describe('only the monitoring service opens the ingest', () => {
  test('without ALARM_INGEST_TOKEN the endpoint is closed: 404, even with a token and a session, and nothing is stored', async () => {
    const closed = createApp({ db: env.db, sessionSecret: SECRET, today: TEST_TODAY });
    const before = await alarmCount();
    const res = await request(closed).post('/api/alarms').set('Authorization', bearer).send(report()).expect(404);
    expect(res.body.message).toMatch(/Okänd adress/);
    const admin = request.agent(closed);
    await admin.post('/api/auth/login').send({ username: 'admin', password: 'test-password' }).expect(200);
    await admin.post('/api/alarms').send(report()).expect(404);
    expect(await alarmCount()).toBe(before);
  });

  test.each([
    ['no Authorization header', null],
    ['a wrong token', 'Bearer not-the-token-at-all-123'],
    ['the token with one character changed', `Bearer ${ALARM_TOKEN.slice(0, -1)}X`],
    ['the token as Basic credentials', `Basic ${ALARM_TOKEN}`],
    ['an empty bearer', 'Bearer '],
  ])('%s is a 401 that asks for a bearer token and stores nothing', async (_case, auth) => {
    const before = await alarmCount();
    const res = await ingest(report(), auth).expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(await alarmCount()).toBe(before);
  });

  test("an admin's session does not open it", async () => {
    const admin = await env.as('admin');
    await admin.post('/api/alarms').send(report()).expect(401);
  });
});

describe('an alarm is routed at arrival and stored once', () => {
  test("a child's alarm without her own contacts goes to the holder's phone and e-mail; sent_to says whose", async () => {
    const res = await ingest(report()).expect(201);
    expect(res.body.stored).toBe(true);
    expect(res.body.alarms).toHaveLength(1);
    const [alarm] = res.body.alarms as Alarm[];
    const elsa = (await env.db('covered_persons').where({ personnummer: ELSA }).first())!;
    const sara = (await env.db('customers').where({ personnummer: SARA }).first())!;
    expect(alarm).toMatchObject({
      customer_id: sara.id,
      covered_person_id: elsa.id,
      kind: 'credit_inquiry',
      source: 'UC',
      counterparty: 'Tele2 Sverige AB',
      occurred_at: '2026-11-24T18:42:00.000Z',
      sent_to: [
        { channel: 'phone', address: sara.phone, owner: 'holder', owner_name: 'Sara Lindberg' },
        { channel: 'email', address: sara.email, owner: 'holder', owner_name: 'Sara Lindberg' },
      ],
    });
    expect(Date.parse(alarm.sent_at!)).toBeGreaterThan(Date.now() - 60_000);
    const event = await env
      .db('audit_events')
      .where({ entity: 'alarms', entity_id: String(alarm.id) })
      .first();
    expect(event).toMatchObject({ action: 'receive', actor: 'monitoring', customer_id: sara.id });
  });

  test('the same alarm again — also written with another offset — stores nothing and answers the first', async () => {
    const before = await alarmCount();
    const again = await ingest(report()).expect(200);
    expect(again.body.stored).toBe(false);
    const utc = await ingest(report({ occurred_at: '2026-11-24T18:42:00Z', personnummer: ELSA })).expect(200);
    expect(utc.body.alarms[0].id).toBe(again.body.alarms[0].id);
    expect(await alarmCount()).toBe(before);
  });

  test('a changed route applies to the next alarm, not to those already sent', async () => {
    const agent = await env.as('agent');
    const elsa = (await env.db('covered_persons').where({ personnummer: ELSA }).first())!;
    await agent.put(`/api/covered_persons/${elsa.id}`).send({ alarm_phone: '0761234599', version: elsa.version }).expect(200);
    const res = await ingest(report({ kind: 'new_credit', occurred_at: '2026-11-25T08:00:00+01:00' })).expect(201);
    expect(res.body.alarms[0].sent_to[0]).toEqual({ channel: 'phone', address: '+46761234599', owner: 'own', owner_name: 'Elsa Lindberg' });
    const first = await env.db('alarms').where({ covered_person_id: elsa.id, kind: 'credit_inquiry', source: 'UC' }).first();
    expect(JSON.parse(first!.sent_to)[0].owner).toBe('holder');
  });

  test('a person covered by two customers (a child in both parents\u2019 services) gives each customer the alarm', async () => {
    const agent = await env.as('agent');
    const family = await env.db('products').where({ code: 'KK_IDSKYDD_FAMILJ' }).first('id');
    const { body: sub } = await agent
      .post('/api/subscriptions')
      .send({ customer_id: 4, product_id: family!.id, signed_on: '2026-09-01', binding_months: 0, with_stickers: false })
      .expect(201);
    await agent
      .post('/api/covered_persons')
      .send({ subscription_id: sub.id, personnummer: ELSA, first_name: 'Elsa', last_name: 'Lindberg', relation: 'child' })
      .expect(201);
    const res = await ingest(report({ kind: 'id_document', source: 'Polisen', counterparty: null })).expect(201);
    expect(res.body.alarms.map((a: Alarm) => a.customer_id).sort()).toEqual(
      [4, (await env.db('customers').where({ personnummer: SARA }).first())!.id].sort(),
    );
  });

  test('a personnummer no current subscription covers is a 422 that stores nothing', async () => {
    const before = await tableDigest(env.db);
    const res = await ingest(report({ personnummer: makePersonnummer('1970-06-06', 907) })).expect(422);
    expect(res.body.errors).toHaveProperty('personnummer');
    expect(await tableDigest(env.db)).toBe(before);
  });

  test.each([
    ['an invalid personnummer', { personnummer: '19800101-1234' }, 'personnummer'],
    ['an unknown kind', { kind: 'burglary' }, 'kind'],
    ['no source', { source: '' }, 'source'],
    ['an instant without offset', { occurred_at: '2026-11-24T19:42:00' }, 'occurred_at'],
    ['an instant in the future', { occurred_at: '2099-01-01T00:00:00Z' }, 'occurred_at'],
    ['30 February', { occurred_at: '2026-02-30T10:00:00Z' }, 'occurred_at'],
    ['an unknown field', { severity: 'high' }, 'severity'],
    ['details too long', { details: 'x'.repeat(1001) }, 'details'],
  ])('%s is a 400 on that field and stores nothing', async (_case, patch, field) => {
    const before = await tableDigest(env.db);
    const res = await ingest(report(patch)).expect(400);
    expect(res.body.errors).toHaveProperty(field);
    expect(await tableDigest(env.db)).toBe(before);
  });
});

describe('agents read the alarms of a customer', () => {
  test('newest first, filtered by customer, person and kind ("who took a credit report on me")', async () => {
    const agent = await env.as('agent');
    const sara = (await env.db('customers').where({ personnummer: SARA }).first())!;
    const all = await agent
      .get('/api/alarms')
      .query({ filter: JSON.stringify({ customer_id: sara.id }) })
      .expect(200);
    const times = all.body.map((a: Alarm) => a.occurred_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.body.every((a: Alarm) => a.customer_id === sara.id)).toBe(true);
    const credit = await agent
      .get('/api/alarms')
      .query({ filter: JSON.stringify({ customer_id: sara.id, kind: 'credit_inquiry' }) })
      .expect(200);
    expect(credit.body.length).toBeGreaterThan(0);
    expect(credit.body.every((a: Alarm) => a.kind === 'credit_inquiry' && a.counterparty)).toBe(true);
    const elsa = (await env.db('covered_persons').where({ personnummer: ELSA, customer_id: sara.id }).first())!;
    const hers = await agent
      .get('/api/alarms')
      .query({ filter: JSON.stringify({ covered_person_id: elsa.id }) })
      .expect(200);
    expect(hers.body.every((a: Alarm) => a.covered_person_id === elsa.id)).toBe(true);
    await agent.get(`/api/alarms/${hers.body[0].id}`).expect(200);
  });

  test('the demo has alarms of every kind', async () => {
    const kinds = await env.db('alarms').distinct('kind');
    expect(kinds.map((k) => k.kind).sort()).toEqual(
      ['address_change', 'company_change', 'credit_inquiry', 'id_document', 'new_credit', 'other', 'phone_subscription'].sort(),
    );
  });
});
