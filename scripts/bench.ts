import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDb } from '../server/src/db/knex';
import { formatPersonnummer } from '../server/src/domain/personnummer';

/**
 * `npm run bench`: throughput and latency of the API on a large database, measured with autocannon from
 * this process against the server in a child process (50 connections, each scenario run twice), next to
 * a bare Express route started the same way. Results go to BENCHMARKS.md as ratios to the bare route,
 * which hold on a noisy machine. Seed first: `npm run seed:large -- --customers 1000000`.
 */
const ROOT = path.resolve(__dirname, '..');
const DB_FILE = process.env.BENCH_DB_FILE ?? path.join(ROOT, 'data', 'bench.sqlite');
const TODAY = '2026-11-25';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 6);

function start(script: string, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DB_FILE, TODAY, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setInterval(async () => {
      try {
        await fetch(`http://127.0.0.1:${port}/`);
        clearInterval(t);
        resolve(child);
      } catch {
        if (child.exitCode !== null) {
          clearInterval(t);
          reject(new Error(`${script} exited: ${out.slice(-500)}`));
        }
      }
    }, 300);
  });
}

/** Peak resident memory of a process, from Linux's /proc. */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

interface Result {
  name: string;
  runs: Array<{ rps: number; p50: number; p99: number; errors: number; non2xx: number }>;
  target?: { ratio?: number; p99?: number };
}

