import express from 'express';
import { createHttpServer } from '../server/src/httpServer';

/**
 * The yardstick: a bare Express 5 route answering a constant JSON, started the same way as the app. With
 * BARE_LIKE_APP=1 the same route is served as the app is (`createHttpServer`), for reference beside it.
 */
const app = express();
app.get('/bare', (_req, res) => {
  res.json({ ok: true, name: 'Anna Andersson', customer_number: '100001' });
});
const port = Number(process.env.PORT ?? 3999);
if (process.env.BARE_LIKE_APP === '1') createHttpServer(app).listen(port, () => console.log(`bare, served as the app is, on ${port}`));
else app.listen(port, () => console.log(`bare on ${port}`));
