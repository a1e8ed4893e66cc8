import type { Block } from '../../server/src/domain/apiTypes';
import { tableDigest, useTestEnv } from '../support/testApp';

/** Blocks (spärrar) from the 24/7 line: registered where they were placed, with a reference; lifted later, versioned and audited. */
const env = useTestEnv({ customers: 20 });

const SARA = '198405148019';
const sara = async () => (await env.db('covered_persons').where({ personnummer: SARA, relation: 'holder' }).first())!;

describe('registering a block', () => {
  test('a credit block at UC with its reference: stored for the person and customer, open, audited', async () => {
    const agent = await env.as('agent');
    const person = await sara();
    const res = await agent
      .post('/api/blocks')
      .send({
        covered_person_id: person.id,
        kind: 'credit_block',
        placed_with: ' UC ',
        reference: 'UC-123',
        note: 'Ringde 02:10, stulen plånbok',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      customer_id: person.customer_id,
      covered_person_id: person.id,
      kind: 'credit_block',
      placed_with: 'UC',
      reference: 'UC-123',
      lifted_at: null,
      created_by: 'agent',
      version: 1,
    });
    expect(Date.parse(res.body.placed_at)).toBeGreaterThan(Date.now() - 60_000);
    const event = await env
      .db('audit_events')
      .where({ entity: 'blocks', entity_id: String(res.body.id) })
      .first();
    expect(event).toMatchObject({ action: 'register', customer_id: person.customer_id });
    expect(Object.keys(JSON.parse(event!.changes)).sort()).toEqual(['kind', 'note', 'person', 'placed_at', 'placed_with', 'reference']);
    // A block registered without reference or note: the history does not list them empty.
    const bare = await agent.post('/api/blocks').send({ covered_person_id: person.id, kind: 'other', placed_with: 'Banken' }).expect(201);
    const bareEvent = await env
      .db('audit_events')
      .where({ entity: 'blocks', entity_id: String(bare.body.id) })
      .first();
    expect(Object.keys(JSON.parse(bareEvent!.changes)).sort()).toEqual(['kind', 'person', 'placed_at', 'placed_with']);
    const open = await agent
      .get('/api/blocks')
      .query({ filter: JSON.stringify({ customer_id: person.customer_id, open: true }) })
      .expect(200);
    expect(open.body.map((b: Block) => b.id)).toContain(res.body.id);
  });

  test('the same open block again (person, kind, place) is a 409: registering is safe to repeat', async () => {
    const agent = await env.as('agent');
    const person = await sara();
    const before = await tableDigest(env.db);
    const res = await agent.post('/api/blocks').send({ covered_person_id: person.id, kind: 'credit_block', placed_with: 'UC' }).expect(409);
    expect(res.body.errors).toHaveProperty('placed_with');
    expect(await tableDigest(env.db)).toBe(before);
  });

  test('any place may be typed, and a place in the past is kept', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .post('/api/blocks')
      .send({
        covered_person_id: (await sara()).id,
        kind: 'other',
        placed_with: 'Bankens kortspärr',
        placed_at: '2026-11-20T23:05:00+01:00',
      })
      .expect(201);
    expect(res.body).toMatchObject({ placed_with: 'Bankens kortspärr', placed_at: '2026-11-20T22:05:00.000Z', reference: null });
  });

  test.each([
    ['no place', { placed_with: '' }, 'placed_with'],
    ['an unknown kind', { kind: 'everything' }, 'kind'],
    ['an unknown person', { covered_person_id: 999999 }, 'covered_person_id'],
    ['a placing time in the future', { placed_at: '2099-01-01T00:00:00Z' }, 'placed_at'],
    ['an unknown field', { lifted: true }, 'lifted'],
  ])('%s is a 400 on that field and stores nothing', async (_case, patch, field) => {
    const agent = await env.as('agent');
    const before = await tableDigest(env.db);
    const res = await agent
      .post('/api/blocks')
      .send({ covered_person_id: (await sara()).id, kind: 'id_document', placed_with: 'Polisen', ...patch })
      .expect(400);
    expect(res.body.errors).toHaveProperty(field);
    expect(await tableDigest(env.db)).toBe(before);
  });
});

describe('lifting a block', () => {
  async function openBlock(): Promise<Block> {
    const agent = await env.as('agent');
    return (
      await agent
        .post('/api/blocks')
        .send({ covered_person_id: (await sara()).id, kind: 'id_document', placed_with: 'Polisen', reference: 'K-1' })
        .expect(201)
    ).body;
  }

  test('lifted with the version seen, once; the place can then be blocked again', async () => {
    const agent = await env.as('agent');
    const block = await openBlock();
    const liftedAt = new Date().toISOString();
    const res = await agent.put(`/api/blocks/${block.id}`).send({ lifted_at: liftedAt, version: block.version }).expect(200);
    expect(res.body).toMatchObject({ lifted_at: liftedAt, version: block.version + 1 });
    const again = await agent
      .put(`/api/blocks/${block.id}`)
      .send({ lifted_at: liftedAt, version: block.version + 1 })
      .expect(409);
    expect(again.body.message).toMatch(/hävdes/);
    const event = await env
      .db('audit_events')
      .where({ entity: 'blocks', entity_id: String(block.id), action: 'lift' })
      .first();
    expect(JSON.parse(event!.changes)).toEqual({
      person: { before: 'Sara Lindberg', after: 'Sara Lindberg' },
      kind: { before: 'id_document', after: 'id_document' },
      placed_with: { before: 'Polisen', after: 'Polisen' },
      lifted_at: { before: null, after: liftedAt },
    });
    await openBlock();
  });

  test('a stale version is a 409 and lifts nothing', async () => {
    const agent = await env.as('agent');
    const block = (await env.db('blocks').whereNull('lifted_at').where({ kind: 'id_document' }).first())!;
    await agent.put(`/api/blocks/${block.id}`).send({ note: 'Kunden hittade passet', version: block.version }).expect(200);
    await agent.put(`/api/blocks/${block.id}`).send({ lifted_at: new Date().toISOString(), version: block.version }).expect(409);
    expect((await env.db('blocks').where({ id: block.id }).first())!.lifted_at).toBeNull();
  });

  test('the whole record sent back with lifted_at is accepted; lifting before it was placed is a 400', async () => {
    const agent = await env.as('agent');
    const { body: block } = await agent.get(`/api/blocks/${(await env.db('blocks').whereNull('lifted_at').first('id'))!.id}`).expect(200);
    const early = await agent
      .put(`/api/blocks/${block.id}`)
      .send({ ...block, lifted_at: '2001-01-01T00:00:00Z' })
      .expect(400);
    expect(early.body.errors).toHaveProperty('lifted_at');
    await agent
      .put(`/api/blocks/${block.id}`)
      .send({ ...block, lifted_at: new Date().toISOString() })
      .expect(200);
  });

  test('an unknown block is a 404', async () => {
    const agent = await env.as('agent');
    await agent.put('/api/blocks/999999').send({ lifted_at: new Date().toISOString(), version: 1 }).expect(404);
  });

  test('the demo has an open and a lifted block', async () => {
    expect(await env.db('blocks').whereNull('lifted_at').where({ created_by: 'agent' }).first()).toBeDefined();
    expect(await env.db('blocks').whereNotNull('lifted_at').first()).toBeDefined();
  });
});