async function run(name: string, base: string, paths: () => string, cookie?: string): Promise<Result['runs'][number]> {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: cookie ? { cookie } : {},
    requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const q = (filter: unknown, extra = '') => `filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`;

async function main() {
  if (!fs.existsSync(DB_FILE)) throw new Error(`No ${DB_FILE}: run npm run seed:large -- --customers 1000000 first (DB_FILE=${path.relative(ROOT, DB_FILE)})`);
  const db = openDb({ dbFile: DB_FILE });
  const customers = Number((await db('customers').count({ c: '*' }).first())?.c);
  const cancellations = Number((await db('cancellations').count({ c: '*' }).first())?.c);
  // A pool of real keys, spread over the whole table.
  const sample = await db('customers').whereNotNull('email').whereNotNull('phone').whereRaw('id % ? = 0', [Math.max(1, Math.floor(customers / 500))]).limit(500);
  await db.destroy();
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const national = (e164: string) => `0${e164.slice(3, 5)}-${e164.slice(5, 8)} ${e164.slice(8, 10)} ${e164.slice(10)}`;

  const appPort = 3710;
  const barePort = 3711;
  const app = await start('server/src/main.ts', appPort);
  const bare = await start('scripts/bareServer.ts', barePort);
  const appBase = `http://127.0.0.1:${appPort}`;
  const login = await fetch(`${appBase}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'agent', password: process.env.DEMO_PASSWORD ?? 'demo' }),
  });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0];
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const supLogin = await fetch(`${appBase}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: process.env.DEMO_PASSWORD ?? 'demo' }),
  });
  const supCookie = String(supLogin.headers.get('set-cookie')).split(';')[0];
  const schedule = await fetch(`${appBase}/api/customers/1/invoice-schedule`, { headers: { cookie } });

  const search = (value: () => string) => () => `/api/customers?${q({ q: value() }, '&range=[0,7]')}`;
  const page = (resource: string, sort: string, perPage = 50) => () =>
    `/api/${resource}?${q({ customer_id: pick(sample).id }, `&sort=${encodeURIComponent(sort)}&range=[0,${perPage - 1}]`)}`;
  const scenarios: Array<{ name: string; base: string; path: () => string; cookie?: string; target?: Result['target'] }> = [
    { name: 'bare Express route (yardstick)', base: `http://127.0.0.1:${barePort}`, path: () => '/bare' },
    { name: 'search: personnummer (YYMMDD-NNNN)', base: appBase, path: search(() => formatPersonnummer(pick(sample).personnummer).slice(2)), cookie, target: { ratio: 0.3, p99: 40 } },
    { name: 'search: phone (070-123 45 67 form)', base: appBase, path: search(() => national(pick(sample).phone)), cookie, target: { ratio: 0.3, p99: 40 } },
    { name: 'search: e-mail (upper case)', base: appBase, path: search(() => pick(sample).email.toUpperCase()), cookie, target: { ratio: 0.3, p99: 40 } },
    { name: 'search: customer number', base: appBase, path: search(() => pick(sample).customer_number), cookie, target: { ratio: 0.3, p99: 40 } },
    { name: 'search: name prefix, one letter', base: appBase, path: search(() => pick(['a', 'e', 'l', 'm', 's', 'ö'])), cookie, target: { ratio: 0.12, p99: 100 } },
    { name: 'search: name prefix, three letters', base: appBase, path: search(() => pick(['and', 'lin', 'kar', 'ber', 'joh', 'nil'])), cookie, target: { ratio: 0.12, p99: 100 } },
    { name: 'search: first + last name prefixes', base: appBase, path: search(() => pick(['anna and', 'lars ber', 'eva lin', 'erik jo'])), cookie, target: { ratio: 0.12, p99: 100 } },
    { name: 'customer page: record (audited view)', base: appBase, path: () => `/api/customers/${pick(sample).id}`, cookie, target: { p99: 40 } },
    { name: 'customer page: subscriptions', base: appBase, path: page('subscriptions', '["signed_on","DESC"]'), cookie, target: { p99: 40 } },
    { name: 'customer page: invoices', base: appBase, path: page('invoices', '["issued_on","DESC"]'), cookie, target: { p99: 40 } },
    { name: 'customer page: notes', base: appBase, path: page('notes', '["id","DESC"]', 100), cookie, target: { p99: 40 } },
    { name: 'customer page: history (audit events)', base: appBase, path: page('audit_events', '["id","DESC"]', 100), cookie, target: { p99: 40 } },
    { name: 'customer page: cancellations', base: appBase, path: page('cancellations', '["id","DESC"]'), cookie, target: { p99: 40 } },
    { name: 'customer page: billing changes', base: appBase, path: page('billing_changes', '["id","DESC"]'), cookie, target: { p99: 40 } },
    { name: 'customer page: GDPR requests', base: appBase, path: page('gdpr_requests', '["id","DESC"]'), cookie, target: { p99: 40 } },
    { name: 'customer page: products (getMany)', base: appBase, path: () => `/api/products?${q({ id: [1, 2, 3] })}`, cookie, target: { p99: 40 } },
    ...(schedule.status === 200
      ? [{ name: 'customer page: invoice schedule', base: appBase, path: () => `/api/customers/${pick(sample).id}/invoice-schedule`, cookie, target: { p99: 40 } }]
      : []),
    { name: 'cancellation queue: status, by end date, 25 rows', base: appBase, path: () => `/api/cancellations?${q({ status: pick(['registered', 'form_sent', 'confirmed']) }, '&sort=["ends_on","ASC"]&range=[0,24]')}`, cookie: supCookie, target: { p99: 50 } },
    { name: 'GDPR queue: open, by due date, 25 rows', base: appBase, path: () => `/api/gdpr_requests?${q({ status: 'open' }, '&sort=["due_on","ASC"]&range=[0,24]')}`, cookie: supCookie, target: { p99: 50 } },
  ];

  const results: Result[] = [];
  for (const s of scenarios) {
    const runs = [await run(s.name, s.base, s.path, s.cookie), await run(s.name, s.base, s.path, s.cookie)];
    results.push({ name: s.name, runs, target: s.target });
    const last = runs[1];
    console.log(`${s.name.padEnd(52)} ${String(runs[0].rps).padStart(6)} / ${String(last.rps).padStart(6)} req/s  p50 ${last.p50} ms  p99 ${last.p99} ms  non-2xx ${last.non2xx}`);
  }
  const appPeak = peakRssMb(app.pid);
  app.kill('SIGTERM');
  bare.kill('SIGTERM');

  const bareRps = results[0].runs[1].rps;
  const rows = results.map((r) => {
    const last = r.runs[1];
    const ratio = last.rps / bareRps;
    const checks: string[] = [];
    if (r.target?.ratio !== undefined) checks.push(`${ratio >= r.target.ratio ? '✔' : '✘'} ≥ ${Math.round(r.target.ratio * 100)} %`);
    if (r.target?.p99 !== undefined) checks.push(`${last.p99 < r.target.p99 ? '✔' : '✘'} p99 < ${r.target.p99} ms`);
    if (last.non2xx || last.errors) checks.push(`✘ ${last.non2xx} non-2xx, ${last.errors} errors`);
    return `| ${r.name} | ${r.runs[0].rps} / ${last.rps} | ${Math.round(ratio * 100)} % | ${last.p50} | ${last.p99} | ${checks.join(', ')} |`;
  });
  const cpu = os.cpus();
  const md = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.

Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}.
Database: SQLite (WAL) \`${path.relative(ROOT, DB_FILE)}\` with ${customers.toLocaleString('en')} customers and ${cancellations.toLocaleString('en')} cancellations.
Load: autocannon in the bench process, ${CONNECTIONS} connections, ${DURATION} s per run, each scenario run twice (req/s of both runs; ratio, p50 and p99 from the second). Keys are drawn at random from 500 customers spread over the table.
The yardstick is a bare Express 5 route answering a constant JSON, started the same way (node --import tsx), so ratios hold on a noisy machine.
Server peak memory (VmHWM): ${appPeak ?? 'n/a'} MB.

| scenario | req/s (run 1 / run 2) | of bare | p50 ms | p99 ms | target |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md + notes());
  console.log(`Wrote BENCHMARKS.md (server peak ${appPeak} MB)`);
}

/** Hand-written notes kept below the generated table (BENCHMARKS.notes.md). */
function notes(): string {
  const file = path.join(ROOT, 'BENCHMARKS.notes.md');
  return fs.existsSync(file) ? `\n${fs.readFileSync(file, 'utf8')}` : '';
}

main().catch((err) => {
  console.error(String(err?.message ?? err).split('\n')[0].slice(0, 500));
  process.exit(1);
});
