import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

/** Shared by the benchmark scripts: child processes, autocannon runs, and BENCHMARKS.md sections. */
export const ROOT = path.resolve(__dirname, '..');
export const BENCHMARKS_FILE = path.join(ROOT, 'BENCHMARKS.md');

export function machine(): string {
  const cpu = os.cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Starts a child process and waits until `probeUrl` answers at all. */
export function startProcess(args: string[], env: Record<string, string>, probeUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  // BENCH_SERVER_LOG=<dir>: each process's whole output, written there when it exits (with BENCH_LOG_LEVEL=info
  // the access log's duration per route).
  const logDir = process.env.BENCH_SERVER_LOG;
  if (logDir)
    child.on('exit', () =>
      fs.writeFileSync(
        path.join(logDir, `${path.basename(args.find((a) => a.endsWith('.ts')) ?? 'process', '.ts')}-${child.pid}.log`),
        out,
      ),
    );
  // Errors the server logged (500s: request id and driver message only), for the bench to report.
  (child as ChildProcess & { errorLines: () => string[] }).errorLines = () => out.split('\n').filter((l) => l.includes('"level":"error"'));
  const deadline = Date.now() + 120_000;
  return new Promise((resolve, reject) => {
    const t = setInterval(async () => {
      try {
        await fetch(probeUrl);
        clearInterval(t);
        resolve(child);
      } catch {
        if (child.exitCode !== null || Date.now() > deadline) {
          clearInterval(t);
          child.kill('SIGKILL');
          reject(new Error(`${args.join(' ')} did not start: ${out.slice(-500)}`));
        }
      }
    }, 300);
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Peak resident memory of a process (VmHWM), from Linux's /proc. */
export function peakRssMb(pid: number | undefined): number | null {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** CPU time a process has used, in ms: all its threads, and its main thread alone (Linux's /proc; null elsewhere). */
export function cpuMs(pid: number | undefined): { total: number; main: number } | null {
  const ticks = (file: string) => {
    const f = fs.readFileSync(file, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks of 10 ms.
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  try {
    return { total: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return null;
  }
}

export interface RunFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The answers that were not 2xx, by status: "502 × 6, 503 × 1" (empty when there were none). */
  non2xxCodes: string;
}

/** A GET path, or a request with a method and a JSON body. */
export type BenchRequest = string | { path: string; method: 'POST' | 'PUT'; body: unknown };

export async function load(
  base: string,
  paths: () => BenchRequest,
  options: { cookie?: string; connections: number; seconds: number },
): Promise<RunFigures> {
  const result = await autocannon({
    url: base,
    connections: options.connections,
    duration: options.seconds,
    headers: options.cookie ? { cookie: options.cookie } : {},
    requests: [
      {
        setupRequest: (req) => {
          const next = paths();
          if (typeof next === 'string') return { ...req, method: 'GET', body: undefined, path: next };
          return {
            ...req,
            path: next.path,
            method: next.method,
            body: JSON.stringify(next.body),
            headers: { ...req.headers, 'content-type': 'application/json' },
          };
        },
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    non2xxCodes: Object.entries((result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code} × ${count}`)
      .join(', '),
  };
}

export async function loginCookie(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: process.env.DEMO_PASSWORD ?? 'demo' }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status}`);
  return String(res.headers.get('set-cookie')).split(';')[0];
}

/**
 * BENCHMARKS.md is made of sections, each written by one script between `<!-- name:start -->` and
 * `<!-- name:end -->`, so re-running one benchmark keeps the others' figures.
 */
export function writeSection(name: string, content: string) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${content.trim()}\n${end}`;
  let text = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, text);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

function category(frame: ProfileNode['callFrame']): string {
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

/**
 * Summarises the V8 CPU profile a process wrote to `profDir` (`--cpu-prof --cpu-prof-dir=…`) as shares of its
 * main thread by package (idle, garbage collection, the SQLite driver, Knex, Express, the app), the top
 * functions by self time and the app's functions by inclusive time; removes the directory (unless BENCH_CPU_PROF_KEEP=1,
 * for reading it further).
 */
export function summariseCpuProfile(profDir: string): string {
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as {
    nodes: ProfileNode[];
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
  const out = [`profile: ${(all / 1e6).toFixed(1)} s of the main thread`];
  out.push("| where the main thread's time goes | share |\n|---|---|");
  for (const [c, v] of [...totals].sort((a, b) => b[1] - a[1])) out.push(`| ${c} | ${pct(v)} |`);
  out.push('\nTop functions (self time):');
  for (const [f, v] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25)) out.push(`${pct(v).padStart(7)}  ${f}`);
  out.push("\nThe app's functions, inclusive time:");
  for (const [f, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25)) out.push(`${pct(v).padStart(7)}  ${f}`);
  if (process.env.BENCH_CPU_PROF_KEEP === '1') out.push(`\nprofile kept in ${profDir}`);
  else fs.rmSync(profDir, { recursive: true, force: true });
  return out.join('\n');
}
