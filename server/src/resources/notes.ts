import { z } from 'zod';
import { idParam } from '../core/schemas';
import { rolesFor } from '../domain/permissions';
import { readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { addNote, notesListing } from '../services/notes';

const noteSchema = z
  .object({
    customer_id: idParam,
    body: z.string().trim().min(1, 'Skriv något i anteckningen').max(4000),
  })
  .strict();

export const noteRoutes: RouteDef[] = [
  ...readRoutes(notesListing),
  {
    method: 'post',
    path: '/notes',
    access: rolesFor('notes', 'create'),
    status: 201,
    handler: async (req, _res, ctx) => addNote(ctx, parseOrThrow(noteSchema, req.body)),
  },
];
