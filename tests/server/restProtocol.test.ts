import { tableDigest, useTestEnv } from '../support/testApp';

const env = useTestEnv();

const q = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));

describe('ra-data-simple-rest lists', () => {
  test('answer the page asked for with Content-Range (exposed for other origins)', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .get('/api/customers')
      .query(q({ sort: ['customer_number', 'ASC'], range: [10, 19] }))
      .expect(200);
    expect(res.body).toHaveLength(10);
    expect(res.body[0].customer_number).toBe('100011');
    const total = await env.db('customers').count({ c: '*' }).first();
    expect(res.headers['content-range']).toBe(`customers 10-19/${total?.c}`);
    expect(res.headers['access-control-expose-headers']).toMatch(/Content-Range/);
  });

  test('answers are JSON in UTF-8 with their length; HEAD answers the same headers without the body', async () => {
    const agent = await env.as('agent');
    for (const path of ['/api/customers?range=[0,4]', '/api/notes?range=[0,4]', '/api/customers/1/counts']) {
      const get = await agent.get(path).expect(200);
      expect(get.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(get.headers['content-length'])).toBe(Buffer.byteLength(get.text));
      expect(JSON.parse(get.text)).toEqual(get.body);
      const head = await agent.head(path).expect(200);
      expect(head.text ?? '').toBe('');
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['content-range']).toBe(get.headers['content-range']);
    }
  });

  test('sort by a whitelisted field in both directions', async () => {
    const agent = await env.as('agent');
    const asc = await agent
      .get('/api/customers')
      .query(q({ sort: ['last_name', 'ASC'], range: [0, 99] }))
      .expect(200);
    const names = asc.body.map((c: { last_name: string }) => c.last_name.toLocaleLowerCase('sv'));
    expect(names.length).toBeGreaterThan(10);
    const desc = await agent
      .get('/api/customers')
      .query(q({ sort: ['id', 'DESC'], range: [0, 4] }))
      .expect(200);
    const ids = desc.body.map((c: { id: number }) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  test('getMany through filter={"id":[…]}', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .get('/api/customers')
      .query(q({ filter: { id: [3, 1, 2] } }))
      .expect(200);
    expect(res.body.map((c: { id: number }) => c.id).sort()).toEqual([1, 2, 3]);
  });

  test('filters combine with the search and narrow the total', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .get('/api/subscriptions')
      .query(q({ filter: { customer_id: 1 } }))
      .expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const s of res.body) expect(s.customer_id).toBe(1);
    expect(res.headers['content-range']).toMatch(new RegExp(`/${res.body.length}$`));
  });

  test('an empty page still answers a Content-Range', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .get('/api/customers')
      .query(q({ filter: { q: 'zzzzz' } }))
      .expect(200);
    expect(res.body).toEqual([]);
    // No first and last row to name: RFC 7233's form for an unsatisfiable range, with the total.
    expect(res.headers['content-range']).toBe('customers */0');
  });

  test('a page past the end answers [] with `*/total`, not a made-up range', async () => {
    const agent = await env.as('agent');
    const total = Number((await env.db('customers').count({ c: '*' }).first())!.c);
    const res = await agent
      .get('/api/customers')
      .query(q({ sort: ['id', 'ASC'], range: [total + 10, total + 34] }))
      .expect(200);
    expect(res.body).toEqual([]);
    expect(res.headers['content-range']).toBe(`customers */${total}`);
    // The last, partly filled page names exactly the rows it holds.
    const last = await agent
      .get('/api/customers')
      .query(q({ sort: ['id', 'ASC'], range: [total - 3, total + 21] }))
      .expect(200);
    expect(last.body).toHaveLength(3);
    expect(last.headers['content-range']).toBe(`customers ${total - 3}-${total - 1}/${total}`);
    // What ra-data-simple-rest reads of it: the number after the slash.
    for (const header of [res.headers['content-range'], last.headers['content-range']]) {
      expect(parseInt(String(header).split('/').pop()!, 10)).toBe(total);
    }
  });

  test('deep offsets are refused: from row 10,000 on, a 400 that says to refine the search', async () => {
    const supervisor = await env.as('supervisor');
    for (const range of [
      [10_000, 10_024],
      [9_999_000, 9_999_499],
    ]) {
      const res = await supervisor.get('/api/customers').query(q({ range })).expect(400);
      expect(res.body.errors.range).toMatch(/förfina/i);
      const notes = await supervisor.get('/api/audit_events').query(q({ range })).expect(400);
      expect(notes.body.errors).toHaveProperty('range');
    }
    // The last page before the cap is still there.
    await supervisor
      .get('/api/audit_events')
      .query(q({ range: [9_975, 9_999] }))
      .expect(200);
  });

  test.each([
    ['an unknown sort field', { sort: ['password_hash', 'ASC'] }, 'sort'],
    ['SQL as a sort field', { sort: ['id; DROP TABLE customers', 'ASC'] }, 'sort'],
    ['a bad sort order', { sort: ['id', 'SIDEWAYS'] }, 'sort'],
    ['malformed sort JSON', { sort: '["id",' }, 'sort'],
    ['malformed range JSON', { range: '[0,' }, 'range'],
    ['a reversed range', { range: [10, 2] }, 'range'],
    ['a page that is too large', { range: [0, 100000] }, 'range'],
    ['a negative range', { range: [-5, 5] }, 'range'],
    ['malformed filter JSON', { filter: '{"q":' }, 'filter'],
    ['a filter that is not an object', { filter: [1, 2] }, 'filter'],
    ['an unknown filter field', { filter: { password_hash: 'x' } }, 'filter.password_hash'],
    ['a filter value of the wrong type', { filter: { customer_id: 'one' } }, 'filter.customer_id'],
    ['an unknown query parameter', { limit: '10' }, 'limit'],
    ['an over-long search', { filter: { q: 'a'.repeat(500) } }, 'filter.q'],
  ])('%s is a 400 with a field message', async (_what, params, field) => {
    const agent = await env.as('supervisor');
    const res = await agent.get('/api/customers').query(q(params)).expect(400);
    expect(res.body.message).toEqual(expect.any(String));
    expect(res.body.errors).toHaveProperty([field]);
  });
});

