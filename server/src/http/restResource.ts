import type { Knex } from 'knex';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { badRequest, notFound } from '../core/errors';
import { idParam, refuseUnstorableText } from './validate';
import type { Ctx } from '../core/context';
import type { Access, RouteDef } from './routes';

/**
 * The one ra-data-simple-rest list/get implementation. Each resource describes its table, the fields
 * that may be sorted and filtered (anything else is a 400), and how a row is answered; this module does
 * the protocol: `sort=["field","ASC"]`, `range=[0,24]`, `filter={…}`, `Content-Range`, getMany through
 * `filter={"id":[…]}`.
 */
export interface FilterSpec {
  schema: z.ZodType;
  apply: (qb: Knex.QueryBuilder, value: any, ctx: Ctx) => void;
}

export interface ResourceDescription<Row = any> {
  name: string;
  table: string;
  columns?: readonly string[];
  sortable: readonly string[];
  /** Column to order by for a sort field when it differs (e.g. an indexed lower-cased copy). */
  sortColumns?: Record<string, string>;
  defaultSort: readonly [string, 'ASC' | 'DESC'];
  filters: Record<string, FilterSpec>;
  toApi: (row: Row) => Record<string, unknown>;
  /** Broad searches count at most this many matches (the total answered is then this number). */
  countCap?: number;
  /** Restricts every query, e.g. to exclude rows a role must not see. */
  scope?: (qb: Knex.QueryBuilder, ctx: Ctx) => void;
}

const MAX_PAGE = 500;

// Filters shared by many resources.
export const eq = (column: string, schema: z.ZodType): FilterSpec => ({
  schema: z.union([schema, z.array(schema).min(1).max(MAX_PAGE)]),
  apply: (qb, value) => (Array.isArray(value) ? qb.whereIn(column, value) : qb.where(column, value)),
});
export const gte = (column: string, schema: z.ZodType): FilterSpec => ({
  schema,
  apply: (qb, value) => qb.where(column, '>=', value),
});
export const lte = (column: string, schema: z.ZodType): FilterSpec => ({
  schema,
  apply: (qb, value) => qb.where(column, '<=', value),
});
export const idFilter = eq('id', idParam);
export const boolFilter = (column: string): FilterSpec => ({
  schema: z.boolean(),
  apply: (qb, value) => qb.where(column, value),
});

function parseJsonParam(name: string, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest(`Parametern ${name} är ogiltig`, { [name]: 'Ska anges en gång' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest(`Parametern ${name} är inte giltig JSON`, { [name]: 'Ogiltig JSON' });
  }
  refuseUnstorableText(parsed, name);
  return parsed;
}

export interface ListQuery {
  sort: [string, 'ASC' | 'DESC'];
  range: [number, number];
  filter: Record<string, unknown>;
}

export function parseListQuery(desc: ResourceDescription, query: Request['query']): ListQuery {
  for (const key of Object.keys(query)) {
    if (!['sort', 'range', 'filter'].includes(key)) throw badRequest('Okänd parameter', { [key]: 'Okänd parameter' });
  }
  const sortRaw = parseJsonParam('sort', query.sort) ?? desc.defaultSort;
  const sortSchema = z.tuple([z.string(), z.enum(['ASC', 'DESC', 'asc', 'desc'])]);
  const sortParsed = sortSchema.safeParse(sortRaw);
  if (!sortParsed.success) throw badRequest('Ogiltig sortering', { sort: 'Ska vara ["fält","ASC"|"DESC"]' });
  const [sortField, order] = sortParsed.data;
  if (!desc.sortable.includes(sortField)) {
    throw badRequest('Det går inte att sortera på det fältet', { sort: `Kan inte sortera på ${sortField.slice(0, 40)}` });
  }

  const rangeRaw = parseJsonParam('range', query.range) ?? [0, 24];
  const rangeParsed = z
    .tuple([z.number().int().min(0).max(10_000_000), z.number().int().min(0).max(10_000_000)])
    .refine(([a, b]) => b >= a && b - a < MAX_PAGE, `Högst ${MAX_PAGE} rader per sida`)
    .safeParse(rangeRaw);
  if (!rangeParsed.success) throw badRequest('Ogiltigt intervall', { range: 'Ska vara [första, sista], högst 500 rader' });

  const filterRaw = parseJsonParam('filter', query.filter) ?? {};
  if (typeof filterRaw !== 'object' || filterRaw === null || Array.isArray(filterRaw)) {
    throw badRequest('Ogiltigt filter', { filter: 'Ska vara ett JSON-objekt' });
  }
  const filter: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(filterRaw)) {
    // Own keys only: `filter={"__proto__":…}` or "constructor" must not find Object.prototype's members.
    const spec = field === 'id' ? idFilter : Object.hasOwn(desc.filters, field) ? desc.filters[field] : undefined;
    if (!spec) throw badRequest('Det går inte att filtrera på det fältet', { [`filter.${field.slice(0, 40)}`]: 'Okänt filter' });
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) {
      throw badRequest('Ogiltigt filtervärde', { [`filter.${field}`]: parsed.error.issues[0]?.message ?? 'Ogiltigt värde' });
    }
    filter[field] = parsed.data;
  }
  return {
    sort: [sortField, order.toUpperCase() as 'ASC' | 'DESC'],
    range: rangeParsed.data as [number, number],
    filter,
  };
}

