import type { Knex } from 'knex';
import { z } from 'zod';
import { forbidden, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam } from '../core/schemas';
import { can } from '../domain/permissions';
import type { TableName, TableRows } from '../db/tables';
import { cachedCount } from '../db/countCache';
import { isPostgres, runWritten, selectRows, writtenSelect } from '../db/knex';
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
  /** Set when `apply` of one value is exactly `where(equals, value)`: such lists are written once per shape (keyedPageOf). */
  equals?: string;
  /**
   * Set when the value is one of a few (a boolean) and `apply` writes its SQL from that alone: a list filtered
   * by it is written once per value (keyedPageOf).
   */
  enumerated?: boolean;
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

/**
 * The `toApi` of a resource whose rows are answered exactly as stored. One function, so that the list can
 * tell: on SQLite such a page is written as JSON by the database itself (`jsonPageOf`).
 */
export function asStored<Row>(row: Row): Row {
  return row;
}

/** A page as the answer's body: its rows as JSON text, how many there are, and the list's total. */
export interface JsonPage {
  json: string;
  count: number;
  total: number;
  start: number;
}

/** A filter whose `apply` receives the value as its schema parsed it. */
export function filterOf<S extends z.ZodType>(schema: S, apply: (qb: Knex.QueryBuilder, value: z.output<S>, ctx: Ctx) => void): FilterSpec {
  return { schema, apply: apply as FilterSpec['apply'] };
}

// Filters shared by many resources.
export const eq = (column: string, schema: z.ZodType): FilterSpec => ({
  ...filterOf(z.union([schema, z.array(schema).min(1).max(MAX_PAGE)]), (qb, value) =>
    Array.isArray(value) ? qb.whereIn(column, value) : qb.where(column, value as Knex.Value),
  ),
  equals: column,
});
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

/**
 * A filter given apart from the query's `filter`: an exact-key lookup whose SQL depends only on its `shape`,
 * with its values in the order `apply` places them. `apply` receives, for each value's index, what to write
 * there: the value itself, or a stand-in whose place is bound later (db/knex.ts `runWritten`).
 */
export interface KeyLookup {
  shape: string;
  values: Knex.Value[];
  apply: (qb: Knex.QueryBuilder, slot: (index: number) => Knex.Value) => void;
  /** What the lookup adds to a page's columns (a join and its columns), with values as `apply` has them. */
  join?: (qb: Knex.QueryBuilder, slot: (index: number) => Knex.Value) => void;
}

/** The lookup with `slot` standing for its values (to be written once, db/knex.ts `runWritten`). */
function slotted(lookup: KeyLookup, slot: (index: number) => Knex.Value): KeyLookup {
  const { join } = lookup;
  return { ...lookup, apply: (qb) => lookup.apply(qb, slot), join: join && ((qb) => join(qb, slot)) };
}

function filtered(desc: QueryParts, ctx: Ctx, filter: Record<string, unknown>, lookup?: KeyLookup): Knex.QueryBuilder {
  const qb = tableQuery(desc, ctx);
  desc.scope?.(qb, ctx);
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue;
    filterFor(desc, field)?.apply(qb, value, ctx);
  }
  lookup?.apply(qb, (i) => lookup.values[i]);
  return qb;
}

/**
 * Runs a list query under the export rule: a page larger than the description's `bulkAbove` needs the
 * resource's `export` permission (403 otherwise, before any query) and is written to the audit log
 * with its filter, range and the number of rows answered.
 */
export async function underExportRule<Result extends ListResult<unknown> | JsonPage>(
  desc: Pick<AnyResourceDescription, 'name' | 'bulkAbove'>,
  ctx: Ctx,
  q: ListQuery,
  run: () => Promise<Result>,
): Promise<Result> {
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
          rows: { before: null, after: 'rows' in result ? result.rows.length : result.count },
          range: { before: null, after: q.range },
          filter: { before: null, after: q.filter },
        },
      }),
    );
  }
  return result;
}

/** The list's order: the sort field's column, then id (unless the sort is by id), both in the sort's direction. */
function pageOrder(desc: AnyResourceDescription, q: ListQuery): Array<{ column: string; order: 'asc' | 'desc' }> {
  const [field, direction] = q.sort;
  const order = direction === 'DESC' ? 'desc' : 'asc';
  const column = desc.sortColumns?.[field] ?? field;
  return field === 'id'
    ? [{ column, order }]
    : [
        { column, order },
        { column: 'id', order },
      ];
}

/** The page's rows in the list's order; OFFSET and LIMIT from the range. */
function pageQuery(desc: AnyResourceDescription, ctx: Ctx, q: ListQuery, lookup?: KeyLookup): Knex.QueryBuilder {
  const [start, end] = q.range;
  const qb = filtered(desc, ctx, q.filter, lookup);
  lookup?.join?.(qb, (i) => lookup.values[i]);
  return qb
    .select(desc.columns ? desc.columns.map((c) => `${desc.table}.${c}`) : `${desc.table}.*`)
    .orderBy(pageOrder(desc, q).map(({ column, order }) => ({ column: `${desc.table}.${column}`, order })))
    .offset(start)
    .limit(end - start + 1);
}

