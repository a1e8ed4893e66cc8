import fs from 'node:fs';
import path from 'node:path';

/**
 * The one allowed direction of imports, checked on every file (ESLint's layer rules say the same; this
 * makes it part of the test run):
 *
 *   domain ← core ← services ← http, resources, auth ← app/serve/main          (server/src)
 *   seeds, scripts → services, domain, core, db (never resources or http)
 *   client → server/src/domain only (through @domain)
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'server', 'src');

type Rule = { from: string; forbidden: RegExp; why: string };

/** Where an import lands: `pkg:<name>` for a package, otherwise the file or folder path relative to the root. */
function target(file: string, specifier: string): string {
  if (specifier.startsWith('@domain/')) return path.relative(ROOT, path.join(SERVER, 'domain', specifier.slice('@domain/'.length)));
  if (specifier.startsWith('.')) return path.relative(ROOT, path.resolve(path.dirname(file), specifier));
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return `pkg:${name}`;
}

const RULES: Rule[] = [
  {
    from: 'server/src/domain/',
    forbidden: /^(pkg:(express|knex|pg|sqlite3|node:.*)|server\/src\/(?!domain\/))/,
    why: 'domain/ holds pure rules: no Express, Knex, database, node APIs or other server layers',
  },
  {
    from: 'server/src/core/',
    forbidden: /^(pkg:express|server\/src\/(http|services|resources|auth|jobs)\/|server\/src\/(app|serve|main)$)/,
    why: 'core/ sits below services and http',
  },
  {
    from: 'server/src/db/',
    forbidden: /^(pkg:express|server\/src\/(http|services|resources|auth|jobs)\/|server\/src\/(app|serve|main)$)/,
    why: 'db/ (connection, row types) sits below services',
  },
  {
    from: 'server/src/services/',
    forbidden: /^(pkg:express|server\/src\/(http|resources|auth)\/|server\/src\/(app|serve|main)$)/,
    why: 'services/ own SQL and rules; they never import the HTTP layer',
  },
  {
    from: 'server/src/resources/',
    forbidden: /^(pkg:(knex|pg|sqlite3)|server\/src\/db\/knex$)/,
    why: 'route files parse, authorise, call a service and shape the answer: no SQL',
  },
  {
    from: 'server/src/auth/',
    forbidden: /^(pkg:(knex|pg|sqlite3)|server\/src\/db\/knex$)/,
    why: 'auth/ is the HTTP side of sessions (routes, cookie): the SQL is services/sessions.ts',
  },
  {
    from: 'server/src/http/',
    forbidden: /^(pkg:(knex|pg|sqlite3)|server\/src\/db\/knex$|server\/src\/resources\/)/,
    why: 'http/ is the protocol: no SQL, and no single resource',
  },
  {
    from: 'client/src/',
    forbidden: /^(pkg:(knex|express|pg|sqlite3)|server\/(?!src\/domain\/)|seeds\/|scripts\/)/,
    why: 'the client may import only the pure domain (@domain/…)',
  },
  {
    from: 'seeds/',
    forbidden: /^server\/src\/(resources|http|auth)\/|^server\/src\/(app|main)$/,
    why: 'seeds call services, never route files',
  },
  {
    from: 'scripts/',
    forbidden: /^server\/src\/(resources|http|auth)\/|^server\/src\/main$/,
    why: 'scripts call services (or serve the app), never route files',
  },
];

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(IMPORT)) found.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return found;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : filesUnder(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every import that breaks a rule, as "file → import: why". */
export function violations(files: Array<{ file: string; source: string }>): string[] {
  const found: string[] = [];
  for (const { file, source } of files) {
    const relative = path.relative(ROOT, file).split(path.sep).join('/');
    const rules = RULES.filter((r) => relative.startsWith(r.from));
    for (const specifier of importsOf(source)) {
      const to = target(file, specifier)
        .split(path.sep)
        .join('/')
        .replace(/\.(ts|tsx)$/, '')
        .replace(/\/index$/, '');
      for (const rule of rules) if (rule.forbidden.test(to)) found.push(`${relative} → ${specifier}: ${rule.why}`);
    }
  }
  return found;
}

const SCANNED = ['server/src', 'seeds', 'scripts', 'client/src'].flatMap((dir) => filesUnder(path.join(ROOT, dir)));

test('the scan sees every layer', () => {
  const dirs = new Set(SCANNED.map((f) => path.relative(ROOT, path.dirname(f)).split(path.sep).slice(0, 3).join('/')));
  for (const dir of [
    'server/src/domain',
    'server/src/core',
    'server/src/services',
    'server/src/resources',
    'server/src/http',
    'seeds',
    'scripts',
  ]) {
    expect([...dirs].some((d) => d === dir || d.startsWith(`${dir}/`))).toBe(true);
  }
  expect(SCANNED.some((f) => f.includes(`${path.sep}client${path.sep}src${path.sep}`))).toBe(true);
});

test('imports point only the allowed way', () => {
  const files = SCANNED.map((file) => ({ file, source: fs.readFileSync(file, 'utf8') }));
  expect(violations(files)).toEqual([]);
});

test.each([
  ['server/src/domain/x.ts', "import type { Knex } from 'knex';"],
  ['server/src/domain/x.ts', "import { z } from '../core/errors';"],
  ['server/src/domain/x.ts', "import fs from 'node:fs';"],
  ['server/src/core/x.ts', "import { apiNotFound } from '../http/errors';"],
  ['server/src/core/x.ts', "import { writeAudit } from '../services/audit';"],
  ['server/src/services/x.ts', "import type { Request } from 'express';"],
  ['server/src/services/x.ts', "import { parseId } from '../http/restResource';"],
  ['server/src/services/x.ts', "import { customerRoutes } from '../resources/customers';"],
  ['server/src/resources/x.ts', "import type { Knex } from 'knex';"],
  ['server/src/resources/x.ts', "import { openDb } from '../db/knex';"],
  ['client/src/x.tsx', "import { getCustomer } from '../../server/src/services/customers';"],
  ['client/src/x.tsx', "import { HttpError } from '../../server/src/core/errors';"],
  ['client/src/x.tsx', "import type { Knex } from 'knex';"],
  ['seeds/x.ts', "import { createUser } from '../server/src/resources/users';"],
  ['scripts/x.ts', "import { readRoutes } from '../server/src/http/restResource';"],
  ['scripts/x.ts', "const m = await import('../server/src/resources/users');"],
])('%s importing `%s` is caught', (file, source) => {
  expect(violations([{ file: path.join(ROOT, file), source }])).toHaveLength(1);
});

test.each([
  ['server/src/services/x.ts', "import { conflict } from '../core/errors';\nimport type { CustomerRow } from '../db/tables';"],
  ['server/src/resources/x.ts', "import { addNote } from '../services/notes';\nimport { rolesFor } from '../domain/permissions';"],
  ['client/src/x.tsx', "import { CANCELLATION_REASONS } from '@domain/cancellationRules';\nimport { Button } from '@mui/material';"],
  ['seeds/x.ts', "import { createUser } from '../server/src/services/users';"],
])('%s importing `%s` is allowed', (file, source) => {
  expect(violations([{ file: path.join(ROOT, file), source }])).toEqual([]);
});
