import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openDb } from '../server/src/db/knex';
import { formatPersonnummer } from '../server/src/domain/personnummer';
import { buildBgmax, encodeLatin1 } from '../server/src/domain/bgmax';
import {
  type BenchRequest,
  cpuMs,
  load,
  loginCookie,
  machine,
  peakRssMb,
  ROOT,
  type RunFigures,
  startProcess,
  stop,
  summariseCpuProfile,
  writeSection,
} from './benchSupport';

/**
 * `npm run bench`: throughput and latency of the API on a large database, measured with autocannon from
 * this process against the server in a child process (50 connections, each scenario run twice), next to
 * a bare Express route started the same way. Results go to BENCHMARKS.md as ratios to the bare route,
 * which hold on a noisy machine. Seed first: `npm run seed:large -- --customers 1000000`.
 */
const DB_FILE = process.env.BENCH_DB_FILE ?? path.join(ROOT, 'data', 'bench.sqlite');
const TODAY = '2026-11-25';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 6);

interface Result {
  name: string;
  runs: RunFigures[];
  /** ratio: of the bare route; of: of another scenario's req/s in the same run (by name). */
  target?: { ratio?: number; p99?: number; of?: { name: string; ratio: number } };
}

const BGMAX_PAYMENTS = Number(process.env.BENCH_BGMAX_PAYMENTS ?? 10_000);

interface BgmaxFigures {
  bytes: number;
  payments: number;
  uploadMs: number;
  answer: Record<string, unknown>;
  probes: number;
  probeP50: number;
  probeP99: number;
  longestStall: number;
  probesOver200: number;
}

/**
 * "Upload a BgMax file of 10,000 payments": a supervisor posts a file paying open invoices of the large
 * seed (1 % with a reference nobody can place), while a probe sends light GET requests one after the other
 * on four connections (an agent's search, a customer's invoices, \`/auth/me\`). The upload's time is
 * from sending to the answer; the longest stall is the slowest probe answered while the upload ran.
 */