/**
 * The list's total for a page that answered `count` rows. A page that is not full ends the list: its total
 * is known without counting (most searches and a customer's own rows). Only a full page, or an empty one
 * past the start, needs COUNT.
 */
async function totalOf(desc: AnyResourceDescription, ctx: Ctx, q: ListQuery, count: number, lookup?: KeyLookup): Promise<number> {
  const [start, end] = q.range;
  if (count < end - start + 1 && (count > 0 || start === 0)) return start + count;
  const counted = (by?: KeyLookup) =>
    desc.countCap
      ? ctx.db.from(filtered(desc, ctx, q.filter, by).select(ctx.db.raw('1')).limit(desc.countCap).as('capped')).count({ count: '*' })
      : filtered(desc, ctx, q.filter, by).count({ count: '*' });
  // The lookup's count is written once per shape too (a queue's full page counts on every request).
  const written =
    lookup && !desc.scope && Object.keys(q.filter).length === 0
      ? writtenSelect(
          ctx.db,
          JSON.stringify(['count', desc.name, desc.table, desc.countCap ?? null, lookup.shape]),
          lookup.values,
          (slot) => counted(slotted(lookup, slot)),
        )
      : undefined;
  const countQuery = written ? { ...written, run: () => selectRows<{ count: number }>(ctx.db, written) } : counted(lookup);
  // A capped count is at least the rows seen; past the end (no rows) it is the count itself, never the
  // start of a page that does not exist.
  return Math.max(await cachedCount(ctx.db, countQuery), count ? start + count : 0);
}

/** One page of a list and its total, without the export rule (callers apply it). */
export async function pageOf<T extends TableName, Api>(
  desc: ResourceDescription<T, Api>,
  ctx: Ctx,
  q: ListQuery,
): Promise<ListResult<Api>> {
  const lookup = lookupOf(desc, ctx, q.filter);
  if (lookup) return keyedPageOf(desc, ctx, { ...q, filter: {} }, lookup);
  const any = desc as unknown as AnyResourceDescription;
  const rows = (await pageQuery(any, ctx, q)) as Array<TableRows[T]>;
  const total = await totalOf(any, ctx, q, rows.length);
  return { rows: rows.map((r) => desc.toApi(r, ctx)), total, start: q.range[0] };
}

/**
 * The lookup a list's filter is when each of its filters is a plain equality with one text or number (`eq`:
 * a customer's tab, a queue's status) or with a list of them (getMany's ids), bound as values, or a filter of
 * a few values (`enumerated`: the history's `views`), whose value is part of the shape. Otherwise undefined:
 * the query is built as usual.
 */
function lookupOf(desc: Pick<AnyResourceDescription, 'filters'>, ctx: Ctx, filter: Record<string, unknown>): KeyLookup | undefined {
  const shape: unknown[] = [];
  const values: Knex.Value[] = [];
  const parts: Array<(qb: Knex.QueryBuilder, slot: (index: number) => Knex.Value) => void> = [];
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue;
    const spec = filterFor(desc, field);
    if (spec?.equals !== undefined && (typeof value === 'string' || typeof value === 'number')) {
      const column = spec.equals;
      const index = values.push(value) - 1;
      shape.push(column);
      parts.push((qb, slot) => qb.where(column, slot(index)));
    } else if (spec?.equals !== undefined && Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      // getMany (`filter={"id":[…]}`): one shape per column and number of values, each value bound.
      const column = spec.equals;
      const first = values.push(...(value as Array<string | number>)) - value.length;
      shape.push([column, value.length]);
      parts.push((qb, slot) =>
        qb.whereIn(
          column,
          value.map((_, k) => slot(first + k)),
        ),
      );
    } else if (spec?.enumerated && typeof value === 'boolean') {
      shape.push([field, value]);
      parts.push((qb) => spec.apply(qb, value, ctx));
    } else return undefined;
  }
  return { shape: JSON.stringify(shape), values, apply: (qb, slot) => parts.forEach((part) => part(qb, slot)) };
}

/**
 * One page of a list and its total, without the export rule, where the filter is `lookup` (the key search's
 * keys, or a list's plain filters, `lookupOf`): its SQL is written once per shape (`runWritten`). Other filters, or a
 * scope, take the query as built.
 */
