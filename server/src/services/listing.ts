import type { Knex } from 'knex';
import { z } from 'zod';
import { forbidden, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam } from '../core/schemas';
import { can } from '../domain/permissions';
import type { TableName, TableRows } from '../db/tables';
import { cachedCount } from '../db/countCache';
import { writeAudit } from './audit';
import type { AuditEntity } from '../domain/values';

/**
 * The query half of the one generic list/get: each resource describes its table, the fields that may be
 * sorted and filtered (with the schema of each filter's value and the query it adds), and how a row is
 * answered. The HTTP half (`http/restResource.ts`) parses `sort`, `range` and `filter` against the same
 * description and answers `Content-Range`.
 */
export interface FilterSpec {
  /** The filter value's schema; what it parses to is what `apply` receives. */
  schema: z.ZodType;
  apply: (qb: Knex.QueryBuilder, value: unknown, ctx: Ctx) => void;
}

export interface ResourceDescription<T extends TableName = TableName, Api = unknown> {
  name: string;
  table: T;
  columns?: ReadonlyArray<keyof TableRows[T] & string>;
  sortable: readonly string[];
  /** Column to order by for a sort field when it differs (e.g. an indexed lower-cased copy). */
  sortColumns?: Record<string, string>;
  defaultSort: readonly [string, 'ASC' | 'DESC'];
  filters: Record<string, FilterSpec>;
  toApi: (row: TableRows[T], ctx: Ctx) => Api;
  /** Broad searches count at most this many matches (the total answered is then this number). */
  countCap?: number;
  /** Restricts every query, e.g. to exclude rows a role must not see. */
  scope?: (qb: Knex.QueryBuilder, ctx: Ctx) => void;
  /**
   * A page of more rows than this is an export (bulk personal data): it needs the resource's `export`
   * permission and is audited. Undefined: any page size up to MAX_PAGE is an ordinary list.
   */
  bulkAbove?: number;
}

/** A description whose row and answer types are erased, for code that handles every resource alike. */
export type AnyResourceDescription = ResourceDescription<TableName, unknown>;

export const MAX_PAGE = 500;
/** No list is paged deeper than this many rows: past it, a narrower search or filter is the way. */
export const MAX_OFFSET = 10_000;

export interface ListQuery {
  sort: [string, 'ASC' | 'DESC'];
  range: [number, number];
  filter: Record<string, unknown>;
}

export interface ListResult<Api> {
  rows: Api[];
  total: number;
  start: number;
}

/** A filter whose `apply` receives the value as its schema parsed it. */
export function filterOf<S extends z.ZodType>(schema: S, apply: (qb: Knex.QueryBuilder, value: z.output<S>, ctx: Ctx) => void): FilterSpec {
  return { schema, apply: apply as FilterSpec['apply'] };
}

// Filters shared by many resources.
export const eq = (column: string, schema: z.ZodType): FilterSpec =>
  filterOf(z.union([schema, z.array(schema).min(1).max(MAX_PAGE)]), (qb, value) =>
    Array.isArray(value) ? qb.whereIn(column, value) : qb.where(column, value as Knex.Value),
  );
export const gte = (column: string, schema: z.ZodType<string>): FilterSpec =>
  filterOf(schema, (qb, value) => qb.where(column, '>=', value));
export const lte = (column: string, schema: z.ZodType<string>): FilterSpec =>
  filterOf(schema, (qb, value) => qb.where(column, '<=', value));
export const boolFilter = (column: string): FilterSpec => filterOf(z.boolean(), (qb, value) => qb.where(column, value));
export const idFilter = eq('id', idParam);

/** The filter a field names: `id` (getMany) for every resource, otherwise the resource's own. */
export function filterFor(desc: Pick<AnyResourceDescription, 'filters'>, field: string): FilterSpec | undefined {
  if (field === 'id') return idFilter;
  // Own keys only: `filter={"__proto__":…}` or "constructor" must not find Object.prototype's members.
  return Object.hasOwn(desc.filters, field) ? desc.filters[field] : undefined;
}

/** What the queries read of a description besides its row type. */
type QueryParts = Pick<AnyResourceDescription, 'table' | 'scope' | 'filters'>;

/** An untyped query on the description's table: the filters and scopes add to it generically. */
function tableQuery(desc: QueryParts, ctx: Ctx): Knex.QueryBuilder {
  return ctx.db<Record<string, unknown>>(desc.table as string);
}

