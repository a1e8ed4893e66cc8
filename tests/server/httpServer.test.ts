import http from 'node:http';
import express from 'express';
import { createHttpServer } from '../../server/src/httpServer';
import { listening } from '../support/listening';
import { PASSWORD, useTestEnv } from '../support/testApp';

describe('createHttpServer: requests made with Express’s prototypes', () => {
  test('a request and its response have the app’s prototypes before Express sees them, and Express works as usual', async () => {
    const app = express();
    app.use(express.json());
    app.post('/echo/:id', (req, res) => {
      res.locals.seen = req.params.id;
      res
        .status(201)
        .json({ id: req.params.id, body: req.body as unknown, app: req.app === app, host: req.hostname, seen: res.locals.seen });
    });
    const server = createHttpServer(app);
    const born: boolean[] = [];
    // Before Express's own listener: what Node made.
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) =>
      born.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response),
    );
    const { url, close } = await listening(server);
    try {
      const res = await fetch(`${url}/echo/7?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":[1,2]}',
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ id: '7', body: { a: [1, 2] }, app: true, host: '127.0.0.1', seen: '7' });
      expect((await fetch(`${url}/nowhere`)).status).toBe(404);
      expect(born).toEqual([true, true]);
    } finally {
      await close();
    }
  });

  test('every server of one app makes its requests with the prototypes the app uses; Express’s methods one step up', async () => {
    const app = express();
    app.get('/me', (req, res) => res.type('text').send(`${req.get('x-who') ?? ''} ${req.app === app}`));
    const servers = [createHttpServer(app), createHttpServer(app)];
    const born: boolean[] = [];
    for (const server of servers)
      server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) =>
        born.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response),
      );
    expect(Object.getPrototypeOf(Object.getPrototypeOf(app.request))).toBe(http.IncomingMessage.prototype);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(app.response))).toBe(http.ServerResponse.prototype);
    for (const server of servers) {
      const { url, close } = await listening(server);
      try {
        expect(await (await fetch(`${url}/me`, { headers: { 'x-who': 'agent' } })).text()).toBe('agent true');
      } finally {
        await close();
      }
    }
    expect(born).toEqual([true, true]);
  });

  describe('the back office through it', () => {
    const env = useTestEnv({ customers: 5 });

    test('log in, search, write a note, and a refused write: answered as through Express’s own server', async () => {
      const { url, close } = await listening(createHttpServer(env.app));
      try {
        const login = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'agent', password: PASSWORD }),
        });
        expect(login.status).toBe(200);
        const cookie = login.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        const customer = (await env.db('customers').orderBy('id').first('id', 'customer_number'))!;
        const found = await fetch(`${url}/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: customer.customer_number }))}`, {
          headers: { cookie },
        });
        expect(found.status).toBe(200);
        expect(found.headers.get('content-range')).toMatch(/\/1$/);
        expect(found.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect((await found.json()).map((c: { id: number }) => c.id)).toEqual([customer.id]);
        const post = (body: unknown) =>
          fetch(`${url}/api/notes`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const note = await post({ customer_id: customer.id, body: 'Ringde om fakturan.' });
        expect(note.status).toBe(201);
        const refused = await post({ customer_id: customer.id, body: '' });
        expect(refused.status).toBe(400);
        expect((await refused.json()).errors).toHaveProperty('body');
        // PostgreSQL answers COUNT as a string.
        const [{ n }] = await env.db('notes').where({ customer_id: customer.id, body: 'Ringde om fakturan.' }).count({ n: '*' });
        expect(Number(n)).toBe(1);
      } finally {
        await close();
      }
    });
  });
});