async function bgmaxUpload(
  base: string,
  supervisorCookie: string,
  agentCookie: string,
  invoices: Array<{ ocr: string; open_ore: number }>,
  sample: Array<{ id: number; customer_number: string }>,
): Promise<BgmaxFigures> {
  const payments = invoices.map((inv, i) =>
    i % 100 === 99
      ? { reference: `Inbetalning ${i}`, reference_code: '3', amount_ore: 10_000, payer_name: 'Bänk Märksson' }
      : { reference: inv.ocr, amount_ore: Number(inv.open_ore) },
  );
  const stamp = new Date().toISOString().slice(0, 19);
  const bytes = encodeLatin1(buildBgmax({ timestamp: stamp, sections: [{ bankgiro: '56781234', payment_date: TODAY, payments }] }));
  const probePaths = [
    () => `/api/customers?${q({ q: sample[Math.floor(Math.random() * sample.length)].customer_number }, '&range=[0,7]')}`,
    () => `/api/invoices?${q({ customer_id: sample[Math.floor(Math.random() * sample.length)].id }, '&range=[0,24]')}`,
    () => '/api/auth/me',
  ];
  const latencies: Array<{ at: number; ms: number }> = [];
  let uploading = true;
  const probe = async () => {
    while (uploading) {
      const started = performance.now();
      const res = await fetch(`${base}${probePaths[latencies.length % probePaths.length]()}`, { headers: { cookie: agentCookie } });
      await res.arrayBuffer();
      latencies.push({ at: started, ms: performance.now() - started });
    }
  };
  // Warm the probe's paths first, so the first answers measure the server, not the first query plans.
  for (const path of probePaths) await (await fetch(`${base}${path()}`, { headers: { cookie: agentCookie } })).arrayBuffer();
  const probes = Promise.all([probe(), probe(), probe(), probe()]);
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  const res = await fetch(`${base}/api/payment_files?filename=bench-bgmax.txt`, {
    method: 'POST',
    headers: { cookie: supervisorCookie, 'content-type': 'text/plain; charset=iso-8859-1' },
    body: Buffer.from(bytes),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  const uploadMs = performance.now() - started;
  uploading = false;
  await probes;
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  const during = latencies.filter((l) => l.at + l.ms >= started && l.at <= started + uploadMs).map((l) => l.ms);
  const sorted = [...during].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  const figures = {
    bytes: bytes.length,
    payments: payments.length,
    uploadMs: Math.round(uploadMs),
    answer,
    probes: during.length,
    probeP50: at(0.5),
    probeP99: at(0.99),
    longestStall: Math.round(sorted[sorted.length - 1] ?? 0),
    probesOver200: during.filter((ms) => ms > 200).length,
  };
  console.log(
    `BgMax ${figures.payments} payments (${Math.round(figures.bytes / 1024)} kB): ${figures.uploadMs} ms, ${JSON.stringify(answer)}; probes during it: ${figures.probes}, p50 ${figures.probeP50} ms, p99 ${figures.probeP99} ms, longest ${figures.longestStall} ms`,
  );
  return figures;
}

function bgmaxSection(name: string, f: BgmaxFigures, customers: number): string {
  const kr = (ore: unknown) => `${(Number(ore) / 100).toLocaleString('sv-SE', { minimumFractionDigits: 2 })} kr`;
  return `## Payments: ${name}

Written by \`npm run bench\` (\`BENCH_ONLY=BgMax\` runs only this) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.
Machine: ${machine()}. Database: SQLite (WAL) with ${customers.toLocaleString('en')} customers and their invoices (\`npm run seed:large\`).

A supervisor uploads one BgMax file (\`POST /api/payment_files\`, ${Math.round(f.bytes / 1024)} kB, ISO-8859-1) paying ${f.payments.toLocaleString('en')} open
invoices spread over the table, 1 % of them with a free-text reference nobody can place. The server parses the file,
matches every reference against the invoices' OCR numbers in one query and books everything in one transaction
(payments, invoices, one audit event per booking). Meanwhile four connections send light GET requests one after the
other (an agent's customer search, a customer's invoices, \`/auth/me\`).

| measure | value | target |
|---|---|---|
| upload → answer (parse, match, book, commit) | ${f.uploadMs} ms | ${f.uploadMs < 5000 ? '✔' : '✘'} < 5 s |
| booked | ${f.answer.matched} on invoices (${kr(f.answer.matched_ore)}), ${f.answer.unmatched} unmatched (${kr(f.answer.unmatched_ore)}) of ${f.answer.payments} | one transaction |
| light GET requests answered during the upload | ${f.probes} (p50 ${f.probeP50} ms, p99 ${f.probeP99} ms) | |
| longest stall of any of them | ${f.longestStall} ms (${f.probesOver200} over 200 ms) | ${f.longestStall <= 200 ? '✔' : '✘'} ≤ 200 ms |
`;
}

const q = (filter: unknown, extra = '') => `filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`;

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
const national = (e164: string) => `0${e164.slice(3, 5)}-${e164.slice(5, 8)} ${e164.slice(8, 10)} ${e164.slice(10)}`;

type Sample = Awaited<ReturnType<typeof readSample>>;
type Scenario = { name: string; base: string; path: () => BenchRequest; cookie?: string; target?: Result['target'] };

/** Table sizes and keys drawn from the database the server under test reads (SQLite or PostgreSQL). */
async function readSample(db: Knex, withInvoices: boolean) {
  const customers = Number((await db('customers').count({ c: '*' }).first())?.c);
  const cancellations = Number((await db('cancellations').count({ c: '*' }).first())?.c);
  // A pool of real keys, spread over the whole table.
  const sample = await db('customers')
    .whereNotNull('email')
    .whereNotNull('phone')
    .whereRaw('id % ? = 0', [Math.max(1, Math.floor(customers / 500))])
    .limit(500)
    // Both are present: the query asks for customers with a phone and an e-mail.
    .then((rows) => rows.map((c) => ({ ...c, phone: c.phone ?? '', email: c.email ?? '' })));
  // The BgMax scenario pays 10,000 open invoices spread over the table (others each run: paid ones drop out),
  // taken from one residue class of the ids after another until there are enough.
  const openInvoices: Array<{ ocr: string; open_ore: number }> = [];
  for (
    let k = Math.floor(Math.random() * 97), tried = 0;
    withInvoices && openInvoices.length < BGMAX_PAYMENTS && tried < 97;
    k = (k + 1) % 97, tried++
  ) {
    openInvoices.push(
      ...(await db('invoices')
        .where({ kind: 'invoice', status: 'unpaid' })
        .whereRaw('id % ? = ?', [97, k])
        .limit(BGMAX_PAYMENTS - openInvoices.length)
        .select('ocr', 'open_ore')),
    );
  }
  // People covered by family subscriptions (seed:large adds a partner with an alarm phone and a child to each).
  const coveredSample: Array<{ personnummer: string; alarm_phone: string | null }> = await db('covered_persons')
    .whereNot('relation', 'holder')
    .whereNull('removed_on')
    .whereRaw('id % 997 = 0')
    .limit(500)
    .select('personnummer', 'alarm_phone');
  const coveredPhones = coveredSample.filter((p) => p.alarm_phone).map((p) => p.alarm_phone!);
  return { customers, cancellations, sample, openInvoices, coveredSample, coveredPhones };
}

/** The scenarios against one API base (the first is the yardstick, the bare route at `bareBase`). */
function scenariosFor(appBase: string, bareBase: string, cookie: string, supCookie: string, s: Sample, hasSchedule: boolean): Scenario[] {
  const { sample, coveredSample, coveredPhones } = s;
  const search = (value: () => string) => () => `/api/customers?${q({ q: value() }, '&range=[0,7]')}`;
  const page =
    (resource: string, sort: string, perPage = 50, filter: Record<string, unknown> = {}) =>
    () =>
      `/api/${resource}?${q({ customer_id: pick(sample).id, ...filter }, `&sort=${encodeURIComponent(sort)}&range=[0,${perPage - 1}]`)}`;
  // The history tab as the record asks for it: the changes, 50 to a page (views are a filter of their own).
  const history = page('audit_events', '["id","DESC"]', 50, { views: false });
  // What agents do during calls, in rough proportions: find the caller, open the record and its tabs,
  // now and then write a note.
  const pageRequests = [
    page('subscriptions', '["signed_on","DESC"]'),
    page('invoices', '["issued_on","DESC"]'),
    page('notes', '["id","DESC"]', 100),
    history,
    page('cancellations', '["id","DESC"]'),
  ];
  const mixed = (): BenchRequest => {
    const r = Math.random();
    if (r < 0.25)
      return search(() => (Math.random() < 0.5 ? national(pick(sample).phone) : formatPersonnummer(pick(sample).personnummer)))();
    if (r < 0.35) return search(() => pick(['and', 'lin', 'anna and', 'ber', 'eri']))();
    if (r < 0.5) return `/api/customers/${pick(sample).id}`;
    if (r < 0.95) return pick(pageRequests)();
    return { path: '/api/notes', method: 'POST', body: { customer_id: pick(sample).id, body: 'Kunden ringde om fakturan.' } };
  };
  const scenarios: Scenario[] = [
    { name: 'bare Express route (yardstick)', base: bareBase, path: () => '/bare' },
    {
      name: 'search: personnummer (YYMMDD-NNNN)',
      base: appBase,
      path: search(() => formatPersonnummer(pick(sample).personnummer).slice(2)),
      cookie,
      target: { ratio: 0.3, p99: 40 },
    },
    {
      name: 'search: phone (070-123 45 67 form)',
      base: appBase,
      path: search(() => national(pick(sample).phone)),
      cookie,
      target: { ratio: 0.3, p99: 40 },
    },
    // A covered person's personnummer or alarm phone finds the holder's customer, with `matched_via`.
    ...(coveredSample.length && coveredPhones.length
      ? [
          {
            name: 'search: personnummer of a covered person (via)',
            base: appBase,
            path: search(() => formatPersonnummer(pick(coveredSample).personnummer).slice(2)),
            cookie,
            target: { ratio: 0.3, p99: 40 },
          },
          {
            name: "search: phone, a covered person's alarm phone (via)",
            base: appBase,
            path: search(() => national(pick(coveredPhones))),
            cookie,
            target: { ratio: 0.3, p99: 40 },
          },
        ]
      : []),
    {
      name: 'search: e-mail (upper case)',
      base: appBase,
      path: search(() => pick(sample).email.toUpperCase()),
      cookie,
      target: { ratio: 0.3, p99: 40 },
    },
    {
      name: 'search: customer number',
      base: appBase,
      path: search(() => pick(sample).customer_number),
      cookie,
      target: { ratio: 0.3, p99: 40 },
    },
    {
      name: 'search: name prefix, one letter',
      base: appBase,
      path: search(() => pick(['a', 'e', 'l', 'm', 's', 'ö'])),
      cookie,
      target: { ratio: 0.12, p99: 100 },
    },
    {
      name: 'search: name prefix, three letters',
      base: appBase,
      path: search(() => pick(['and', 'lin', 'kar', 'ber', 'joh', 'nil'])),
      cookie,
      target: { ratio: 0.12, p99: 100 },
    },
    {
      name: 'search: first + last name prefixes',
      base: appBase,
      path: search(() => pick(['anna and', 'lars ber', 'eva lin', 'erik jo'])),
      cookie,
      target: { ratio: 0.1, p99: 150 },
    },
    {
      name: 'customer page: record (audited view)',
      base: appBase,
      path: () => `/api/customers/${pick(sample).id}`,
      cookie,
      target: { p99: 40, of: { name: 'search: customer number', ratio: 0.5 } },
    },
    {
      name: 'customer page: subscriptions',
      base: appBase,
      path: page('subscriptions', '["signed_on","DESC"]'),
      cookie,
      target: { p99: 40 },
    },
    { name: 'customer page: invoices', base: appBase, path: page('invoices', '["issued_on","DESC"]'), cookie, target: { p99: 40 } },
    { name: 'customer page: notes', base: appBase, path: page('notes', '["id","DESC"]', 100), cookie, target: { p99: 40 } },
    {
      name: 'customer page: history (audit events)',
      base: appBase,
      path: history,
      cookie,
      target: { p99: 40 },
    },
    { name: 'customer page: cancellations', base: appBase, path: page('cancellations', '["id","DESC"]'), cookie, target: { p99: 40 } },
    { name: 'customer page: billing changes', base: appBase, path: page('billing_changes', '["id","DESC"]'), cookie, target: { p99: 40 } },
    { name: 'customer page: GDPR requests', base: appBase, path: page('gdpr_requests', '["id","DESC"]'), cookie, target: { p99: 40 } },
    {
      name: 'customer page: products (getMany)',
      base: appBase,
      path: () => `/api/products?${q({ id: [1, 2, 3] })}`,
      cookie,
      target: { p99: 40 },
    },
    ...(hasSchedule
      ? [
          {
            name: 'customer page: invoice schedule',
            base: appBase,
            path: () => `/api/customers/${pick(sample).id}/invoice-schedule`,
            cookie,
            target: { p99: 40 },
          },
        ]
      : []),
    {
      name: 'cancellation queue: status, by end date, 25 rows',
      base: appBase,
      path: () =>
        `/api/cancellations?${q({ status: pick(['registered', 'form_sent', 'confirmed']) }, '&sort=["ends_on","ASC"]&range=[0,24]')}`,
      cookie: supCookie,
      target: { p99: 50 },
    },
    {
      name: 'mixed agent workload (25 % key search, 10 % name search, 15 % open record, 45 % tabs, 5 % notes written)',
      base: appBase,
      path: mixed,
      cookie,
      target: { ratio: 0.25, p99: 100 },
    },
    {
      name: 'GDPR queue: open, by due date, 25 rows',
      base: appBase,
      path: () => `/api/gdpr_requests?${q({ status: 'open' }, '&sort=["due_on","ASC"]&range=[0,24]')}`,
      cookie: supCookie,
      target: { p99: 50 },
    },
  ];
  return scenarios;
}

async function main() {
  if (process.env.DATABASE_URL) return postgresMain();
  if (!fs.existsSync(DB_FILE))
    throw new Error(`No ${DB_FILE}: run npm run seed:large -- --customers 1000000 first (DB_FILE=${path.relative(ROOT, DB_FILE)})`);
  const db = openDb({ dbFile: DB_FILE });
  const s = await readSample(db, true);
  await db.destroy();
  const { customers, cancellations, sample, openInvoices } = s;
  const appPort = 3710;
  const barePort = 3711;
  // The benchmark is one user hammering the search: no per-user search limit, and only warnings in the log.
  const env = { DB_FILE, TODAY, DATABASE_URL: '', SEARCH_RATE_PER_MINUTE: '0', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
  // BENCH_CPU_PROF=1 (with BENCH_ONLY): a V8 CPU profile of the server over the chosen scenarios, summarised at the end.
  const profDir = process.env.BENCH_CPU_PROF ? fs.mkdtempSync(path.join(os.tmpdir(), 'cpuprof-')) : undefined;
  const app = await startProcess(
    [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), '--import', 'tsx', 'scripts/start.ts'],
    { ...env, PORT: String(appPort) },
    `http://127.0.0.1:${appPort}/`,
  );
  const bare = await startProcess(
    ['--import', 'tsx', 'scripts/bareServer.ts'],
    { PORT: String(barePort) },
    `http://127.0.0.1:${barePort}/`,
  );
  // For reference in the table, not a yardstick: the same bare route served as the app is (createHttpServer).
  const likeAppPort = 3712;
  const bareLikeApp = await startProcess(
    ['--import', 'tsx', 'scripts/bareServer.ts'],
    { PORT: String(likeAppPort), BARE_LIKE_APP: '1' },
    `http://127.0.0.1:${likeAppPort}/`,
  );
  const appBase = `http://127.0.0.1:${appPort}`;
  const cookie = await loginCookie(appBase, 'agent');
  const supCookie = await loginCookie(appBase, 'supervisor');
  const schedule = await fetch(`${appBase}/api/customers/1/invoice-schedule`, { headers: { cookie } });

  const [yardstick, ...rest] = scenariosFor(appBase, `http://127.0.0.1:${barePort}`, cookie, supCookie, s, schedule.status === 200);
  const likeAppBase = `http://127.0.0.1:${likeAppPort}`;
  const scenarios: Scenario[] = [
    yardstick,
    { name: 'bare route served as the app is, for reference (not a target)', base: likeAppBase, path: () => '/bare' },
    ...rest,
  ];

  // BENCH_ONLY=text runs the yardstick and the scenarios whose name contains it (several: a|b), without
  // writing the file.
  const only = process.env.BENCH_ONLY;
  const wanted = (name: string) => !only || only.split('|').some((part) => name.includes(part));
  const chosen = only ? scenarios.filter((s, i) => i === 0 || wanted(s.name)) : scenarios;
  const results: Result[] = [];
  for (const s of chosen) {
    const options = { cookie: s.cookie, connections: CONNECTIONS, seconds: DURATION };
    const runs = [await load(s.base, s.path, options)];
    // The server's CPU per request over the second run (all threads, and the main thread): steadier than req/s
    // on a noisy host. The yardstick's is its own process's.
    const pid = s.base === appBase ? app.pid : s.base === likeAppBase ? bareLikeApp.pid : bare.pid;
    const before = cpuMs(pid);
    const started = performance.now();
    runs.push(await load(s.base, s.path, options));
    const after = cpuMs(pid);
    results.push({ name: s.name, runs, target: s.target });
    const last = runs[1];
    const served = (last.rps * (performance.now() - started)) / 1000;
    const cpu =
      before && after
        ? `  CPU/req ${((after.total - before.total) / served).toFixed(2)} ms (main thread ${((after.main - before.main) / served).toFixed(2)})`
        : '';
    console.log(
      `${s.name.padEnd(52)} ${String(runs[0].rps).padStart(6)} / ${String(last.rps).padStart(6)} req/s  p50 ${last.p50} ms  p99 ${last.p99} ms  non-2xx ${last.non2xx} ${last.non2xxCodes}${cpu}`,
    );
  }
  const bgmaxName = `upload a BgMax file of ${BGMAX_PAYMENTS.toLocaleString('en')} payments`;
  const bgmax = wanted(bgmaxName) ? await bgmaxUpload(appBase, supCookie, cookie, openInvoices, sample) : undefined;
  const appPeak = peakRssMb(app.pid);
  const serverErrors = (app as unknown as { errorLines: () => string[] }).errorLines();
  if (serverErrors.length) console.log(`Server logged ${serverErrors.length} error(s):\n${serverErrors.slice(0, 5).join('\n')}`);
  await stop(app);
  await stop(bare);
  await stop(bareLikeApp);
  if (profDir) console.log(summariseCpuProfile(profDir));

  const bareRps = results[0].runs[1].rps;
  const rows = results.map((r) => {
    const last = r.runs[1];
    const ratio = last.rps / bareRps;
    const checks: string[] = [];
    if (r.target?.ratio !== undefined) checks.push(`${ratio >= r.target.ratio ? '✔' : '✘'} ≥ ${Math.round(r.target.ratio * 100)} %`);
    const of = r.target?.of && results.find((o) => o.name === r.target!.of!.name);
    if (r.target?.of && of) {
      const share = last.rps / of.runs[1].rps;
      checks.push(
        `${share >= r.target.of.ratio ? '✔' : '✘'} ≥ ${Math.round(r.target.of.ratio * 100)} % of ${of.name} (${Math.round(share * 100)} %)`,
      );
    }
    if (r.target?.p99 !== undefined) checks.push(`${last.p99 < r.target.p99 ? '✔' : '✘'} p99 < ${r.target.p99} ms`);
    if (last.non2xx || last.errors)
      checks.push(`✘ ${last.non2xx} non-2xx${last.non2xxCodes ? ` (${last.non2xxCodes})` : ''}, ${last.errors} errors`);
    return `| ${r.name} | ${r.runs[0].rps} / ${last.rps} | ${Math.round(ratio * 100)} % | ${last.p50} | ${last.p99} | ${checks.join(', ')} |`;
  });
  const md = `## API at a million customers

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.

Machine: ${machine()}.
Database: SQLite (WAL) \`${path.relative(ROOT, DB_FILE)}\` with ${customers.toLocaleString('en')} customers and ${cancellations.toLocaleString('en')} cancellations.
Load: autocannon in the bench process, ${CONNECTIONS} connections, ${DURATION} s per run, each scenario run twice (req/s of both runs; ratio, p50 and p99 from the second). Keys are drawn at random from 500 customers spread over the table.
The yardstick is a bare Express 5 route answering a constant JSON, started the same way (node --import tsx), so ratios hold on a noisy machine. The row after it is the same route served as the app is (\`createHttpServer\`: requests made with Express's prototypes), for reference: the app's ratios include that gain, which the yardstick does not have.
Server peak memory (VmHWM): ${appPeak ?? 'n/a'} MB.

| scenario | req/s (run 1 / run 2) | of bare | p50 ms | p99 ms | target |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
  if (bgmax) {
    writeSection('bgmax', bgmaxSection(bgmaxName, bgmax, customers));
    console.log(`Wrote the ${bgmaxName} section of BENCHMARKS.md`);
  }
  if (only) return;
  writeSection('api', md);
  console.log(`Wrote BENCHMARKS.md (server peak ${appPeak} MB)`);
}

interface Configuration {
  label: string;
  sample: Sample;
  /** API ports started for it, and the port the load goes to (a round-robin in front of them, or the one API). */
  apis: Array<{ port: number; env: Record<string, string> }>;
  proxyPort?: number;
}

/**
 * `npm run bench` with DATABASE_URL (`bash scripts/with-postgres.sh npm run bench:api`): the same scenarios
 * against SQLite (`BENCH_DB_FILE`, if present) and PostgreSQL side by side, then PostgreSQL with one and with
 * two API instances behind a round-robin (scripts/benchProxy.ts). One configuration's processes run at a
 * time; each scenario gets a short warm-up run, then a measured one. Writes the `postgres` section of
 * BENCHMARKS.md (not with BENCH_ONLY, unless BENCH_WRITE=1).
 */
async function postgresMain() {
  const databaseUrl = process.env.DATABASE_URL!;
  const pg = openDb({ databaseUrl });
  const pgSample = await readSample(pg, false);
  await pg.destroy();
  let liteSample: Sample | undefined;
  if (fs.existsSync(DB_FILE)) {
    const lite = openDb({ dbFile: DB_FILE });
    liteSample = await readSample(lite, false);
    await lite.destroy();
  }
  const common = { TODAY, SEARCH_RATE_PER_MINUTE: '0', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
  const pgEnv = { ...common, DATABASE_URL: databaseUrl };
  const configurations: Configuration[] = [
    ...(liteSample ? [{ label: 'SQLite', sample: liteSample, apis: [{ port: 3710, env: { ...common, DATABASE_URL: '', DB_FILE } }] }] : []),
    { label: 'PostgreSQL', sample: pgSample, apis: [{ port: 3720, env: pgEnv }] },
    { label: 'PostgreSQL, 1 instance behind the round-robin', sample: pgSample, apis: [{ port: 3720, env: pgEnv }], proxyPort: 3730 },
    {
      label: 'PostgreSQL, 2 instances behind the round-robin',
      sample: pgSample,
      apis: [
        { port: 3720, env: pgEnv },
        { port: 3721, env: pgEnv },
      ],
      proxyPort: 3730,
    },
  ];
  const barePort = 3711;
  const bareBase = `http://127.0.0.1:${barePort}`;
  const bare = await startProcess(['--import', 'tsx', 'scripts/bareServer.ts'], { PORT: String(barePort) }, `${bareBase}/`);
  const only = process.env.BENCH_ONLY;
  const wanted = (name: string) => !only || only.split('|').some((part) => name.includes(part));
  const warmUp = { connections: CONNECTIONS, seconds: 1 };
  const measured = { connections: CONNECTIONS, seconds: DURATION };
  const bareRuns = [await load(bareBase, () => '/bare', measured)];
  console.log(`bare Express route: ${bareRuns[0].rps} req/s`);
  const figures = new Map<string, Map<string, RunFigures>>();
  const notes: string[] = [];
  const names: string[] = [];
  // BENCH_CONFIGS='PostgreSQL|…' runs only the configurations of those labels (with BENCH_ONLY, nothing is written).
  const configs = process.env.BENCH_CONFIGS?.split('|');
  for (const c of configurations.filter((k) => !configs || configs.includes(k.label))) {
    const apis = [];
    for (const api of c.apis)
      apis.push(
        await startProcess(
          ['--import', 'tsx', 'scripts/start.ts', '--no-build'],
          { ...api.env, PORT: String(api.port) },
          `http://127.0.0.1:${api.port}/api/auth/me`,
        ),
      );
    const proxy = c.proxyPort
      ? await startProcess(
          ['--import', 'tsx', 'scripts/benchProxy.ts'],
          { PORT: String(c.proxyPort), UPSTREAMS: c.apis.map((a) => a.port).join(',') },
          `http://127.0.0.1:${c.proxyPort}/api/auth/me`,
        )
      : undefined;
    const base = `http://127.0.0.1:${c.proxyPort ?? c.apis[0].port}`;
    const cookie = await loginCookie(base, 'agent');
    const supCookie = await loginCookie(base, 'supervisor');
    const schedule = await fetch(`${base}/api/customers/1/invoice-schedule`, { headers: { cookie } });
    const scenarios = scenariosFor(base, bareBase, cookie, supCookie, c.sample, schedule.status === 200)
      .slice(1)
      .filter((s) => wanted(s.name));
    const row = new Map<string, RunFigures>();
    figures.set(c.label, row);
    for (const s of scenarios) {
      if (!names.includes(s.name)) names.push(s.name);
      await load(s.base, s.path, { ...warmUp, cookie: s.cookie });
      const run = await load(s.base, s.path, { ...measured, cookie: s.cookie });
      row.set(s.name, run);
      console.log(
        `${c.label.slice(0, 30).padEnd(30)} ${s.name.slice(0, 50).padEnd(50)} ${String(run.rps).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  non-2xx ${run.non2xx} ${run.non2xxCodes}`,
      );
    }
    const peaks = apis.map((a) => peakRssMb(a.pid));
    const errors = apis.flatMap((a) => (a as unknown as { errorLines: () => string[] }).errorLines());
    notes.push(
      `${c.label}: server peak memory ${peaks.map((p) => `${p ?? 'n/a'} MB`).join(' + ')}; ${errors.length} error line(s) logged${errors.length ? ` (first: \`${errors[0].slice(0, 160)}\`)` : ''}.`,
    );
    if (proxy) await stop(proxy);
    for (const a of apis) await stop(a);
  }
  bareRuns.push(await load(bareBase, () => '/bare', measured));
  await stop(bare);
  const bareRps = Math.round((bareRuns[0].rps + bareRuns[1].rps) / 2);
  console.log(`bare Express route again: ${bareRuns[1].rps} req/s`);
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const cell = (run: RunFigures | undefined) =>
    run && run.rps === 0
      ? '0 — no answer within the run'
      : run
        ? `${run.rps} (${pct(run.rps / bareRps)}) · ${run.p99}${run.non2xx || run.errors ? ` ✘ ${run.non2xx} non-2xx${run.non2xxCodes ? ` (${run.non2xxCodes})` : ''}, ${run.errors} errors` : ''}`
        : '–';
  const at = (label: string, name: string) => figures.get(label)?.get(name);
  const [lite, one, rr1, rr2] = [
    'SQLite',
    'PostgreSQL',
    'PostgreSQL, 1 instance behind the round-robin',
    'PostgreSQL, 2 instances behind the round-robin',
  ];
  const ratio = (a?: RunFigures, b?: RunFigures) => (a && b && b.rps > 0 ? (a.rps / b.rps).toFixed(2) : '–');
  const rows = names.map(
    (n) =>
      `| ${n} | ${cell(at(lite, n))} | ${cell(at(one, n))} | ${ratio(at(one, n), at(lite, n))} | ${cell(at(rr1, n))} | ${cell(at(rr2, n))} | ${ratio(at(rr2, n), at(rr1, n))} |`,
  );
  const md = `## PostgreSQL: SQLite side by side, one and two API instances

Written by \`bash scripts/with-postgres.sh npm run bench:api\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.

Machine: ${machine()}.
Databases: PostgreSQL (the throwaway cluster of \`scripts/with-postgres.sh\`, which runs it with \`fsync=off\`) with ${pgSample.customers.toLocaleString('en')} customers and ${pgSample.cancellations.toLocaleString('en')} cancellations; SQLite (WAL) \`${path.relative(ROOT, DB_FILE)}\` with ${liteSample ? `${liteSample.customers.toLocaleString('en')} customers and ${liteSample.cancellations.toLocaleString('en')} cancellations` : '— (not present, not measured)'}.
Load: autocannon in the bench process, ${CONNECTIONS} connections; per scenario and configuration a 1 s warm-up run, then one measured run of ${DURATION} s. The configurations run one after the other, each with only its own processes.
Yardstick: the bare Express route, ${bareRuns[0].rps} req/s before and ${bareRuns[1].rps} req/s after the configurations; ratios are to their mean, ${bareRps} req/s.
Each cell: req/s (of bare) · p99 ms. "PG ÷ SQLite" and "2 ÷ 1" compare req/s.

| scenario | SQLite | PostgreSQL | PG ÷ SQLite | PostgreSQL, 1 instance behind the round-robin | PostgreSQL, 2 instances behind the round-robin | 2 ÷ 1 |
|---|---|---|---|---|---|---|
${rows.join('\n')}

${notes.map((n) => `- ${n}`).join('\n')}
`;
  if (only && process.env.BENCH_WRITE !== '1') return;
  writeSection('postgres', md);
  console.log('Wrote the PostgreSQL section of BENCHMARKS.md');
}

main().catch((err) => {
  console.error(
    String(err?.message ?? err)
      .split('\n')[0]
      .slice(0, 500),
  );
  process.exit(1);
});