describe('every resource lists with the protocol', () => {
  test.each([
    'customers',
    'subscriptions',
    'products',
    'invoices',
    'cancellations',
    'billing_changes',
    'gdpr_requests',
    'notes',
    'audit_events',
    'users',
  ])('%s', async (resource) => {
    const admin = await env.as('admin');
    const res = await admin
      .get(`/api/${resource}`)
      .query(q({ range: [0, 4] }))
      .expect(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.headers['content-range']).toMatch(res.body.length ? new RegExp(`^${resource} 0-\\d+/\\d+$`) : `${resource} */0`);
    if (res.body.length) {
      const one = await admin.get(`/api/${resource}/${res.body[0].id}`).expect(200);
      expect(one.body.id).toBe(res.body[0].id);
    }
  });

  test('users never answer their password hash', async () => {
    const admin = await env.as('admin');
    const res = await admin.get('/api/users').expect(200);
    for (const u of res.body) expect(u).not.toHaveProperty('password_hash');
  });
});

describe('errors', () => {
  test('unknown /api paths answer JSON 404', async () => {
    const agent = await env.as('agent');
    const res = await agent.get('/api/nothing-here').expect(404);
    expect(res.body.message).toEqual(expect.any(String));
  });

  test('malformed JSON bodies are a 400 and change nothing', async () => {
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    await agent.post('/api/notes').set('Content-Type', 'application/json').send('{"customer_id": 1, "body": ').expect(400);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('bodies over the limit are a 413', async () => {
    const agent = await env.as('agent');
    const res = await agent
      .post('/api/notes')
      .send({ customer_id: 1, body: 'x'.repeat(200_000) })
      .expect(413);
    expect(res.body.message).toEqual(expect.any(String));
  });

  test('security headers are set', async () => {
    const res = await env.anonymous().get('/api/auth/me');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('notes', () => {
  test('an agent adds a call note; it is audited with the customer', async () => {
    const agent = await env.as('agent');
    const res = await agent.post('/api/notes').send({ customer_id: 2, body: 'Kunden ringde om fakturan.' }).expect(201);
    expect(res.body).toMatchObject({ customer_id: 2, created_by: 'agent', body: 'Kunden ringde om fakturan.' });
    const event = await env
      .db('audit_events')
      .where({ entity: 'notes', entity_id: String(res.body.id) })
      .first();
    expect(event).toMatchObject({ action: 'create', customer_id: 2, actor: 'agent' });
  });

  test.each([
    ['an empty body', { customer_id: 2, body: '   ' }, 'body'],
    ['an unknown customer', { customer_id: 999999, body: 'x' }, null],
    ['an unknown field', { customer_id: 2, body: 'x', created_by: 'someone' }, 'created_by'],
  ])('%s is refused and changes nothing', async (_what, body, field) => {
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    const res = await agent.post('/api/notes').send(body);
    expect([400, 404]).toContain(res.status);
    if (field) expect(res.body.errors).toHaveProperty(field);
    expect(await tableDigest(env.db)).toBe(digest);
  });
});
