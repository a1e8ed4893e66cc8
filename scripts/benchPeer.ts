import fs from 'node:fs';
import path from 'node:path';
import { migrateLatest, openDb } from '../server/src/db/knex';
import { formatPersonnummer } from '../server/src/domain/personnummer';
import { seedDemo } from '../seeds/demo';
import { seedLarge } from '../seeds/large';
import { load, loginCookie, machine, ROOT, type RunFigures, startProcess, stop, writeSection } from './benchSupport';

/**
 * `npm run bench:peer`: this API against json-server (the REST backend react-admin users usually start
 * with) on the same 100,000 customers, same queries, same load, in one run.
 */
const CUSTOMERS = 100_000;
const DB_FILE = path.join(ROOT, 'data', 'bench-100k.sqlite');
const JSON_FILE = path.join(ROOT, 'data', 'json-server-100k.json');
const TODAY = '2026-11-25';
const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);

async function prepare() {
  const db = openDb({ dbFile: DB_FILE });
  await migrateLatest(db);
  await seedDemo(db, { today: TODAY, demoPassword: process.env.DEMO_PASSWORD ?? 'demo' });
  await seedLarge(db, { target: CUSTOMERS, cancellations: 0, today: TODAY, progress: (l) => console.log(`[seed] ${l}`) });
  const rows = await db('customers').select(
    'id',
    'customer_number',
    'personnummer',
    'first_name',
    'last_name',
    'street',
    'postal_code',
    'city',
    'phone',
    'email',
    'invoice_interval',
    'payment_method',
  );
  const sample = rows.filter((_, i) => i % 200 === 0);
  await db.destroy();
  if (!fs.existsSync(JSON_FILE)) {
    const customers = rows.map((r) => ({ ...r, personnummer: formatPersonnummer(r.personnummer) }));
    fs.writeFileSync(JSON_FILE, JSON.stringify({ customers }));
  }
  return sample;
}

async function main() {
  const sample = await prepare();
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const prefixes = ['and', 'lin', 'kar', 'ber', 'joh', 'nil', 'eri', 'lar'];
  const appPort = 3720;
  const peerPort = 3721;
  const app = await startProcess(
    ['--import', 'tsx', 'scripts/start.ts'],
    { PORT: String(appPort), DB_FILE, TODAY, DATABASE_URL: '' },
    `http://127.0.0.1:${appPort}/`,
  );
  const peer = await startProcess(
    [path.join(ROOT, 'node_modules', 'json-server', 'lib', 'cli', 'bin.js'), JSON_FILE, '--port', String(peerPort), '--quiet'],
    {},
    `http://127.0.0.1:${peerPort}/`,
  );
  const appBase = `http://127.0.0.1:${appPort}`;
  const peerBase = `http://127.0.0.1:${peerPort}`;
  const cookie = await loginCookie(appBase, 'agent');
  const filter = (q: string) => `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q }))}&range=[0,24]`;
  const scenarios = [
    {
      name: 'name prefix (last name, 3 letters), 25 rows',
      goal: 50,
      ours: () => filter(pick(prefixes)),
      theirs: () => `/customers?last_name_like=${encodeURIComponent(`^${pick(prefixes)}`)}&_limit=25`,
    },
    {
      name: 'exact personnummer',
      goal: 15,
      ours: () => filter(formatPersonnummer(pick(sample).personnummer)),
      theirs: () => `/customers?personnummer=${formatPersonnummer(pick(sample).personnummer)}`,
    },
  ];
  const lines: string[] = [];
  for (const s of scenarios) {
    const run = async (base: string, paths: () => string, c?: string): Promise<RunFigures[]> => [
      await load(base, paths, { cookie: c, connections: CONNECTIONS, seconds: SECONDS }),
      await load(base, paths, { cookie: c, connections: CONNECTIONS, seconds: SECONDS }),
    ];
    const ours = await run(appBase, s.ours, cookie);
    const theirs = await run(peerBase, s.theirs);
    const ratio = ours[1].rps / Math.max(theirs[1].rps, 0.1);
    console.log(
      `${s.name}: ours ${ours[1].rps} req/s (p99 ${ours[1].p99} ms), json-server ${theirs[1].rps} req/s (p99 ${theirs[1].p99} ms): ${ratio.toFixed(0)}×`,
    );
    lines.push(
      `| ${s.name} | ${ours[0].rps} / ${ours[1].rps} (p99 ${ours[1].p99} ms) | ${theirs[0].rps} / ${theirs[1].rps} (p99 ${theirs[1].p99} ms) | ${ratio.toFixed(0)}× | ${ratio >= s.goal ? '✔' : '✘'} ≥ ${s.goal}× |`,
    );
  }
  await stop(app);
  await stop(peer);
  writeSection(
    'peer',
    `## Peer comparison: json-server 0.17 on the same 100,000 customers

Written by \`npm run bench:peer\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${machine()}.
Same data (exported from the SQLite file into json-server's JSON), the same queries in each one's dialect
(json-server: \`last_name_like=^and\`, \`personnummer=…\`; this API: \`filter={"q":…}\` with a session), ${CONNECTIONS} connections,
${SECONDS} s per run, two runs each (req/s of both; ratio and p99 from the second).

| query | this API req/s | json-server req/s | ratio | goal |
|---|---|---|---|---|
${lines.join('\n')}
`,
  );
  console.log('Wrote the peer section of BENCHMARKS.md');
}

main().catch((err) => {
  console.error(
    String(err?.message ?? err)
      .split('\n')[0]
      .slice(0, 500),
  );
  process.exit(1);
});
