import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres, migrateLatest, openDb } from '../../server/src/db/knex';
import { makeOcr } from '../../server/src/domain/ocr';
import { parsePersonnummer } from '../../server/src/domain/personnummer';
import { invoiceNumberFor } from '../../server/src/services/billing';
import { seedDemo } from '../../seeds/demo';
import { seedLarge } from '../../seeds/large';
import { migratedIndexes } from '../../seeds/bulkLoad';

/**
 * npm run seed:large at a small scale, in small batches: the rows it writes, that it adds only what is
 * missing, and (SQLite) that the indexes it drops for the load come back exactly as the migrations make them.
 */
const TODAY = '2026-11-25';
const DEMO_CUSTOMERS = 40;
const BULK = 2_300;
const CANCELLATIONS = 700;
const BATCH = 600;

interface Database {
  db: Knex;
  close: () => Promise<void>;
}

/** A migrated database with a small demo set: a SQLite file on one connection (as the script opens it), or a PostgreSQL schema. */
async function demoDatabase(): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL;
  let db: Knex;
  let close: () => Promise<void>;
  if (databaseUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    db = openDb({ databaseUrl, pgSchema: schema });
    close = async () => {
      await db.raw(`DROP SCHEMA "${schema}" CASCADE`);
      await db.destroy();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-large-test-'));
    db = openDb({ dbFile: path.join(dir, 'test.sqlite'), sqlitePool: 1 });
    close = async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrateLatest(db);
  await seedDemo(db, { today: TODAY, demoPassword: 'pw', customers: DEMO_CUSTOMERS, historyMonths: 2 });
  return { db, close };
}

/** rebuildIndexesUpTo 0: indexes kept up row by row, as on a database that is not nearly empty. */
const load = (db: Knex, target: number, rebuildIndexesUpTo?: number) =>
  seedLarge(db, { target, cancellations: CANCELLATIONS, today: TODAY, batchSize: BATCH, rebuildIndexesUpTo });

const TABLES = ['customers', 'subscriptions', 'invoices', 'invoice_lines', 'cancellations', 'covered_persons'] as const;

async function counts(db: Knex): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await db(t).count({ n: '*' }).first())?.n ?? 0);
  return out;
}

/** The rows of a table without their timestamps (a re-run writes other ones), ordered by id — or, without ids, as a sorted set. */
async function rows(db: Knex, table: string, withIds = true): Promise<string[]> {
  const all: Array<Record<string, unknown>> = await db(table).orderBy('id');
  return all
    .map(({ created_at: _c, updated_at: _u, id, ...rest }) => JSON.stringify(withIds ? { id, ...rest } : rest))
    .sort((a, b) => (withIds ? 0 : a.localeCompare(b)));
}

let a: Database;
let b: Database;
/** The demo's counts and highest ids, before the bulk set. */
let demo: { customers: number; subscriptions: number; invoices: number; lastSubscription: number; lastInvoice: number };

const maxId = async (db: Knex, table: string) => Number((await db(table).max({ id: 'id' }).first())?.id ?? 0);

beforeAll(async () => {
  a = await demoDatabase();
  b = await demoDatabase();
  const c = await counts(a.db);
  demo = {
    customers: c.customers,
    subscriptions: c.subscriptions,
    invoices: c.invoices,
    lastSubscription: await maxId(a.db, 'subscriptions'),
    lastInvoice: await maxId(a.db, 'invoices'),
  };
  await load(a.db, demo.customers + BULK);
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
});

test('every new customer has one subscription and one invoice with its service line, numbered and referenced as the invoicing run does', async () => {
  const c = await counts(a.db);
  expect(c.customers).toBe(demo.customers + BULK);
  expect(c.subscriptions).toBe(demo.subscriptions + BULK);
  expect(c.invoices).toBe(demo.invoices + BULK);
  const invoices = await a
    .db('invoices as i')
    .join('invoice_lines as l', 'l.invoice_id', 'i.id')
    .join('subscriptions as s', 's.id', 'l.subscription_id')
    .join('products as p', 'p.id', 's.product_id')
    .where('i.id', '>', demo.lastInvoice)
    .select(
      'i.id',
      'i.invoice_number',
      'i.ocr',
      'i.total_ore',
      'i.customer_id',
      'l.amount_ore',
      'l.description',
      's.customer_id as sub_customer',
      'p.name',
    );
  expect(invoices).toHaveLength(BULK);
  for (const i of invoices) {
    expect(i.invoice_number).toBe(invoiceNumberFor(Number(i.id)));
    expect(i.ocr).toBe(makeOcr(i.invoice_number));
    expect(Number(i.amount_ore)).toBe(Number(i.total_ore));
    expect(i.description.startsWith(`${i.name} `)).toBe(true);
    expect(Number(i.sub_customer)).toBe(Number(i.customer_id));
  }
  const people = [
    ...(await a.db('customers').where('id', '>', demo.customers).pluck('personnummer')), // the demo's ids are 1–40
    ...(await a.db('covered_persons').whereNot('relation', 'holder').where('last_name', 'like', 'Bulk%').pluck('personnummer')),
  ];
  expect(people.length).toBeGreaterThan(BULK);
  expect(people.filter((p) => !parsePersonnummer(p, TODAY).ok)).toEqual([]);
});

