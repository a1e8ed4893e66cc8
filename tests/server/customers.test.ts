import { tableDigest, useTestEnv } from '../support/testApp';

const env = useTestEnv();

async function search(q: string) {
  const agent = await env.as('agent');
  const res = await agent
    .get('/api/customers')
    .query({ filter: JSON.stringify({ q }) })
    .expect(200);
  return res.body as Array<{ first_name: string; last_name: string; customer_number: string; personnummer: string }>;
}

describe('the universal search finds the caller from whatever they say', () => {
  test.each([
    ['personnummer with century and dash', '19800101-1231', 'Anna Andersson'],
    ['personnummer, short with dash', '800101-1231', 'Anna Andersson'],
    ['personnummer, ten digits', '8001011231', 'Anna Andersson'],
    ['personnummer, twelve digits', '198001011231', 'Anna Andersson'],
    ['personnummer with spaces', '800101 1231', 'Anna Andersson'],
    ['a 102-year-old written with +', '240315+4566', 'Greta Lindqvist'],
    ['a 102-year-old written in full', '19240315-4566', 'Greta Lindqvist'],
    ['samordningsnummer', '900781-7894', 'Ahmed Hassan'],
    ['mobile number with dash and spaces', '070-123 45 67', 'Anna Andersson'],
    ['mobile number in E.164 with spaces', '+46 70 123 45 67', 'Anna Andersson'],
    ['mobile number with 0046', '0046701234567', 'Anna Andersson'],
    ['mobile number compact', '0701234567', 'Anna Andersson'],
    ['landline with area code', '046-12 34 56', 'Greta Lindqvist'],
    ['e-mail in another letter case', 'Anna.Andersson@Example.SE', 'Anna Andersson'],
    ['customer number', '100001', 'Anna Andersson'],
    ['first and last name prefixes', 'anna and', 'Anna Andersson'],
    ['last and first name prefixes', 'lindq gre', 'Greta Lindqvist'],
    ['a last name prefix with å/ä/ö in capitals', 'HASS', 'Ahmed Hassan'],
  ])('%s (%s) finds %s', async (_form, q, expected) => {
    const hits = await search(q);
    expect(hits.map((h) => `${h.first_name} ${h.last_name}`)).toContain(expected);
  });

  test('a name prefix finds every customer whose first or last name starts with it', async () => {
    const hits = await search('and');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(`${h.first_name} ${h.last_name}`.toLowerCase()).toMatch(/(^|\s)and/);
  });

  test('two words find exactly the customers whose first and last names start with them, in either order', async () => {
    const everyone = await env.db('customers').select('id', 'first_name_lc', 'last_name_lc');
    const agent = await env.as('agent');
    for (const [x, y] of [
      ['a', 'a'],
      ['an', 'and'],
      ['anna', 'and'],
      ['and', 'anna'],
      ['e', 'l'],
      ['gre', 'lindq'],
      ['zz', 'a'],
    ]) {
      const expected = everyone
        .filter(
          (c) =>
            (c.first_name_lc.startsWith(x) && c.last_name_lc.startsWith(y)) ||
            (c.first_name_lc.startsWith(y) && c.last_name_lc.startsWith(x)),
        )
        .map((c) => c.id)
        .sort((p, q) => p - q);
      const res = await agent
        .get('/api/customers')
        .query({ filter: JSON.stringify({ q: `${x} ${y}` }), range: '[0,99]' })
        .expect(200);
      expect({ q: `${x} ${y}`, ids: res.body.map((c: { id: number }) => c.id).sort((p: number, q: number) => p - q) }).toEqual({
        q: `${x} ${y}`,
        ids: expected.slice(0, 100),
      });
    }
  });

  test('one word lists last-name matches first, then first-name matches; pages neither repeat nor skip', async () => {
    const agent = await env.as('agent');
    const all = await agent
      .get('/api/customers')
      .query({ filter: JSON.stringify({ q: 'a' }), range: '[0,99]' })
      .expect(200);
    const names = all.body.map((c: { first_name: string; last_name: string }) => [c.first_name.toLowerCase(), c.last_name.toLowerCase()]);
    const firstNameOnly = names.findIndex(([, last]: string[]) => !last.startsWith('a'));
    expect(firstNameOnly).toBeGreaterThan(0);
    expect(names.slice(0, firstNameOnly).every(([, last]: string[]) => last.startsWith('a'))).toBe(true);
    expect(names.slice(firstNameOnly).every(([first, last]: string[]) => first.startsWith('a') && !last.startsWith('a'))).toBe(true);
    const total = Number(all.headers['content-range'].split('/')[1]);
    expect(total).toBe(all.body.length);
    const paged = [];
    for (let start = 0; start < total; start += 7) {
      const page = await agent
        .get('/api/customers')
        .query({ filter: JSON.stringify({ q: 'a' }), range: `[${start},${start + 6}]` })
        .expect(200);
      paged.push(...page.body.map((c: { id: number }) => c.id));
    }
    expect(paged).toEqual(all.body.map((c: { id: number }) => c.id));
  });

  test('lists show the personnummer masked', async () => {
    const [hit] = await search('19800101-1231');
    expect(hit.personnummer).toBe('19800101-****');
  });

  test.each([
    ['digits that are no key', '12345678901234'],
    ['an invalid personnummer', '19800101-1234'],
    ['an unknown e-mail', 'nobody@example.se'],
    ['SQL in the search', "' OR 1=1 --"],
  ])('%s finds nobody', async (_what, q) => {
    expect(await search(q)).toEqual([]);
  });
});

