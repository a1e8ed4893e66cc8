import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../server/src/db/knex';
import { formatPersonnummer } from '../server/src/domain/personnummer';
import { load, loginCookie, ROOT, startProcess, stop } from './benchSupport';

/**
 * `npx tsx scripts/profileSearch.ts`: a V8 CPU profile of the server while 50 connections search by
 * customer number (the exact-key search), summarised as shares of the server's main thread: idle, garbage
 * collection, the SQLite driver, Knex, Express and the app's own code. Uses BENCH_DB_FILE (data/bench.sqlite).
 */
const DB_FILE = process.env.BENCH_DB_FILE ?? path.join(ROOT, 'data', 'bench.sqlite');
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

function category(frame: Node['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return 'idle (waiting for I/O: the SQLite thread pool, sockets)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8/native, not attributed (program)';
  if (url.includes('node_modules/knex')) return 'Knex (query building, compiling, client)';
  if (url.includes('node_modules/sqlite3')) return 'sqlite3 driver (JS side)';
  if (url.includes('node_modules/express') || url.includes('node_modules/router') || url.includes('node_modules/body-parser'))
    return 'Express (routing, middleware)';
  if (url.includes('node_modules/helmet')) return 'helmet (security headers)';
  if (url.includes('node_modules/zod')) return 'zod (validation)';
  if (url.includes('node_modules/pino')) return 'pino (access log)';
  if (url.includes('node_modules/tarn') || url.includes('node_modules/generic-pool')) return 'connection pool (tarn)';
  if (url.includes('node_modules/')) return `other packages (${url.split('node_modules/')[1]?.split('/')[0]})`;
  if (url.includes('/server/src/')) return 'the app (server/src)';
  if (url.startsWith('node:') || url === '' || !url.includes('/')) return 'Node core (http, net, streams, timers, crypto)';
  return `other (${path.basename(url)})`;
}

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
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as {
    nodes: Node[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Inclusive time of the app's own functions (everything they call, counted once per sample).
  const inclusive = new Map<string, number>();
  // Only samples of the loaded window would be ideal; start-up and migration are short next to it.
  const totals = new Map<string, number>();
  const functions = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    const c = category(node.callFrame);
    totals.set(c, (totals.get(c) ?? 0) + dt);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/node_modules/').pop()?.replace(ROOT, '')}`;
    functions.set(fn, (functions.get(fn) ?? 0) + dt);
    all += dt;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (!f.url.includes('/server/src/')) continue;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(ROOT, '').replace('file://', '')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const pct = (v: number) => `${((100 * v) / all).toFixed(1)} %`;
  console.log(`exact-key search under load: ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms; profile ${(all / 1e6).toFixed(1)} s`);
  console.log("| where the main thread's time goes | share |\n|---|---|");
  for (const [c, v] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`| ${c} | ${pct(v)} |`);
  console.log('\nTop functions (self time):');
  for (const [f, v] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(v).padStart(7)}  ${f}`);
  console.log("\nThe app's functions, inclusive time:");
  for (const [f, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(v).padStart(7)}  ${f}`);
  fs.rmSync(profDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