test('the cancellations go to the oldest active subscriptions, and each subscription is in the status its cancellation gives it', async () => {
  expect((await counts(a.db)).cancellations).toBe(CANCELLATIONS);
  const mismatched = await a.db.raw(
    `SELECT c.id FROM cancellations c JOIN subscriptions s ON s.id = c.subscription_id
     WHERE NOT ((c.status = 'completed' AND s.status = (CASE WHEN c.kind = 'withdrawal' THEN 'withdrawn' ELSE 'ended' END) AND s.ends_on = c.ends_on)
             OR (c.status IN ('registered', 'form_sent', 'confirmed') AND s.status = 'notice_given' AND s.ends_on = c.ends_on)
             OR (c.status = 'revoked' AND s.status = 'active' AND s.ends_on IS NULL))`,
  );
  expect(isPostgres(a.db) ? mismatched.rows : mismatched).toEqual([]);
  // No active subscription without a cancellation comes before one that has one.
  const firstUncancelled = await a
    .db('subscriptions as s')
    .where('s.status', 'active')
    .whereNotExists(a.db('cancellations as c').whereRaw('c.subscription_id = s.id'))
    .min({ id: 's.id' })
    .first();
  const lastCancelled = await a.db('cancellations').max({ id: 'subscription_id' }).first();
  expect(Number(firstUncancelled?.id)).toBeGreaterThan(Number(lastCancelled?.id));
});

test('every subscription has one holder, and every family subscription that still covers people a partner and a child', async () => {
  const withoutOneHolder = await a
    .db('subscriptions as s')
    .whereRaw("(SELECT COUNT(*) FROM covered_persons h WHERE h.subscription_id = s.id AND h.relation = 'holder') <> 1")
    .pluck('s.id');
  expect(withoutOneHolder).toEqual([]);
  const familiesWithoutPeople = await a
    .db('subscriptions as s')
    .join('products as p', 'p.id', 's.product_id')
    .where('p.max_persons', '>', 1)
    .whereIn('s.status', ['active', 'notice_given'])
    .where('s.id', '>', demo.lastSubscription)
    .whereRaw(
      "(SELECT COUNT(*) FROM covered_persons f WHERE f.subscription_id = s.id AND f.relation IN ('partner', 'child') AND f.added_on = s.signed_on) <> 2",
    )
    .pluck('s.id');
  expect(familiesWithoutPeople).toEqual([]);
});

test('a re-run adds nothing, and two runs up to the target write the same rows as one', async () => {
  const before = await counts(a.db);
  await load(a.db, demo.customers + BULK);
  expect(await counts(a.db)).toEqual(before);

  await load(b.db, demo.customers + 1_100);
  await load(b.db, demo.customers + BULK, 0);
  for (const table of TABLES) {
    // Covered persons are numbered in the order they were added: holders and families per run.
    const withIds = table !== 'covered_persons';
    expect({ table, rows: await rows(b.db, table, withIds) }).toEqual({ table, rows: await rows(a.db, table, withIds) });
  }
});

const sqliteOnly = process.env.DATABASE_URL ? test.skip : test;

sqliteOnly(
  'SQLite: the indexes dropped for the load are back exactly as the migrations define them, and the connection settings too',
  async () => {
    const expected = await migratedIndexes();
    const present: Array<{ name: string; sql: string }> = await a.db.raw(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => '?').join(', ')})`,
      [...TABLES],
    );
    const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
    expect(present.map(({ name, sql }) => ({ name, sql })).sort(byName)).toEqual(
      expected.map(({ name, sql }) => ({ name, sql })).sort(byName),
    );
    const [journal] = await a.db.raw('PRAGMA journal_mode');
    const [sync] = await a.db.raw('PRAGMA synchronous');
    const [foreignKeys] = await a.db.raw('PRAGMA foreign_keys');
    expect([journal.journal_mode, sync.synchronous, foreignKeys.foreign_keys]).toEqual(['wal', 2, 1]);
    expect(await a.db.raw('PRAGMA foreign_key_check')).toEqual([]);
  },
);