describe('opening a customer record', () => {
  test('shows the whole personnummer and logs who viewed whose data', async () => {
    const agent = await env.as('agent');
    const res = await agent.get('/api/customers/1').expect(200);
    expect(res.body).toMatchObject({ id: 1, personnummer: '19800101-1231', first_name: 'Anna', phone: '+46701234567' });
    expect(res.body).not.toHaveProperty('first_name_lc');
    const view = await env.db('audit_events').where({ action: 'view', entity: 'customers', entity_id: '1', actor: 'agent' }).first();
    expect(view).toBeDefined();
    expect(view!.request_id).toBe(res.headers['x-request-id']);
  });

  test('an unknown id is a 404 and a malformed id a 400', async () => {
    const agent = await env.as('agent');
    await agent.get('/api/customers/999999').expect(404);
    const bad = await agent.get('/api/customers/abc').expect(400);
    expect(bad.body.errors).toHaveProperty('id');
  });
});

describe('editing contact details', () => {
  test('saves a phone number in any form, normalised, bumps the version and audits before → after', async () => {
    const agent = await env.as('agent');
    const { body: before } = await agent.get('/api/customers/5').expect(200);
    const res = await agent
      .put('/api/customers/5')
      .send({ ...before, phone: '073-111 22 33' })
      .expect(200);
    expect(res.body.phone).toBe('+46731112233');
    expect(res.body.version).toBe(before.version + 1);
    const event = await env
      .db('audit_events')
      .where({ action: 'update', entity: 'customers', entity_id: '5' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(event!.changes)).toEqual({ phone: { before: before.phone, after: '+46731112233' } });
  });

  test('a stale version is a 409 with a clear message and overwrites nothing', async () => {
    const agent = await env.as('agent');
    const { body: record } = await agent.get('/api/customers/6').expect(200);
    await agent.put('/api/customers/6').send({ city: 'Lund', version: record.version }).expect(200);
    const stale = await agent.put('/api/customers/6').send({ city: 'Malmö', version: record.version }).expect(409);
    // The one conflict shape: a message, no field errors (react-admin then shows it and keeps the form).
    expect(stale.body).toEqual({
      message: 'Kunden har ändrats av någon annan sedan du öppnade den. Ladda om och försök igen.',
      errors: {},
    });
    const { body: after } = await agent.get('/api/customers/6').expect(200);
    expect(after.city).toBe('Lund');
  });

  test.each([
    ['a bad phone number', { phone: '12' }, 'phone'],
    ['a bad e-mail', { email: 'not-an-email' }, 'email'],
    ['an invalid personnummer', { personnummer: '19800101-1234' }, 'personnummer'],
    ['an empty last name', { last_name: '' }, 'last_name'],
    ['an over-long street', { street: 'x'.repeat(201) }, 'street'],
    ['a wrong type', { city: 42 }, 'city'],
    ['a bad postal code', { postal_code: '1234' }, 'postal_code'],
    ['an unknown field', { shoe_size: 44 }, 'shoe_size'],
    ['an unknown invoice interval', { invoice_interval: 'weekly' }, 'invoice_interval'],
    ['a missing version', { version: undefined }, 'version'],
  ])('%s is a 400 naming the field and changes nothing', async (_what, patch, field) => {
    const agent = await env.as('agent');
    const { body: record } = await agent.get('/api/customers/7').expect(200);
    const digest = await tableDigest(env.db);
    const res = await agent
      .put('/api/customers/7')
      .send({ version: record.version, ...patch })
      .expect(400);
    expect(res.body.errors).toHaveProperty(field);
    expect(await tableDigest(env.db)).toBe(digest);
  });

  test('the invoice interval is not changed by an edit but by a billing change; sent back unchanged it is fine', async () => {
    const agent = await env.as('agent');
    const { body: record } = await agent.get('/api/customers/9').expect(200);
    const other = record.invoice_interval === 'monthly' ? 'annual' : 'monthly';
    const res = await agent
      .put('/api/customers/9')
      .send({ ...record, invoice_interval: other })
      .expect(400);
    expect(res.body.errors).toHaveProperty('invoice_interval');
    await agent
      .put('/api/customers/9')
      .send({ ...record, city: 'Umeå' })
      .expect(200);
  });

  test("another customer's personnummer is a 409 on that field", async () => {
    const supervisor = await env.as('supervisor');
    const { body: record } = await supervisor.get('/api/customers/8').expect(200);
    const res = await supervisor.put('/api/customers/8').send({ version: record.version, personnummer: '19800101-1231' }).expect(409);
    expect(res.body.errors).toHaveProperty('personnummer');
  });
});

describe('creating a customer', () => {
  const valid = {
    personnummer: '19850512-2385',
    first_name: 'Test',
    last_name: 'Testsson',
    street: 'Provgatan 1',
    postal_code: '25224',
    city: 'Helsingborg',
    phone: '070 999 88 77',
    email: 'Test@Example.se',
  };

  test('stores normalised values, gives a customer number and audits the creation', async () => {
    const agent = await env.as('agent');
    const res = await agent.post('/api/customers').send(valid).expect(201);
    expect(res.body).toMatchObject({
      personnummer: '19850512-2385',
      postal_code: '252 24',
      phone: '+46709998877',
      email: 'test@example.se',
    });
    expect(res.body.customer_number).toBe(String(100000 + res.body.id));
    expect(
      await env
        .db('audit_events')
        .where({ action: 'create', entity: 'customers', entity_id: String(res.body.id) })
        .first(),
    ).toBeDefined();
    const again = await agent
      .post('/api/customers')
      .send({ ...valid, personnummer: '850512-2385' })
      .expect(409);
    expect(again.body.errors).toHaveProperty('personnummer');
  });

  test('a personnummer with a wrong check digit is never stored', async () => {
    const agent = await env.as('agent');
    const digest = await tableDigest(env.db);
    const res = await agent
      .post('/api/customers')
      .send({ ...valid, personnummer: '19850512-2388' })
      .expect(400);
    expect(res.body.errors.personnummer).toMatch(/kontrollsiffra/);
    expect(await tableDigest(env.db)).toBe(digest);
  });
});
