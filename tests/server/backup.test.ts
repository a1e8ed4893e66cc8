import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimDatabaseFile, databaseFileUser, pidFileOf } from '../../server/src/db/inUse';
import { migrateLatest, openDb } from '../../server/src/db/knex';
import { startTestEnv, type TestEnv } from '../support/testApp';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `npm run backup|restore -- FILE`'s script as the CLI does, on the given DB_FILE. */
function runScript(script: 'backup' | 'restore', file: string, dbFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, file], {
      cwd: ROOT,
      env: { ...process.env, DB_FILE: dbFile, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

// Backup and restore here are SQLite's (`VACUUM INTO` on the database file); on PostgreSQL the scripts
// only point at pg_dump/pg_restore, so there is nothing of ours to test when DATABASE_URL is set.
const describeOnSqlite = process.env.DATABASE_URL ? describe.skip : describe;

// Each test starts the scripts as child processes (node + tsx): on a busy machine that alone takes seconds,
// beyond jest's default 5 s.
describeOnSqlite('npm run backup / npm run restore (SQLite)', () => {
  let env: TestEnv;
  let dir: string;
  let dbFile: string;
  beforeAll(async () => {
    env = await startTestEnv();
    dbFile = (env.db.client.config.connection as { filename: string }).filename;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backoffice-backup-'));
  }, 60_000);
  afterAll(async () => {
    expect(env.errors).toEqual([]);
    await env.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an online backup while writes go on restores to a sound copy with everything written before it', async () => {
    const agent = await env.as('agent');
    const before: Array<{ id: number; body: string }> = [];
    for (let i = 0; i < 20; i++)
      before.push(
        (
          await agent
            .post('/api/notes')
            .send({ customer_id: 1 + (i % 10), body: `före ${i}` })
            .expect(201)
        ).body,
      );

    // Writers go on during the backup (bounded in count and time).
    let backupRunning = true;
    let duringBackup = 0;
    let written = 0;
    const failures: number[] = [];
    const writer = (async () => {
      const started = Date.now();
      while (backupRunning && written < 3000 && Date.now() - started < 60_000) {
        const res = await agent.post('/api/notes').send({ customer_id: 1 + (written % 10), body: `under ${written}` });
        if (res.status !== 201) failures.push(res.status);
        written++;
        duringBackup++;
      }
    })();
    duringBackup = 0;
    const backupFile = path.join(dir, 'backup.sqlite');
    const backup = await runScript('backup', backupFile, dbFile);
    backupRunning = false;
    await writer;
    expect(backup.output).toContain('integrity_check ok');
    expect(backup.code).toBe(0);
    expect(failures).toEqual([]);
    expect(duringBackup).toBeGreaterThan(0);
    console.log(`backup: ${duringBackup} notes acknowledged while the backup ran`);

    // Restore over a target that has a database and stale -wal/-shm files beside it.
    const target = path.join(dir, 'restored.sqlite');
    fs.writeFileSync(target, 'old database');
    fs.writeFileSync(`${target}-wal`, 'stale wal');
    fs.writeFileSync(`${target}-shm`, 'stale shm');
    const restore = await runScript('restore', backupFile, target);
    expect(restore.code).toBe(0);
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    expect(fs.existsSync(`${target}-shm`)).toBe(false);
    const setAside = fs.readdirSync(dir).filter((f) => f.startsWith('restored.sqlite.before-restore-'));
    expect(setAside).toHaveLength(3);

    const restored = openDb({ dbFile: target });
    try {
      expect((await restored.raw('PRAGMA integrity_check'))[0].integrity_check).toBe('ok');
      await migrateLatest(restored); // already at the latest schema: a no-op
      const notes = await restored('notes').select('id', 'body');
      const byId = new Map(notes.map((n) => [Number(n.id), n.body]));
      for (const n of before) expect(byId.get(n.id)).toBe(n.body);
      // A snapshot: no more notes than were written by the end, and each note with its audit event
      // (they commit together, so a consistent copy never has one without the other).
      const live = await env.db('notes').count({ n: '*' }).first();
      expect(notes.length).toBeLessThanOrEqual(Number(live!.n));
      const audited = new Set(
        (await restored('audit_events').where({ entity: 'notes', action: 'create' }).select('entity_id')).map((e) => Number(e.entity_id)),
      );
      // (The seed writes its notes directly, unaudited; ours are the ones written through the API.)
      const ours = notes.filter((n) => /^(före|under) \d+$/.test(n.body));
      expect(ours.length).toBeGreaterThanOrEqual(before.length);
      const unaudited = ours.filter((n) => !audited.has(Number(n.id)));
      expect(unaudited).toEqual([]);
      // The same customers, users and audit trail as the live database had before the backup.
      for (const table of ['customers', 'subscriptions', 'users']) {
        expect(Number((await restored(table).count({ n: '*' }).first())!.n)).toBe(
          Number((await env.db(table).count({ n: '*' }).first())!.n),
        );
      }
    } finally {
      await restored.destroy();
    }
  }, 120_000);

  test('backup refuses to overwrite an existing file; restore refuses a damaged backup and leaves DB_FILE alone', async () => {
    const existing = path.join(dir, 'exists.sqlite');
    fs.writeFileSync(existing, 'keep me');
    const backup = await runScript('backup', existing, dbFile);
    expect(backup.code).not.toBe(0);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');

    const damaged = path.join(dir, 'damaged.sqlite');
    fs.writeFileSync(damaged, Buffer.alloc(8192, 7));
    const target = path.join(dir, 'untouched.sqlite');
    fs.writeFileSync(target, 'current database');
    const restore = await runScript('restore', damaged, target);
    expect(restore.code).not.toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toBe('current database');
  }, 60_000);

  test('restore refuses while a server uses the database (its pid file names a live process), and goes ahead once it has stopped', async () => {
    const backupFile = path.join(dir, 'for-restore.sqlite');
    expect((await runScript('backup', backupFile, dbFile)).code).toBe(0);
    const target = path.join(dir, 'in-use.sqlite');
    fs.copyFileSync(dbFile, target);
    const original = fs.readFileSync(target);
    // This test's process plays the running server: it marks the file as a server does at start.
    const release = claimDatabaseFile(target);
    expect(databaseFileUser(target)?.pid).toBe(process.pid);
    const refused = await runScript('restore', backupFile, target);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/Refusing to restore: .* is in use by a running server \(pid \d+/);
    expect(fs.readFileSync(target).equals(original)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('in-use.sqlite.before-restore-'))).toEqual([]);
    // The server stops: its mark goes, and the restore goes ahead.
    release();
    expect(fs.existsSync(pidFileOf(target))).toBe(false);
    expect((await runScript('restore', backupFile, target)).code).toBe(0);
  }, 120_000);

  test('a mark left by a server that was killed (no such process) does not block a restore', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    const target = path.join(dir, 'stale.sqlite');
    fs.copyFileSync(dbFile, target);
    fs.writeFileSync(pidFileOf(target), JSON.stringify({ pid: gone.pid, hostname: os.hostname(), started_at: '2026-11-25T08:00:00Z' }));
    expect(databaseFileUser(target)).toBeUndefined();
    // Another machine's mark cannot be checked from here: it counts as in use.
    fs.writeFileSync(pidFileOf(target), JSON.stringify({ pid: gone.pid, hostname: 'another-host', started_at: '2026-11-25T08:00:00Z' }));
    expect(databaseFileUser(target)?.hostname).toBe('another-host');
  });
});
