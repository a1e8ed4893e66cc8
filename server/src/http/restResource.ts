import type { Request, Response } from 'express';
import { z } from 'zod';
import { badRequest } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam } from '../core/schemas';
import type { TableName } from '../db/tables';
import {
  type AnyResourceDescription,
  filterFor,
  getRow,
  type ListQuery,
  type ListResult,
  listJson,
  MAX_OFFSET,
  MAX_PAGE,
  type ResourceDescription,
} from '../services/listing';
import { refuseUnstorableText } from './validate';
import { type Access, permitted, type RouteDef } from './routes';

/**
 * The HTTP half of the one ra-data-simple-rest list/get: `sort=["field","ASC"]`, `range=[0,24]`,
 * `filter={…}` parsed against the resource's description (anything not whitelisted is a 400),
 * `Content-Range`, getMany through `filter={"id":[…]}`. The queries are the services' (`services/listing.ts`).
 */
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

/** The parts of a description the protocol reads: which fields sort and filter, and how. */
type Whitelist = Pick<AnyResourceDescription, 'sortable' | 'defaultSort' | 'filters'>;

// Built once: a zod schema costs far more to build than to use (it was ≈ 10 % of a search's CPU time).
const sortSchema = z.tuple([z.string(), z.enum(['ASC', 'DESC', 'asc', 'desc'])]);
const rangeSchema = z
  .tuple([z.number().int().min(0).max(10_000_000), z.number().int().min(0).max(10_000_000)])
  .refine(([a, b]) => b >= a && b - a < MAX_PAGE, `Högst ${MAX_PAGE} rader per sida`);

export function parseListQuery(desc: Whitelist, query: Request['query']): ListQuery {
  for (const key of Object.keys(query)) {
    if (!['sort', 'range', 'filter'].includes(key)) throw badRequest('Okänd parameter', { [key]: 'Okänd parameter' });
  }
  const sortRaw = parseJsonParam('sort', query.sort) ?? desc.defaultSort;
  const sortParsed = sortSchema.safeParse(sortRaw);
  if (!sortParsed.success) throw badRequest('Ogiltig sortering', { sort: 'Ska vara ["fält","ASC"|"DESC"]' });
  const [sortField, order] = sortParsed.data;
  if (!desc.sortable.includes(sortField)) {
    throw badRequest('Det går inte att sortera på det fältet', { sort: `Kan inte sortera på ${sortField.slice(0, 40)}` });
  }

  const rangeRaw = parseJsonParam('range', query.range) ?? [0, 24];
  const rangeParsed = rangeSchema.safeParse(rangeRaw);
  if (!rangeParsed.success) throw badRequest('Ogiltigt intervall', { range: 'Ska vara [första, sista], högst 500 rader' });
  // A deep offset makes the database read and throw away every row before it (~0.8 s at 10 million, and
  // 30 of them starved everyone else): nobody pages that far by hand, a narrower search finds it.
  if (rangeParsed.data[0] >= MAX_OFFSET) {
    throw badRequest(`Det går bara att bläddra bland de första ${MAX_OFFSET.toLocaleString('sv-SE')} raderna`, {
      range: `Högst ${MAX_OFFSET.toLocaleString('sv-SE')} rader in i listan: förfina sökningen eller filtret i stället`,
    });
  }

  const filterRaw = parseJsonParam('filter', query.filter) ?? {};
  if (typeof filterRaw !== 'object' || filterRaw === null || Array.isArray(filterRaw)) {
    throw badRequest('Ogiltigt filter', { filter: 'Ska vara ett JSON-objekt' });
  }
  const filter: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(filterRaw)) {
    const spec = filterFor(desc, field);
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

// `Content-Range: customers 0-24/1234`; a page with no rows (past the end, or an empty list) has no
// first and last row to name, so it is `customers */1234`, as RFC 7233 writes an unsatisfiable range.
// ra-data-simple-rest reads only the total after the slash, so both forms work for it.
export function contentRange(name: string, result: Pick<ListResult<unknown>, 'start' | 'total'> & { count: number }): string {
  if (result.count === 0) return `${name} */${result.total}`;
  return `${name} ${result.start}-${result.start + result.count - 1}/${result.total}`;
}

/**
 * Sends JSON text as the answer: what Express's `res.json` sends for API answers (no ETag, which is off, and
 * no freshness check, as they carry no validators), without its per-answer content-type parsing and formatting.
 * A HEAD request gets the headers alone (Node leaves the body out).
 */
export function sendJsonText(res: Response, status: number, json: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

export function sendList(res: Response, name: string, result: ListResult<unknown>) {
  res.setHeader('Content-Range', contentRange(name, { start: result.start, total: result.total, count: result.rows.length }));
  sendJsonText(res, 200, JSON.stringify(result.rows));
}

export function parseId(raw: unknown): number {
  const parsed = idParam.safeParse(raw);
  if (!parsed.success) throw badRequest('Ogiltigt id', { id: 'Ska vara ett positivt heltal' });
  return parsed.data;
}

/** The list's answer for a request: parse, query, answer with Content-Range (the page's JSON as the query wrote it). */
export async function answerList<T extends TableName, Api>(desc: ResourceDescription<T, Api>, req: Request, res: Response, ctx: Ctx) {
  const page = await listJson(desc, ctx, parseListQuery(desc, req.query));
  res.setHeader('Content-Range', contentRange(desc.name, page));
  sendJsonText(res, 200, page.json);
}

/** `GET /<resource>`: the list, with sort, range, filter and Content-Range. */
export function listRoute<T extends TableName, Api>(desc: ResourceDescription<T, Api>, access: Access): RouteDef {
  return {
    method: 'get',
    path: `/${desc.name}`,
    access,
    handler: (req, res, ctx) => answerList(desc, req, res, ctx),
  };
}

/** `GET /<resource>/:id`. */
export function getRoute<T extends TableName, Api>(desc: ResourceDescription<T, Api>, access: Access): RouteDef {
  return {
    method: 'get',
    path: `/${desc.name}/:id`,
    access,
    handler: async (req, _res, ctx) => getRow(desc, ctx, parseId(req.params.id)),
  };
}

/** Both read routes of a resource, open to the roles PERMISSIONS gives its `list` and `show`. */
export function readRoutes<T extends TableName, Api>(desc: ResourceDescription<T, Api>): RouteDef[] {
  return [listRoute(desc, permitted(desc.name, 'list')), getRoute(desc, permitted(desc.name, 'show'))];
}
