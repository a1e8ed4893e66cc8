import { z } from 'zod';
import { instantSchema } from '../core/schemas';
import { ALARM_KINDS } from '../domain/values';
import { readRoutes } from '../http/restResource';
import { INGEST_TOKEN, type RouteDef } from '../http/routes';
import { parseOrThrow } from '../http/validate';
import { alarmsListing, receiveAlarm } from '../services/alarms';
import { customerFieldSchemas } from '../services/customerFields';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((s) => s || null);

/** What the monitoring service sends: the person by personnummer (any accepted form), what, who, when. */
function ingestSchema(today: string) {
  return z
    .object({
      personnummer: customerFieldSchemas(today).personnummer,
      kind: z.enum(ALARM_KINDS),
      source: z.string().trim().min(1).max(100),
      counterparty: optionalText(200),
      details: optionalText(1000),
      occurred_at: instantSchema,
    })
    .strict();
}

export const alarmRoutes: RouteDef[] = [
  ...readRoutes(alarmsListing),
  {
    // The monitoring service's endpoint: its bearer token opens it (ALARM_INGEST_TOKEN), no session does.
    // 201 when the alarm was stored, 200 for a repeat of one already received (nothing new stored).
    method: 'post',
    path: '/alarms',
    access: INGEST_TOKEN,
    handler: async (req, res, ctx) => {
      const answer = await receiveAlarm(ctx, parseOrThrow(ingestSchema(ctx.today), req.body));
      res.status(answer.stored ? 201 : 200).json(answer);
    },
  },
];