function filtered(desc: ResourceDescription, ctx: Ctx, filter: Record<string, unknown>): Knex.QueryBuilder {
  const qb = ctx.db(desc.table);
  desc.scope?.(qb, ctx);
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue;
    (field === 'id' ? idFilter : desc.filters[field]).apply(qb, value, ctx);
  }
  return qb;
}

export async function listRows(desc: ResourceDescription, ctx: Ctx, q: ListQuery) {
  const [start, end] = q.range;
  const [field, order] = q.sort;
  const column = desc.sortColumns?.[field] ?? field;
  const rowsQuery = filtered(desc, ctx, q.filter)
    .select(desc.columns ? desc.columns.map((c) => `${desc.table}.${c}`) : `${desc.table}.*`)
    .orderBy(`${desc.table}.${column}`, order.toLowerCase() as 'asc' | 'desc');
  if (field !== 'id') rowsQuery.orderBy(`${desc.table}.id`, order.toLowerCase() as 'asc' | 'desc');
  rowsQuery.offset(start).limit(end - start + 1);

  const rows = (await rowsQuery) as unknown[];
  // A page that is not full ends the list: its total is known without counting (most searches and a
  // customer's own rows). Only a full page, or an empty one past the start, needs COUNT.
  const pageSize = end - start + 1;
  let total: number;
  if (rows.length < pageSize && (rows.length > 0 || start === 0)) {
    total = start + rows.length;
  } else {
    let countQuery: Knex.QueryBuilder;
    if (desc.countCap) {
      const capped = filtered(desc, ctx, q.filter).select(ctx.db.raw('1')).limit(desc.countCap);
      countQuery = ctx.db.from(capped.as('capped')).count({ count: '*' });
    } else {
      countQuery = filtered(desc, ctx, q.filter).count({ count: '*' });
    }
    const countRows = (await countQuery) as Array<{ count: number | string }>;
    total = Math.max(Number(countRows[0]?.count ?? 0), start + rows.length);
  }
  return { rows: rows.map((r) => desc.toApi(r)), total, start };
}

export function sendList(res: Response, name: string, result: { rows: unknown[]; total: number; start: number }) {
  const last = result.rows.length ? result.start + result.rows.length - 1 : result.start;
  res.set('Content-Range', `${name} ${result.start}-${last}/${result.total}`);
  res.json(result.rows);
}

export async function getRow(desc: ResourceDescription, ctx: Ctx, rawId: unknown) {
  const id = parseId(rawId);
  const qb = ctx.db(desc.table).where(`${desc.table}.id`, id).first();
  desc.scope?.(qb, ctx);
  const row = await qb;
  if (!row) throw notFound();
  return desc.toApi(row);
}

export function parseId(raw: unknown): number {
  const parsed = idParam.safeParse(raw);
  if (!parsed.success) throw badRequest('Ogiltigt id', { id: 'Ska vara ett positivt heltal' });
  return parsed.data;
}

/** `GET /<resource>`: the list, with sort, range, filter and Content-Range. */
export function listRoute(desc: ResourceDescription, access: Access): RouteDef {
  return {
    method: 'get',
    path: `/${desc.name}`,
    access,
    handler: async (req, res, ctx) => sendList(res, desc.name, await listRows(desc, ctx, parseListQuery(desc, req.query))),
  };
}

/** `GET /<resource>/:id`. */
export function getRoute(desc: ResourceDescription, access: Access): RouteDef {
  return {
    method: 'get',
    path: `/${desc.name}/:id`,
    access,
    handler: async (req, _res, ctx) => getRow(desc, ctx, req.params.id),
  };
}

/** Both read routes of a resource. */
export function readRoutes(desc: ResourceDescription, access: Access): RouteDef[] {
  return [listRoute(desc, access), getRoute(desc, access)];
}
