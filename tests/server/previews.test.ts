import { TEST_TODAY, tableDigest, useTestEnv } from '../support/testApp';
import { addDays } from '../../server/src/domain/calendarDate';

/**
 * Previews refuse nonsense: a preview answers only what the action itself could do, and refuses the rest
 * with the field error the action would give — never a 200 with terms that cannot be (a withdrawal
 * "ending" before the contract began, a due date for a request from the future).
 */
const env = useTestEnv({ customers: 20 });

async function sale(customerId: number, signedOn: string, extra: Record<string, unknown> = {}) {
  const agent = await env.as('agent');
  return (
    await agent
      .post('/api/subscriptions')
      .send({ customer_id: customerId, product_id: 1, signed_on: signedOn, binding_months: 0, ...extra })
      .expect(201)
  ).body as { id: number; customer_id: number };
}

describe('the cancellation-terms preview', () => {
  test.each([
    ['a day before the contract was signed', '2026-10-31', { requested_on: 'Tidigast 2026-11-01, dagen avtalet tecknades' }],
    ['tomorrow', addDays(TEST_TODAY, 1), { requested_on: 'Får inte vara i framtiden' }],
    ['next year', '2027-06-01', { requested_on: 'Får inte vara i framtiden' }],
  ])('%s: 400 with the error on requested_on, and nothing is written', async (_what, date, errors) => {
    const sub = await sale(2, '2026-11-01');
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    const res = await agent.get(`/api/subscriptions/${sub.id}/cancellation-terms`).query({ requested_on: date }).expect(400);
    expect(res.body.errors).toEqual(errors);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('the day the contract was signed and today are both fine', async () => {
    const sub = await sale(3, addDays(TEST_TODAY, -10));
    const agent = await env.as('agent');
    for (const date of [addDays(TEST_TODAY, -10), TEST_TODAY]) {
      const res = await agent.get(`/api/subscriptions/${sub.id}/cancellation-terms`).query({ requested_on: date }).expect(200);
      expect(res.body).toMatchObject({ kind: 'withdrawal', requested_on: date, ends_on: date });
      expect(res.body.ends_on >= addDays(TEST_TODAY, -10)).toBe(true);
    }
  });
});

describe('the GDPR due-date preview', () => {
  test.each([
    ['in the future', addDays(TEST_TODAY, 1), 'Mottagningsdagen kan inte vara i framtiden'],
    ['before GDPR applied', '2018-05-24', 'Tidigast 2018-05-25'],
  ])('a received date %s is a 400 on received_on, as registering the request would be', async (_what, date, message) => {
    const agent = await env.as('agent');
    const res = await agent.get('/api/gdpr_requests/due-date').query({ received_on: date }).expect(400);
    expect(res.body.errors).toEqual({ received_on: message });
    const post = await agent
      .post('/api/gdpr_requests')
      .send({ customer_id: 4, type: 'access', channel: 'phone', received_on: date, identity_method: 'bankid', identity_verified: true })
      .expect(400);
    expect(post.body.errors).toEqual({ received_on: message });
  });
});

describe('the billing dry run', () => {
  test('removing the sticker fee of an ended subscription is refused in the dry run and for real: 409 on subscription_id', async () => {
    const sub = await sale(5, '2025-01-01', { with_stickers: true });
    await env.db('subscriptions').where({ id: sub.id }).update({ status: 'ended', ends_on: '2026-01-31' });
    const agent = await env.as('agent');
    const body = { kind: 'sticker_fee_removal', subscription_id: sub.id };
    const digest = await tableDigest(env.db);
    const dry = await agent.post('/api/billing_changes?dry_run=true').send(body).expect(409);
    expect(dry.body.errors).toHaveProperty('subscription_id');
    await agent.post('/api/billing_changes').send(body).expect(409);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('a dry run with a customer that does not exist is a 400 on customer_id', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .post('/api/billing_changes?dry_run=true')
      .send({ kind: 'invoice_interval', customer_id: 999999, to_interval: 'annual' })
      .expect(400);
    expect(res.body.errors).toHaveProperty('customer_id');
  });
});
