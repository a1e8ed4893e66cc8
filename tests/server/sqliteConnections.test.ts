import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import sqlite3 from 'sqlite3';
import { openDb, PREPARED_PER_CONNECTION } from '../../server/src/db/knex';

/**
 * SQLite connections keep their statements prepared (db/knex.ts, `keepPreparedStatements`). A kept
 * statement must never hold a read snapshot between queries (a read after a commit sees it; a checkpoint
 * is not blocked), a statement that cannot be prepared fails its query without hanging the next ones, and a
 * connection with many kept statements still closes. Transactions queued behind one another commit together
 * (`runBatch`), each as if alone. SQLite only: on PostgreSQL neither applies.
 */
const onSqlite = process.env.DATABASE_URL ? describe.skip : describe;

onSqlite('SQLite connections: kept statements and queued transactions', () => {
  let dir: string;
  let db: Knex;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prepared-'));
    db = openDb({ dbFile: path.join(dir, 'test.sqlite'), sqlitePool: 1 });
    await db.raw('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  });

  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const names = () => db('items').orderBy('id').pluck('name') as Promise<string[]>;

  test('a read on a connection with a kept statement sees every commit made since, by a transaction or a plain write', async () => {
    expect(await names()).toEqual([]);
    for (let i = 1; i <= 5; i++) {
      // Transactions run on their own connection; reads on the pool's one, with the statement kept.
      await db.transaction((trx) => trx('items').insert({ id: i, name: `t${i}` }));
      expect(await names()).toEqual(Array.from({ length: i }, (_, k) => `t${k + 1}`));
      expect(await db('items').where({ id: i }).first('name')).toEqual({ name: `t${i}` });
    }
    await db('items').where({ id: 1 }).update({ name: 'ändrad' });
    expect((await names())[0]).toBe('ändrad');
  });

  test('writes through kept statements answer row ids and changes; transactions commit and roll back', async () => {
    for (let i = 1; i <= 3; i++) expect(await db('items').insert({ name: `n${i}` })).toEqual([i]);
    expect(await db('items').insert({ name: 'med returning' }).returning('id')).toEqual([{ id: 4 }]);
    expect(await db('items').where('id', '<=', 2).update({ name: 'x' })).toBe(2);
    expect(await db('items').where('id', '>', 3).update({ name: 'y' })).toBe(1);
    await expect(
      db.transaction(async (trx) => {
        await trx('items').insert({ name: 'ångras' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.transaction((trx) => trx('items').where({ id: 3 }).delete())).toBe(1);
    expect(await names()).toEqual(['x', 'x', 'y']);
  });

  test("a transaction's statements are kept too: run again, they are not prepared again", async () => {
    // Counts the statements sqlite3 creates (Database#prepare, #run, #all and the like each create one).
    const created: string[] = [];
    const proto = sqlite3.Database.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = (['prepare', 'run', 'all', 'get', 'each'] as const).map((m) => [m, proto[m]] as const);
    for (const [m, original] of originals)
      proto[m] = function (this: unknown, ...args: unknown[]) {
        created.push(String(args[0]));
        return original.apply(this, args);
      };
    try {
      const write = (i: number) =>
        db.transaction(async (trx) => {
          await trx('items').insert({ name: `w${i}` });
          await trx('items')
            .where({ name: `w${i}` })
            .update({ name: `u${i}` });
        });
      await write(1);
      const afterFirst = created.length;
      for (let i = 2; i <= 6; i++) await write(i);
      expect(created.length).toBe(afterFirst);
      expect(await names()).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    } finally {
      for (const [m, original] of originals) proto[m] = original;
    }
  });

  test('kept statements hold no read snapshot: a full checkpoint completes between reads', async () => {
    await db.transaction((trx) =>
      trx('items').insert([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ]),
    );
    for (let i = 0; i < 20; i++) await db('items').where('id', '>', 0).limit(1).select('name');
    await db.transaction((trx) => trx('items').insert({ id: 3, name: 'c' }));
    // `busy` is 1 when a reader still holds a snapshot that the checkpoint must not overwrite.
    const [result] = (await db.raw('PRAGMA wal_checkpoint(TRUNCATE)')) as Array<{ busy: number }>;
    expect(result.busy).toBe(0);
  });

  test('a query that cannot be prepared fails alone; the same and other queries go on', async () => {
    await db('items').insert({ id: 1, name: 'a' });
    await expect(db('no_such_table').select('id')).rejects.toThrow(/no such table/);
    await expect(db('no_such_table').select('id')).rejects.toThrow(/no such table/);
    expect(await names()).toEqual(['a']);
    await db.raw('CREATE TABLE no_such_table (id INTEGER PRIMARY KEY)');
    expect(await db('no_such_table').select('id')).toEqual([]);
  });

  test('a statement kept from before a schema change reads the new schema', async () => {
    await db('items').insert({ id: 1, name: 'a' });
    expect(await db('items').select('*')).toEqual([{ id: 1, name: 'a' }]);
    await db.raw("ALTER TABLE items ADD COLUMN city TEXT NOT NULL DEFAULT 'Umeå'");
    expect(await db('items').select('*')).toEqual([{ id: 1, name: 'a', city: 'Umeå' }]);
  });

  test('more distinct queries than are kept, then the connection closes cleanly', async () => {
    await db('items').insert({ id: 1, name: 'a' });
    const distinct = PREPARED_PER_CONNECTION + 50;
    for (let i = 0; i < distinct; i++) {
      // Each its own SQL text (a different alias), so each its own statement.
      expect(await db('items').first(`name as n${i}`)).toEqual({ [`n${i}`]: 'a' });
    }
    // Parallel queries of one shape on one connection (a pool of one): all answered.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db('items')
          .where('id', '>=', i % 2)
          .first('name'),
      ),
    );
    expect(answers.every((a) => a?.name === 'a')).toBe(true);
    expect(await closedAlone()).toBe('delete');
    db = openDb({ dbFile: path.join(dir, 'test.sqlite'), sqlitePool: 1 });
    expect(await names()).toEqual(['a']);
  });

  test("a transaction on a pool's connection (as the bulk seed runs) leaves it closable", async () => {
    await db('items').insert({ id: 1, name: 'a' });
    const conn = await db.client.acquireConnection();
    try {
      await db.transaction(async (trx) => expect(await trx('items').where({ id: 1 }).first('name')).toEqual({ name: 'a' }), {
        connection: conn,
      });
    } finally {
      db.client.releaseConnection(conn);
    }
    expect(await closedAlone()).toBe('delete');
    db = openDb({ dbFile: path.join(dir, 'test.sqlite'), sqlitePool: 1 });
  });

  /**
   * Destroys the handle and switches the file out of WAL mode from a connection of its own, answering the mode
   * it is in then. SQLite refuses to close a connection with live statements (and knex's destroy does not say
   * so): only once every connection is closed may the file leave WAL mode (as `seed:large` does).
   */
  async function closedAlone(): Promise<string> {
    await db.destroy();
    const alone = new sqlite3.Database(path.join(dir, 'test.sqlite'));
    const mode = await new Promise<string>((resolve, reject) =>
      alone.get('PRAGMA journal_mode = DELETE', (err, row: { journal_mode: string }) => (err ? reject(err) : resolve(row.journal_mode))),
    );
    await new Promise((resolve) => alone.close(resolve));
    return mode;
  }

  describe('queued transactions commit together', () => {
    test('concurrent transactions share a commit, each answered with its own result, in the order they came', async () => {
      const seen = new Set<unknown>();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.transaction(async (trx) => {
            seen.add(trx);
            // Serial as if alone: each reads what those before it wrote.
            const max = (await trx('items').max({ m: 'id' }).first()) as { m: number | null };
            await trx('items').insert({ id: (max.m ?? 0) + 1, name: `n${i}` });
            return i;
          }),
        ),
      );
      expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(await names()).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
      // Fewer transactions than callers: the first ran alone, the others queued behind it and went together.
      expect(seen.size).toBeLessThan(20);
    });

    test('one that fails undoes only its own writes: the others are committed, each caller gets its own answer', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          db.transaction(async (trx) => {
            await trx('items').insert({ id: i + 1, name: `n${i}` });
            if (i % 4 === 2) throw new Error(`refused ${i}`);
            return i;
          }),
        ),
      );
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
        0,
        1,
        'refused 2',
        3,
        4,
        5,
        'refused 6',
        7,
        8,
        9,
      ]);
      expect(await names()).toEqual(['n0', 'n1', 'n3', 'n4', 'n5', 'n7', 'n8', 'n9']);
    });
  });
});
