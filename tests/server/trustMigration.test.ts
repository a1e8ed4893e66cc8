import { migrationSource } from '../../migrations';
import { startTestEnv, type TestEnv } from '../support/testApp';

/** The trust migration on the database under test (SQLite, or PostgreSQL with DATABASE_URL). */
let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv({ customers: 12 });
});
afterAll(async () => {
  await env.close();
});

const NAME = '20261127030000_trust';
const now = new Date().toISOString();
const count = async (table: string) => Number((await env.db(table).count({ c: '*' }).first())!.c);

test('down and up again keep every cancellation; revoked ones keep a reason', async () => {
  const before = await count('cancellations');
  const revoked = Number((await env.db('cancellations').where({ status: 'revoked' }).count({ c: '*' }).first())!.c);
  await env.db.migrate.down({ migrationSource, name: NAME });
  expect(await env.db.schema.hasTable('idempotency_keys')).toBe(false);
  expect(await env.db.schema.hasColumn('cancellations', 'revoke_reason')).toBe(false);
  // Without the migration a revoked cancellation needs no reason; with it again, it gets one.
  const open = await env.db('cancellations').where({ status: 'registered' }).first();
  await env.db('cancellations').where({ id: open!.id }).update({ status: 'revoked', revoked_on: '2026-11-20' });
  await env.db.migrate.latest({ migrationSource });
  expect(await count('cancellations')).toBe(before);
  expect(Number((await env.db('cancellations').where({ status: 'revoked' }).count({ c: '*' }).first())!.c)).toBe(revoked + 1);
  const row = await env.db('cancellations').where({ id: open!.id }).first();
  expect(row!.revoke_reason).toBe('Återkallad innan skäl registrerades');
  expect(Number((await env.db('cancellations').where({ status: 'revoked' }).whereNull('revoke_reason').count({ c: '*' }).first())!.c)).toBe(
    0,
  );
  // The one open cancellation per subscription still holds after the column came and went.
  const second = await env.db('cancellations').whereIn('status', ['registered', 'form_sent', 'confirmed']).first();
  const { id: _id, ...copy } = second!;
  await expect(env.db('cancellations').insert(copy)).rejects.toThrow();
});

test('a revoked cancellation without a reason is refused by the database, on insert and on update', async () => {
  const open = await env.db('cancellations').whereIn('status', ['registered', 'form_sent', 'confirmed']).first();
  await expect(env.db('cancellations').where({ id: open!.id }).update({ status: 'revoked' })).rejects.toThrow();
  await env.db('cancellations').where({ id: open!.id }).update({ status: 'revoked', revoke_reason: 'Ångrade sig' });
  const { id: _id, ...copy } = (await env.db('cancellations').where({ id: open!.id }).first())!;
  await expect(env.db('cancellations').insert({ ...copy, revoke_reason: null })).rejects.toThrow();
});

test('one answer per key, user, method and path', async () => {
  const row = {
    user_id: 1,
    idempotency_key: 'k-1',
    method: 'POST',
    path: '/api/notes',
    request_hash: 'a'.repeat(64),
    status: 'in_progress' as const,
    created_at: now,
    expires_at: now,
  };
  await env.db('idempotency_keys').insert(row);
  await expect(env.db('idempotency_keys').insert(row)).rejects.toThrow();
  await env.db('idempotency_keys').insert({ ...row, user_id: 2 });
  await env.db('idempotency_keys').insert({ ...row, path: '/api/cancellations' });
  // Done means an answer is kept.
  await expect(env.db('idempotency_keys').insert({ ...row, idempotency_key: 'k-2', status: 'done' as const })).rejects.toThrow();
});
