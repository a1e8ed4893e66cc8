import type { Knex } from 'knex';
import * as schema from './20261125000000_schema';
import * as billing from './20261125020000_billing';
import * as money from './20261127000000_money';
import * as moneyRun from './20261127010000_money_run';
import * as people from './20261127020000_people';
import * as trust from './20261127030000_trust';
import * as hardening from './20261127040000_hardening';
import * as historyIndex from './20261128000000_history_index';

/**
 * Migrations are listed here rather than discovered on disk, so the same list works under tsx, jest
 * and a bundled build alike. Add new files at the end, in timestamp order.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261125000000_schema': schema,
  '20261125020000_billing': billing,
  '20261127000000_money': money,
  '20261127010000_money_run': moneyRun,
  '20261127020000_people': people,
  '20261127030000_trust': trust,
  '20261127040000_hardening': hardening,
  '20261128000000_history_index': historyIndex,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
