import { z } from 'zod';
import { idParam, instantSchema, versionSchema } from '../core/schemas';
import { rolesFor } from '../domain/permissions';
import { BLOCK_KINDS } from '../domain/values';
import { parseId, readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow, picked, recordSchema } from '../http/validate';
import { type BlockChanges, blocksListing, registerBlock, updateBlock } from '../services/blocks';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((s) => s || null);

/** A block placed on the 24/7 line: for whom, what kind, where (a bureau, the police, or any place typed), the reference. */
const createSchema = z
  .object({
    covered_person_id: idParam,
    kind: z.enum(BLOCK_KINDS),
    placed_with: z.string({ error: 'Ange var spärren lades' }).trim().min(1, 'Ange var spärren lades').max(100),
    reference: optionalText(100),
    placed_at: instantSchema.optional(),
    note: optionalText(1000),
  })
  .strict();

/** Set when the block is registered; sent back with the whole record by react-admin's `update`, never changed. */
const IGNORED = [
  'id',
  'customer_id',
  'covered_person_id',
  'kind',
  'placed_with',
  'placed_at',
  'created_by',
  'created_at',
  'updated_at',
] as const;

/** Text an edit may change: absent is no change, empty is none. */
const editableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((s) => (s === undefined ? undefined : s || null));

/** An edit of an open block's reference or note, or lifting it: `lifted_at` (the client's now) with the `version` seen. */
const updateSchema = recordSchema(
  {
    reference: editableText(100),
    note: editableText(1000),
    lifted_at: instantSchema.nullable().optional(),
    version: versionSchema,
  },
  IGNORED,
);

export const blockRoutes: RouteDef[] = [
  ...readRoutes(blocksListing),
  {
    method: 'post',
    path: '/blocks',
    access: rolesFor('blocks', 'create'),
    status: 201,
    handler: async (req, _res, ctx) => registerBlock(ctx, parseOrThrow(createSchema, req.body)),
  },
  {
    method: 'put',
    path: '/blocks/:id',
    access: rolesFor('blocks', 'edit'),
    handler: async (req, _res, ctx) => {
      const id = parseId(req.params.id);
      const body = parseOrThrow(updateSchema, req.body);
      // An open block sent back whole carries `lifted_at: null`: no change.
      const changes = picked({ ...body, lifted_at: body.lifted_at ?? undefined }, ['reference', 'note', 'lifted_at']) as BlockChanges;
      return updateBlock(ctx, id, body.version, changes);
    },
  },
];
