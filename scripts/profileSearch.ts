import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../server/src/db/knex';
import { formatPersonnummer } from '../server/src/domain/personnummer';
import { load, loginCookie, ROOT, startProcess, stop, summariseCpuProfile } from './benchSupport';

/**
 * `npx tsx scripts/profileSearch.ts`: a V8 CPU profile of the server while 50 connections search by
 * customer number (the exact-key search), summarised as shares of the server's main thread: idle, garbage
 * collection, the SQLite driver, Knex, Express and the app's own code. Uses BENCH_DB_FILE (data/bench.sqlite).
 */
const DB_FILE = process.env.BENCH_DB_FILE ?? path.join(ROOT, 'data', 'bench.sqlite');
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);

async function main() {
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpuprof-'));
  const db = openDb({ dbFile: DB_FILE });
  const customers = Number((await db('customers').count({ c: '*' }).first())?.c);
  const sample = (await db('customers')
    .whereRaw('id % ? = 0', [Math.max(1, Math.floor(customers / 500))])
    .limit(500)
    .select('customer_number', 'personnummer')) as Array<{ customer_number: string; personnummer: string }>;
  await db.destroy();
  const port = 3720;
  const app = await startProcess(
    ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--import', 'tsx', 'scripts/start.ts'],
    { DB_FILE, TODAY: '2026-11-25', DATABASE_URL: '', SEARCH_RATE_PER_MINUTE: '0', LOG_LEVEL: 'warn', PORT: String(port) },
    `http://127.0.0.1:${port}/`,
  );
  const base = `http://127.0.0.1:${port}`;
  const cookie = await loginCookie(base, 'agent');
  // PROFILE_KEY=personnummer searches by personnummer (YYMMDD-NNNN), which also looks through covered persons.
  const byPersonnummer = process.env.PROFILE_KEY === 'personnummer';
  const pick = () => {
    const c = sample[Math.floor(Math.random() * sample.length)];
    return byPersonnummer ? formatPersonnummer(c.personnummer).slice(2) : c.customer_number;
  };
  const path_ = () => `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: pick() }))}&range=[0,7]`;
  await load(base, path_, { cookie, connections: 50, seconds: 3 }); // warm-up
  const run = await load(base, path_, { cookie, connections: 50, seconds: SECONDS });
  await stop(app);
  console.log(`exact-key search under load: ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms`);
  console.log(summariseCpuProfile(profDir));
  fs.rmSync(profDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
