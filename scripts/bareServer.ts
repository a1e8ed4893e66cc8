import express from 'express';

/** The yardstick: a bare Express 5 route answering a constant JSON, started the same way as the app. */
const app = express();
app.get('/bare', (_req, res) => {
  res.json({ ok: true, name: 'Anna Andersson', customer_number: '100001' });
});
const port = Number(process.env.PORT ?? 3999);
app.listen(port, () => console.log(`bare on ${port}`));