function filtered(desc: QueryParts, ctx: Ctx, filter: Record<string, unknown>): Knex.QueryBuilder {
  const qb = tableQuery(desc, ctx);
  desc.scope?.(qb, ctx);
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue;
    filterFor(desc, field)?.apply(qb, value, ctx);
  }
  return qb;
}

/**
 * Runs a list query under the export rule: a page larger than the description's `bulkAbove` needs the
 * resource's `export` permission (403 otherwise, before any query) and is written to the audit log
 * with its filter, range and the number of rows answered.
 */
export async function underExportRule<Api>(
  desc: Pick<AnyResourceDescription, 'name' | 'bulkAbove'>,
  ctx: Ctx,
  q: ListQuery,
  run: () => Promise<ListResult<Api>>,
): Promise<ListResult<Api>> {
  const rows = q.range[1] - q.range[0] + 1;
  const bulk = desc.bulkAbove !== undefined && rows > desc.bulkAbove;
  if (bulk && !can(ctx.role, desc.name, 'export')) {
    throw forbidden(`En lista med fler än ${desc.bulkAbove} rader är en export, som bara teamledare får göra. Visa färre rader per sida.`);
  }
  const result = await run();
  if (bulk) {
    await ctx.db.transaction((trx) =>
      writeAudit(trx, ctx, {
        // Not 'export', which is a customer's register extract (GDPR access).
        action: 'list_export',
        // A list's name is its table's (customers, cancellations): the records it exports.
        entity: desc.name as AuditEntity,
        entityId: null,
        changes: {
          rows: { before: null, after: result.rows.length },
          range: { before: null, after: q.range },
          filter: { before: null, after: q.filter },
        },
      }),
    );
  }
  return result;
}

/** One page of a list and its total (pages larger than `bulkAbove` under the export rule). */
export async function listRows<T extends TableName, Api>(
  desc: ResourceDescription<T, Api>,
  ctx: Ctx,
  q: ListQuery,
): Promise<ListResult<Api>> {
  return underExportRule(desc, ctx, q, () => pageOf(desc, ctx, q));
}

/** One page of a list and its total, without the export rule (callers apply it). */
export async function pageOf<T extends TableName, Api>(
  desc: ResourceDescription<T, Api>,
  ctx: Ctx,
  q: ListQuery,
): Promise<ListResult<Api>> {
  const [start, end] = q.range;
  const [field, order] = q.sort;
  const direction = order === 'DESC' ? 'desc' : 'asc';
  const column = desc.sortColumns?.[field] ?? field;
  const rowsQuery = filtered(desc, ctx, q.filter)
    .select(desc.columns ? desc.columns.map((c) => `${desc.table}.${c}`) : `${desc.table}.*`)
    .orderBy(`${desc.table}.${column}`, direction);
  if (field !== 'id') rowsQuery.orderBy(`${desc.table}.id`, direction);
  rowsQuery.offset(start).limit(end - start + 1);

  const rows = (await rowsQuery) as Array<TableRows[T]>;
  // A page that is not full ends the list: its total is known without counting (most searches and a
  // customer's own rows). Only a full page, or an empty one past the start, needs COUNT.
  const pageSize = end - start + 1;
  let total: number;
  if (rows.length < pageSize && (rows.length > 0 || start === 0)) {
    total = start + rows.length;
  } else {
    const countQuery = desc.countCap
      ? ctx.db.from(filtered(desc, ctx, q.filter).select(ctx.db.raw('1')).limit(desc.countCap).as('capped')).count({ count: '*' })
      : filtered(desc, ctx, q.filter).count({ count: '*' });
    // A capped count is at least the rows seen; past the end (no rows) it is the count itself, never the
    // start of a page that does not exist.
    total = Math.max(await cachedCount(ctx.db, countQuery), rows.length ? start + rows.length : 0);
  }
  return { rows: rows.map((r) => desc.toApi(r, ctx)), total, start };
}

/** One row by id (within the description's scope), answered as the list answers it; 404 if absent. */
export async function getRow<T extends TableName, Api>(desc: ResourceDescription<T, Api>, ctx: Ctx, id: number): Promise<Api> {
  const qb = tableQuery(desc, ctx).where(`${desc.table}.id`, id).first();
  desc.scope?.(qb, ctx);
  const row = (await qb) as TableRows[T] | undefined;
  if (!row) throw notFound();
  return desc.toApi(row, ctx);
}