export async function keyedPageOf<T extends TableName, Api>(
  desc: ResourceDescription<T, Api>,
  ctx: Ctx,
  q: ListQuery,
  lookup: KeyLookup,
): Promise<ListResult<Api>> {
  const any = desc as unknown as AnyResourceDescription;
  const page = (slot: (index: number) => Knex.Value) => pageQuery(any, ctx, q, slotted(lookup, slot));
  const rows =
    desc.scope || Object.keys(q.filter).length > 0
      ? ((await pageQuery(any, ctx, q, lookup)) as Array<TableRows[T]>)
      : await runWritten<TableRows[T]>(
          ctx.db,
          JSON.stringify(['page', desc.name, desc.table, desc.columns ?? '*', lookup.shape, pageOrder(any, q), q.range]),
          lookup.values,
          page,
        );
  const total = await totalOf(any, ctx, q, rows.length, lookup);
  return { rows: rows.map((r) => desc.toApi(r, ctx)), total, start: q.range[0] };
}

/** The columns of a SQLite table in their order (what `SELECT *` answers), read once per database handle. */
const columnsByDb = new WeakMap<Knex, Map<string, Promise<string[]>>>();
function columnsOf(db: Knex, table: string): Promise<string[]> {
  let tables = columnsByDb.get(db);
  if (!tables) columnsByDb.set(db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    columns = db.raw(`PRAGMA table_info(${quoteIdentifier(table)})`).then((rows: Array<{ name: string }>) => rows.map((r) => r.name));
    columns.catch(() => tables.delete(table));
    tables.set(table, columns);
  }
  return columns;
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * One page as JSON text with its total, for the list's answer. On SQLite, when the rows are answered as
 * stored (`toApi: asStored`), SQLite writes the page's JSON itself (`json_group_array(json_object(…))` in the
 * page's order), on the driver's thread: the main thread neither builds a JavaScript object per row nor
 * stringifies them. It is the same text `JSON.stringify` writes of the rows: the keys in the table's
 * column order, integers, text and NULL as such (no table answered this way has a REAL or BLOB column; a
 * test holds the two answers equal for every such list). Otherwise the rows are read and stringified.
 */
export async function jsonPageOf<T extends TableName, Api>(desc: ResourceDescription<T, Api>, ctx: Ctx, q: ListQuery): Promise<JsonPage> {
  const any = desc as unknown as AnyResourceDescription;
  const order = pageOrder(any, q);
  const columns: readonly string[] =
    desc.toApi === (asStored as unknown) && !isPostgres(ctx.db) ? (desc.columns ?? (await columnsOf(ctx.db, desc.table))) : [];
  if (!order.every(({ column }) => columns.includes(column))) {
    const page = await pageOf(desc, ctx, q);
    return { json: JSON.stringify(page.rows), count: page.rows.length, total: page.total, start: page.start };
  }
  const aggregate = (page: Knex.QueryBuilder) => {
    const object = `json_object(${columns.map((c) => `${quoteText(c)}, page.${quoteIdentifier(c)}`).join(', ')})`;
    // The page's order again inside the aggregate (the subquery's ORDER BY picks the rows, not the order an
    // aggregate meets them in).
    const inOrder = order.map((o) => `page.${quoteIdentifier(o.column)} ${o.order.toUpperCase()}`).join(', ');
    return ctx.db
      .from(page.as('page'))
      .select(ctx.db.raw(`json_group_array(${object} ORDER BY ${inOrder}) AS json`), ctx.db.raw('count(*) AS count'));
  };
  type JsonRow = { json: string; count: number };
  const lookup = lookupOf(desc, ctx, q.filter);
  const [{ json, count }] = lookup
    ? await runWritten<JsonRow>(
        ctx.db,
        JSON.stringify(['json', desc.name, desc.table, columns, lookup.shape, order, q.range]),
        lookup.values,
        (slot) => aggregate(pageQuery(any, ctx, { ...q, filter: {} }, slotted(lookup, slot))),
      )
    : ((await aggregate(pageQuery(any, ctx, q))) as JsonRow[]);
  const total = lookup ? await totalOf(any, ctx, { ...q, filter: {} }, count, lookup) : await totalOf(any, ctx, q, count);
  return { json, count, total, start: q.range[0] };
}

/** A page for the list's answer, as JSON text, under the export rule. */
export async function listJson<T extends TableName, Api>(desc: ResourceDescription<T, Api>, ctx: Ctx, q: ListQuery): Promise<JsonPage> {
  return underExportRule(desc, ctx, q, () => jsonPageOf(desc, ctx, q));
}

/** One row by id (within the description's scope), answered as the list answers it; 404 if absent. */
export async function getRow<T extends TableName, Api>(desc: ResourceDescription<T, Api>, ctx: Ctx, id: number): Promise<Api> {
  const qb = tableQuery(desc, ctx).where(`${desc.table}.id`, id).first();
  desc.scope?.(qb, ctx);
  const row = (await qb) as TableRows[T] | undefined;
  if (!row) throw notFound();
  return desc.toApi(row, ctx);
}
